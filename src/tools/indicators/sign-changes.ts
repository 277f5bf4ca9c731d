/**
 * Where a difference line changes sign (a crossover). Zeros and nulls never count as a side: a line that touches
 * and turns back is not a cross, and a cross through an exact zero is dated at the first bar on the new side.
 */
export type SignChange = { index: number; sign: 1 | -1 };

/** Crossings at indices ≥ `from`; the side before `from` is still tracked so a cross on bar `from` is found. */
export function signChanges(diff: readonly (number | null)[], from = 0): SignChange[] {
  const out: SignChange[] = [];
  let side: 0 | 1 | -1 = 0;
  for (let i = 0; i < diff.length; i++) {
    const value = diff[i];
    if (value === null || value === 0) continue;
    const sign = value > 0 ? 1 : -1;
    if (side !== 0 && sign !== side && i >= from) out.push({ index: i, sign });
    side = sign;
  }
  return out;
}

/** a[i] − b[i] where both are defined, else null. */
export function difference(a: readonly (number | null)[], b: readonly (number | null)[]): (number | null)[] {
  return a.map((value, i) => (value === null || b[i] === null ? null : value - (b[i] as number)));
}
