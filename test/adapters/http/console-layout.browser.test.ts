// The console as a person sees it, in Chromium at 1440, 1024 and 390 px wide (screenshots in test/output/, looked
// at as well as asserted): the empty state teaches; the answer and the chart come first, above the fold at 1280×800;
// "How this was answered" is open while the run works and folded when done; nothing scrolls sideways at 390 px and
// the Ask button stays reachable; figures are right-aligned and unwrapped; copy, 👍 (stored with the run), the chart
// lightbox and its download work; Enter asks and Shift+Enter adds a line; a decline reads as an answer; a failure
// offers Retry; and no page logs an error.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from './helpers/app-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT = path.resolve('test/output');
const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

let browser: Browser;
let server: Awaited<ReturnType<typeof startAppServer>>;
const problems: string[] = [];

async function newPage(width: number, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${width}px pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${width}px console: ${message.text()}`);
  });
  return page;
}

/** Asks through the form with the Enter key, as a person would, and waits for the run to end. */
async function askWithEnter(page: Page, question: string): Promise<string> {
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
  await page.waitForSelector('#run:not([hidden])');
  await page.waitForSelector('#run-status.status-completed, #run-status.status-failed, #run-status.status-cancelled', { timeout: 40_000 });
  return new URL(page.url()).hash.replace('#run=', '');
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-system-deps.sh (installs Debian's chromium)`);
  server = await startAppServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  await mkdir(OUTPUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('web console layout and answer tools (chromium)', () => {
  let runId = '';

  it('teaches on an empty page: kinds of question, clickable examples, the data source and as-of date', async () => {
    for (const width of [1440, 390]) {
      const page = await newPage(width);
      await page.goto(server.url);
      await expect.poll(() => page.textContent('#about-data')).toContain('2026-05-15');
      expect(await page.textContent('#about-data')).toContain('offline dataset');
      expect(await page.textContent('#about-data')).toContain('FINNHUB_API_KEY');
      expect(await page.$$eval('#examples .example', (b) => b.length)).toBeGreaterThanOrEqual(3);
      expect(await page.isVisible('#welcome')).toBe(true);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(OUTPUT, `console-empty-${width}.png`), fullPage: true });
      await page.context().close();
    }
  }, 60_000);

  it('Shift+Enter adds a line; Enter asks; the run shows its workings while running and folds them when done', async () => {
    const page = await newPage(1280, 800);
    await page.goto(server.url);
    await page.fill('#question', 'first line');
    await page.press('#question', 'Shift+Enter');
    await page.type('#question', 'second line');
    expect(await page.inputValue('#question')).toBe('first line\nsecond line');
    expect(await page.isHidden('#run')).toBe(true); // nothing was asked

    await page.fill('#question', SEED);
    await page.press('#question', 'Enter');
    await page.waitForSelector('#how[open]', { timeout: 15_000 }); // open while the run works
    await page.waitForSelector('#run-status.status-completed', { timeout: 40_000 });
    runId = new URL(page.url()).hash.replace('#run=', '');
    expect(runId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await page.$eval('#how', (d) => (d as HTMLDetailsElement).open)).toBe(false); // folded when done
    expect(await page.$$eval('#plan-graph g.node', (n) => n.length)).toBeGreaterThan(0);

    // Above the fold at 1280×800: the answer starts on screen, and so does the chart.
    await page.waitForSelector('#charts img[data-loaded="true"]', { timeout: 20_000 });
    const answerBox = await page.locator('#answer').boundingBox();
    const chartBox = await page.locator('#charts img').first().boundingBox();
    expect(answerBox).not.toBeNull();
    expect(answerBox!.y + 60).toBeLessThan(800);
    expect(chartBox!.y).toBeLessThan(800);
    expect(await page.isVisible('#welcome')).toBe(false);
    await page.screenshot({ path: path.join(OUTPUT, 'console-1280x800-fold.png') });
    await page.context().close();
  }, 90_000);

  it('at 1440, 1024 and 390 px: no sideways scroll, Ask reachable, figures right-aligned and unwrapped, the plan graph fits', async () => {
    expect(runId).not.toBe('');
    for (const width of [1440, 1024, 390]) {
      const page = await newPage(width);
      await page.goto(`${server.url}/#run=${runId}`);
      await page.waitForSelector('#run-status.status-completed');
      await page.waitForSelector('#charts img[data-loaded="true"]', { timeout: 20_000 });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const ask = await page.locator('#ask-button').boundingBox();
      expect(ask!.x).toBeGreaterThanOrEqual(0);
      expect(ask!.x + ask!.width).toBeLessThanOrEqual(width);
      const cells = await page.$$eval('#answer td.align-right', (tds) => tds.map((td) => [getComputedStyle(td).textAlign, getComputedStyle(td).whiteSpace]));
      expect(cells.length).toBeGreaterThan(0);
      for (const [align, space] of cells) expect([align, space]).toEqual(['right', 'nowrap']);
      // The workings, opened: the plan graph is no wider than its box.
      await page.click('#how > summary');
      const fits = await page.$eval('#plan-graph', (svg) => svg.getBoundingClientRect().width <= (svg.parentElement as HTMLElement).clientWidth + 1);
      expect(fits).toBe(true);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(OUTPUT, `console-${width}.png`), fullPage: true });
      await page.context().close();
    }
  }, 120_000);

  it('copies the answer, stores 👍 with the run, opens the chart full size with a download', async () => {
    const page = await newPage(1440);
    await page.goto(`${server.url}/#run=${runId}`);
    await page.waitForSelector('#run-status.status-completed');
    const snapshot = await (await fetch(`${server.url}/api/runs/${runId}`)).json();

    await page.click('#copy-answer');
    await expect.poll(() => page.textContent('#copy-answer')).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snapshot.answer);

    await page.click('#feedback-up');
    await page.waitForSelector('#feedback-up[aria-pressed="true"]');
    const stored = await (await fetch(`${server.url}/api/runs/${runId}/feedback`)).json();
    expect(stored.feedback.map((f: { rating: string; platform: string }) => [f.rating, f.platform])).toEqual([['positive', 'http']]);
    const file = readFileSync(path.join(server.dataDir, 'runs', runId, 'feedback.jsonl'), 'utf8');
    expect(file).toContain('"rating":"positive"');
    expect(await page.isDisabled('#feedback-down')).toBe(true); // one rating per view

    await page.waitForSelector('#charts img[data-loaded="true"]', { timeout: 20_000 });
    await page.click('#charts img');
    await page.waitForSelector('#lightbox[open]');
    const natural = await page.$eval('#lightbox-img', (img) => (img as HTMLImageElement).naturalWidth);
    expect(natural).toBeGreaterThan(1000);
    expect(await page.getAttribute('#lightbox-download', 'href')).toMatch(/^blob:/);
    expect(await page.getAttribute('#lightbox-download', 'download')).toMatch(/\.png$/);
    await page.screenshot({ path: path.join(OUTPUT, 'console-lightbox-1440.png') });
    await page.click('#lightbox-close');
    await expect.poll(() => page.$eval('#lightbox', (d) => (d as HTMLDialogElement).open)).toBe(false);
    await page.context().close();
  }, 60_000);

  it('a question it cannot answer reads as an answer (no red error, no Retry)', async () => {
    const page = await newPage(390);
    await page.goto(server.url);
    await askWithEnter(page, "what's the weather in Paris tomorrow?");
    expect(await page.getAttribute('#run-status', 'class')).toContain('status-declined');
    expect(await page.isHidden('#run-error')).toBe(true);
    expect(await page.isHidden('#retry-button')).toBe(true);
    expect(await page.textContent('#answer')).toContain("couldn't find a stock symbol");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(OUTPUT, 'console-decline-390.png'), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('a failed run offers Retry, which asks the same question again', async () => {
    const failing = await startAppServer({ MARKETDESK_FAULTS: 'get_bars=fatal' });
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`retry pageerror: ${error.message}`));
    try {
      await page.goto(failing.url);
      await page.fill('#question', 'AAPL vs MSFT YTD');
      await page.click('#ask-button');
      await page.waitForSelector('#run-status.status-failed', { timeout: 40_000 });
      const first = new URL(page.url()).hash;
      expect(await page.isVisible('#run-error')).toBe(true);
      await page.click('#retry-button');
      await expect.poll(() => new URL(page.url()).hash, { timeout: 15_000 }).not.toBe(first);
      await expect.poll(() => page.textContent('#run-question')).toBe('AAPL vs MSFT YTD');
      await page.screenshot({ path: path.join(OUTPUT, 'console-failed-1024.png'), fullPage: true });
    } finally {
      await context.close();
      await failing.close();
    }
  }, 90_000);

  it('no page logged an error', () => {
    expect(problems).toEqual([]);
  });
});
