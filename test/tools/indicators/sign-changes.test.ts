import { describe, expect, it } from 'vitest';
import { difference, signChanges } from '../../../src/tools/indicators/sign-changes.js';

describe('signChanges', () => {
  it('finds crossings and dates a cross through zero at the first bar on the new side', () => {
    expect(signChanges([-2, -1, 1, 2, -1])).toEqual([
      { index: 2, sign: 1 },
      { index: 4, sign: -1 },
    ]);
    expect(signChanges([-1, 0, 0, 1])).toEqual([{ index: 3, sign: 1 }]);
  });

  it('does not count a touch that turns back, nor warm-up nulls', () => {
    expect(signChanges([1, 0, 1, null, 2])).toEqual([]);
    expect(signChanges([null, null, -1, 1])).toEqual([{ index: 3, sign: 1 }]);
  });

  it('tracks the side before `from` but reports only crossings from it on', () => {
    expect(signChanges([-1, 1, -1, 1], 2)).toEqual([
      { index: 2, sign: -1 },
      { index: 3, sign: 1 },
    ]);
  });

  it('difference is null where either line is', () => {
    expect(difference([1, null, 3], [0.5, 1, null])).toEqual([0.5, null, null]);
  });
});
