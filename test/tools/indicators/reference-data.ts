/**
 * Published reference values for the indicator tests.
 *
 * STOCKCHARTS_*: StockCharts ChartSchool worked examples ("Moving Averages - Simple and Exponential",
 * spreadsheet cs-movavg; "Relative Strength Index", cs-rsi, QQQQ Dec 2009–Feb 2010; "Bollinger Bands",
 * cs-bollinger). Their tables print 2 decimals, and the EMA sheet uses the rounded multiplier 0.1818, so
 * comparisons allow ±0.01.
 *
 * TALIB_NVDA_*: TA-Lib 0.4 C code (the WebAssembly build published on npm as `talib-web`), run on the closes of
 * data/market/NVDA.csv with default compatibility; indices are rows of that file (0 = 2019-05-16).
 */
export const STOCKCHARTS_MA_CLOSES = [
  22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63,
  23.82, 23.87, 23.65, 23.19, 23.1, 23.33, 22.68, 23.1, 22.4, 22.17,
];
/** 10-day SMA from index 9 (first 18 closes). */
export const STOCKCHARTS_SMA10 = [22.22, 22.21, 22.23, 22.26, 22.31, 22.42, 22.61, 22.77, 22.91];
/** 10-day EMA from index 9. */
export const STOCKCHARTS_EMA10 = [
  22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.8, 22.97, 23.13, 23.28, 23.34, 23.43, 23.51, 23.54, 23.47, 23.4, 23.39, 23.26, 23.23, 23.08, 22.92,
];

export const STOCKCHARTS_RSI_CLOSES = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.614, 46.282, 46.282, 46.0028,
  46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628,
  43.1314,
];
/** 14-day RSI from index 14. */
export const STOCKCHARTS_RSI14 = [
  70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3, 33.08, 37.77,
];

export const STOCKCHARTS_BB_CLOSES = [
  86.16, 89.09, 88.78, 90.32, 89.07, 91.15, 89.44, 89.18, 86.93, 87.68, 86.96, 89.43, 89.32, 88.72, 87.45, 87.26, 89.5, 87.9, 89.13, 90.7, 92.9,
  92.98, 91.8, 92.66, 92.68, 92.3, 92.77, 92.54, 92.95, 93.2, 91.07, 89.83, 89.74, 90.4, 90.74, 88.02, 88.09, 88.84, 90.78, 90.54, 91.39, 90.65,
];
/** Bollinger 20/2 from index 19. */
export const STOCKCHARTS_BB_MIDDLE = [
  88.71, 89.05, 89.24, 89.39, 89.51, 89.69, 89.75, 89.91, 90.08, 90.38, 90.66, 90.86, 90.88, 90.9, 90.99, 91.15, 91.19, 91.12, 91.17, 91.25, 91.24,
  91.17, 91.05,
];
export const STOCKCHARTS_BB_UPPER = [
  91.29, 91.95, 92.61, 92.93, 93.31, 93.73, 93.9, 94.26, 94.56, 94.79, 95.04, 94.91, 94.9, 94.89, 94.86, 94.67, 94.55, 94.68, 94.57, 94.53, 94.53,
  94.37, 94.15,
];
export const STOCKCHARTS_BB_LOWER = [
  86.12, 86.14, 85.87, 85.85, 85.7, 85.65, 85.59, 85.56, 85.6, 85.98, 86.27, 86.82, 86.87, 86.91, 87.12, 87.63, 87.83, 87.56, 87.76, 87.97, 87.95,
  87.96, 87.95,
];

/** [index, macd, signal, histogram] for MACD 12/26/9. */
export const TALIB_NVDA_MACD: [number, number, number, number][] = [
  [33, 0.11626227698266112, 0.07689101190276754, 0.03937126507989358],
  [34, 0.11171820366188578, 0.08385645025459118, 0.027861753407294604],
  [100, 0.053881122888540744, 0.05441826641517403, -0.0005371435266332825],
  [1000, 0.5810758364719106, 0.5770605723210454, 0.004015264150865283],
  [1759, 9.334578845414228, 7.48751430714117, 1.8470645382730577],
];
export const TALIB_NVDA_RSI14 = { 14: 32.34331955922866, 1759: 64.66333394865516 } as const;
export const TALIB_NVDA_EMA20 = { 19: 3.6592800000000003, 1759: 211.17826219888133 } as const;
export const TALIB_NVDA_SMA200_LAST = 185.97254999999979;
