import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { DEJAVU_SANS_BOLD, DEJAVU_SANS_REGULAR } from '../../../src/render/charts/dejavu-sans-metrics.js';
import { installTextMetrics, measureText } from '../../../src/render/charts/text-metrics.js';
import { readAdvances } from '../../../src/render/charts/ttf-advances.js';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';

describe('text metrics', () => {
  it('the shipped advance table matches the installed DejaVu Sans (the font librsvg renders with)', () => {
    // scripts/install-system-deps.sh installs fonts-dejavu-core in CI; a mismatch means the table must be regenerated.
    expect(readAdvances(readFileSync(`${FONT_DIR}/DejaVuSans.ttf`))).toEqual(DEJAVU_SANS_REGULAR);
    expect(readAdvances(readFileSync(`${FONT_DIR}/DejaVuSans-Bold.ttf`))).toEqual(DEJAVU_SANS_BOLD);
    expect(DEJAVU_SANS_REGULAR.family).toBe('DejaVu Sans');
  });

  it('measures with real advances: "W" is wider than "i", bold is wider than regular', () => {
    expect(measureText('0', { size: 10 })).toBeCloseTo(6.362, 3);
    expect(measureText('WWWW', { size: 14 })).toBeGreaterThan(3 * measureText('iiii', { size: 14 }));
    expect(measureText('SMA50 182.40', { size: 14, bold: true })).toBeGreaterThan(measureText('SMA50 182.40', { size: 14 }));
    expect(measureText('', { size: 14 })).toBe(0);
  });

  it('replaces vega’s 0.8 × length estimate', () => {
    installTextMetrics();
    const metrics = (vega as unknown as { textMetrics: { width: (item: object, text: string) => number } }).textMetrics;
    const item = { fontSize: 20, fontWeight: 'bold' };
    expect(metrics.width(item, 'iiii')).toBeCloseTo(measureText('iiii', { size: 20, bold: true }), 6);
    expect(metrics.width(item, 'iiii')).not.toBeCloseTo(0.8 * 4 * 20, 0);
  });
});
