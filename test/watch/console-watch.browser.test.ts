// The console's watch panel in a real browser (Debian's chromium via playwright-core) against the real stack:
// a command sent from the panel changes the channel's watchlist, `/digest now` opens the digest run (completed,
// with its chart), and an alert's Delete button removes it — all through /api/watch with the console's auth path.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from '../adapters/http/helpers/app-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let server: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-system-deps.sh (installs Debian's chromium)`);
  server = await startAppServer({ WATCH_TICK_MS: '0' });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('console watch panel (chromium)', () => {
  it('manages a channel from the panel, opens its digest run, deletes an alert', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.goto(server.url);
    await page.waitForSelector('#watch .watch-form');
    expect(await page.textContent('#watch')).toContain('No watchlists yet.');

    const send = async (command: string, text: string) => {
      await page.fill('#watch input[name=channel]', 'desk');
      await page.selectOption('#watch select[name=command]', command);
      await page.fill('#watch input[name=text]', text);
      await page.click('#watch .watch-form button[type=submit]');
    };
    await send('watch', 'add NVDA AMD');
    await page.waitForSelector('#watch .watch-channel[data-channel="http::desk"]');
    await expect.poll(() => page.textContent('#watch .watch-channel .watch-symbols')).toBe('NVDA, AMD');

    await send('digest', 'now');
    await page.waitForSelector('#run-status.status-completed', { timeout: 30_000 });
    expect(await page.textContent('#run-question')).toMatch(/^Watchlist digest for \d{4}-\d{2}-\d{2}: NVDA, AMD$/);
    expect(await page.textContent('#answer')).toContain('Leader:');
    await page.waitForSelector('#charts img[data-loaded="true"]', { timeout: 15_000 });

    await send('alert', 'NVDA above 900');
    await page.waitForSelector('#watch .watch-alert');
    expect(await page.textContent('#watch .watch-alert')).toContain('NVDA above 900 · by api · fired 0×');
    await page.click('#watch .watch-alert button');
    await expect.poll(() => page.$$eval('#watch .watch-alert', (rows) => rows.length)).toBe(0);
    expect(problems).toEqual([]);
  }, 90_000);
});
