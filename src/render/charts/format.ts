/** Number formatting shared by chart text, alt text and key numbers (fixed en-US, never the server locale). */
const fmt = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const two = fmt(2);
const one = fmt(1);

export function formatPrice(value: number): string {
  return two.format(value);
}

/**
 * "+23.3%", "−4.7%", "+1,482.0%": one decimal, as the answer prints it (the chart and the text it comes with must
 * agree to the digit), a real minus sign, no sign on a figure that rounds to zero, thousands grouped.
 */
export function formatPct(value: number): string {
  return `${signOf(value)}${one.format(Math.abs(Math.round(value * 10) / 10))}%`;
}

/** "+5.2 pp": a spread between two returns, same convention as formatPct. */
export function formatPp(value: number): string {
  return `${signOf(value)}${one.format(Math.abs(Math.round(value * 10) / 10))} pp`;
}

function signOf(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return rounded > 0 ? '+' : rounded < 0 ? '\u2212' : '';
}

export function formatOne(value: number): string {
  return one.format(value);
}

/** 212300000 → "212.3M" */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  const [div, unit] = abs >= 1e12 ? [1e12, 'T'] : abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'K'] : [1, ''];
  return `${one.format(value / div)}${unit}`;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
