/**
 * Text every chart kind shares: a subtitle that fits the canvas (items that do not fit are dropped whole and counted,
 * never cut mid-figure), the source / as-of footer, and a colour that stays with a ticker from chart to chart.
 */
import { PAD } from './chart-layout.js';
import type { ChartSize } from './chart-size.js';
import { COLORS, FONT_PX } from './chart-theme.js';
import { measureText } from './text-metrics.js';

/** SVG collapses runs of spaces; no-break spaces keep the items visibly apart. */
export const SEP = '\u00a0\u00a0\u00b7\u00a0\u00a0';

/** Joins `parts` with SEP, dropping trailing parts (and saying how many) until the line fits the canvas width. */
export function fitSubtitle(parts: readonly string[], size: ChartSize): string {
  const room = size.width - PAD.left - PAD.right - 4;
  const width = (text: string) => measureText(text, { size: FONT_PX.subtitle });
  for (let n = parts.length; n > 0; n--) {
    const dropped = parts.length - n;
    const text = parts.slice(0, n).join(SEP) + (dropped > 0 ? `${SEP}+${dropped} more` : '');
    if (width(text) <= room) return text;
  }
  return parts[0] ?? '';
}

/** "Source: offline dataset · as of 2026-05-15": forwarded on its own, the image still says where it comes from. */
export function footerText(source: string, asOf: string): string {
  // Live sources name their own as-of ("offline dataset, as of …"); say it once.
  const dated = /\bas of\b/i.test(source) ? source : `${source}, data as of ${asOf}`;
  return `Source: ${dated}${SEP}marketdesk`;
}

/**
 * A ticker's line colour: picked by a hash of the symbol, so MSFT is the same colour in every chart of a thread.
 * Two tickers of one chart that hash alike take the next free colour (in the order given, so still deterministic).
 */
export function tickerColors(symbols: readonly string[]): Map<string, string> {
  const palette = COLORS.series;
  const used = new Set<number>();
  const out = new Map<string, string>();
  for (const symbol of symbols) {
    let k = hash(symbol) % palette.length;
    for (let probe = 0; probe < palette.length && used.has(k); probe++) k = (k + 1) % palette.length;
    used.add(k);
    out.set(symbol, palette[k]);
  }
  return out;
}

/** FNV-1a: small, stable across processes and versions (unlike anything keyed on insertion order). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
