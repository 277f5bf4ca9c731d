// The web console in a real browser: Debian's chromium driven by playwright-core against the real stack
// (createApp offline + store + HTTP server). Ask → plan appears → steps complete → answer and chart visible;
// reopen the run from the recent list; a screenshot of the finished run goes to test/output/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from './helpers/app-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT = path.resolve('test/output');

let browser: Browser;
let server: Awaited<ReturnType<typeof startAppServer>>;

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

describe('web console (chromium)', () => {
  it('asks, shows the plan and live steps, then the answer and the chart; reopens the run', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    await page.goto(server.url);
    const question = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';
    await page.fill('#question', question);
    await page.click('#ask-button');

    // The plan appears as a graph of steps.
    await page.waitForSelector('#plan-graph g.node', { timeout: 15_000 });
    await expect.poll(() => page.textContent('#run-question')).toBe(question);

    // The run completes: every step ends, the answer and the chart are shown.
    await page.waitForSelector('#run-status.status-completed', { timeout: 30_000 });
    const runId = new URL(page.url()).hash.replace('#run=', '');
    const snapshot = await (await fetch(`${server.url}/api/runs/${runId}`)).json();
    expect(snapshot.status).toBe('completed');

    const nodes = await page.$$eval('#plan-graph g.node', (els) => els.map((e) => [e.getAttribute('data-step'), e.getAttribute('data-status')]));
    expect(nodes).toEqual(snapshot.steps.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(nodes.every(([, status]) => status !== 'running' && status !== 'pending')).toBe(true);
    expect(await page.$$eval('#timeline .tl-row', (rows) => rows.length)).toBe(snapshot.steps.length);

    const answer = (await page.textContent('#answer')) ?? '';
    expect(answer).toContain('NVDA');
    // Every figure of the server's answer is on the page (rendered from the stream, markdown stripped).
    const figures: string[] = snapshot.answer.match(/[-+]?\d+(?:[.,]\d+)*%?/g) ?? [];
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) expect(answer).toContain(figure);
    if (server.app.registry.names().includes('render_chart')) {
      expect(snapshot.artifacts.length, 'the NVDA vs sector question draws a chart').toBeGreaterThan(0);
      await page.waitForSelector('#charts img[data-loaded="true"]', { timeout: 15_000 });
      const size = await page.$eval('#charts img', (img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
      expect(size[0]).toBeGreaterThan(100);
      expect(size[1]).toBeGreaterThan(100);
      expect(await page.getAttribute('#charts img', 'alt')).toBe(snapshot.artifacts[0].alt);
    } else {
      // Without a chart tool in the registry the console says so instead of waiting forever.
      expect(snapshot.artifacts).toEqual([]);
      expect(await page.textContent('#charts-empty')).toBe('This run produced no chart.');
    }
    await page.screenshot({ path: path.join(OUTPUT, 'console-run.png'), fullPage: true });

    // Plan vs execution, side by side.
    expect(await page.$$eval('#compare .col', (cols) => cols.length)).toBe(2);
    expect(await page.$$eval('#compare .col:first-child li', (items) => items.length)).toBe(snapshot.plannedSteps.length);

    // Reopen from the recent runs list in a fresh page (snapshot + replay only).
    const again = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    again.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await again.goto(server.url);
    await again.click(`#recent-list button[data-run="${runId}"]`);
    await again.waitForSelector('#run-status.status-completed');
    expect(await again.textContent('#run-question')).toBe(question);
    expect(await again.$$eval('#plan-graph g.node', (els) => els.length)).toBe(snapshot.steps.length);
    if (snapshot.artifacts.length > 0) await again.waitForSelector('#charts img[data-loaded="true"]');
    await again.close();
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows a hostile question as text, never as markup', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(server.url);
    await page.fill('#question', '<img src=x onerror="alert(1)"> how is <b>AAPL</b>?');
    await page.click('#ask-button');
    await page.waitForSelector('#run-status.status-completed, #run-status.status-failed', { timeout: 30_000 });
    expect(await page.textContent('#run-question')).toBe('<img src=x onerror="alert(1)"> how is <b>AAPL</b>?');
    expect(await page.$$('#run-question img, #run-question b, #answer img')).toHaveLength(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('asks for the API token when the server requires one, then works with it', async () => {
    const guarded = await startAppServer({ API_TOKEN: 'console-token-123' });
    const page = await browser.newPage();
    try {
      await page.goto(guarded.url);
      await page.waitForSelector('#token-form:not([hidden])');
      await page.fill('#token-input', 'console-token-123');
      await page.click('#token-form button');
      await page.fill('#question', 'AAPL vs MSFT YTD');
      await page.click('#ask-button');
      await page.waitForSelector('#run-status.status-completed, #run-status.status-failed', { timeout: 30_000 });
      expect(await page.textContent('#run-status')).toBe('completed');
      expect(await page.$$eval('#recent-list button', (b) => b.length)).toBeGreaterThan(0);
      // The token never appears in a URL.
      expect(page.url()).not.toContain('console-token-123');
    } finally {
      await page.close();
      await guarded.close();
    }
  });
});
