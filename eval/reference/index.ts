export { loadSeries, hasSeries, parseSeries, REFERENCE_DATA_DIR, type Series } from './csv.js';
export * from './math.js';
export * from './figure-spec.js';
export { computeFigure, resolveAnchor, windowPath, monthSpan, YEAR_SESSIONS, type FigureContext, type FigureValue, type WindowPath } from './figures.js';
