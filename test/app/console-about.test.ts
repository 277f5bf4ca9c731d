// What GET /api/about tells the console's empty state: the offline dataset's symbols and as-of date, and — with live
// keys — only that they are set, never a key.
import { describe, expect, it } from 'vitest';
import { consoleAbout } from '../../src/app/console-about.js';
import { loadConfig } from '../../src/config.js';

describe('consoleAbout', () => {
  it('offline: the dataset, its ticker symbols (no non-price rows) and its as-of date', () => {
    const about = consoleAbout(loadConfig({ DATA_DIR: '/tmp/unused' }));
    expect(about.source).toBe('offline dataset');
    expect(about.asOf).toBe('2026-05-15');
    expect(about.symbols).toContain('NVDA');
    expect(about.symbols).toContain('^SOX');
    expect(about.symbols.length).toBe(19);
    expect(about.live).toEqual({ on: false, finnhub: false, tiingo: false, alpaca: false });
  });

  it('live: says which keys are set and never carries one', () => {
    const about = consoleAbout(loadConfig({ DATA_DIR: '/tmp/unused', FINNHUB_API_KEY: 'fh-secret-123', TIINGO_API_KEY: 'tg-secret-456' }));
    expect(about.live).toEqual({ on: true, finnhub: true, tiingo: true, alpaca: false });
    expect(about.asOf).toBeNull();
    expect(JSON.stringify(about)).not.toMatch(/secret/);
  });
});
