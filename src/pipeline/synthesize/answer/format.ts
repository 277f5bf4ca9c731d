/**
 * How the builtin writer prints figures: percents with one decimal and a real minus sign, spreads in percentage
 * points, prices with two decimals (thousands separated). One convention for every sentence, table and note.
 */

/** "+23.3%", "−4.7%", "0.0%"; `signed: false` drops the sign ("23.3%"). */
export function pct(value: number, signed = true): string {
  const rounded = Math.round(value * 10) / 10;
  const sign = !signed ? '' : rounded > 0 ? '+' : rounded < 0 ? '\u2212' : '';
  return `${sign}${Math.abs(rounded).toFixed(1)}%`;
}

/** "13.2 points" of difference between two returns (always positive; the sentence says which way). */
export function points(value: number): string {
  const v = Math.abs(Math.round(value * 10) / 10).toFixed(1);
  return `${v} ${v === '1.0' ? 'point' : 'points'}`;
}

/** "+1.3 pp" for table cells. */
export function pp(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '\u2212' : ''}${Math.abs(rounded).toFixed(1)} pp`;
}

export function money(value: number): string {
  return Math.abs(value) >= 1000 ? value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 }) : value.toFixed(2);
}

/** Two decimals for ratios (beta, correlation). */
export function ratio(value: number): string {
  return value.toFixed(2);
}

export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** "AAPL, MSFT and NVDA". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
