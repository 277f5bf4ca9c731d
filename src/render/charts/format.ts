/** Number formatting shared by chart text, alt text and key numbers (fixed en-US, never the server locale). */
const fmt = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const two = fmt(2);
const one = fmt(1);

export function formatPrice(value: number): string {
  return two.format(value);
}

export function formatPct(value: number, digits = 2): string {
  return `${value >= 0 ? '+' : '\u2212'}${fmt(digits).format(Math.abs(value))}%`;
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
