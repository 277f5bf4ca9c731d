/**
 * Output sizes. Chat: ~1400×900 logical px at density 2 (crisp on retina screens). Vision: 1456×816 at density 1,
 * inside the 1568-px long edge / ~1.15 MP that vision models take without downscaling, so 13-px text stays 13 px.
 */
export type ChartSizeName = 'chat' | 'vision';
export type ChartSize = { readonly name: ChartSizeName; readonly width: number; readonly height: number; readonly density: number };

export const CHART_SIZES: Readonly<Record<ChartSizeName, ChartSize>> = {
  chat: { name: 'chat', width: 1400, height: 900, density: 2 },
  vision: { name: 'vision', width: 1456, height: 816, density: 1 },
};

/** Smallest text on any chart, in logical px (≥ 13 px at the size the model sees). */
export const MIN_FONT_PX = 13;
