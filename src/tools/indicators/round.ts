/** Figures shown to people are rounded once, here, so every surface prints the same digits. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Prices and MACD values: four decimals keep small-priced symbols and small MACD readings meaningful. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
