/**
 * The answer's conversational buttons (issue 18): suggested next questions (`md:next:<runId>:<i>`) and chart
 * controls (`md:chart:<runId>:<chart index>:<window|->:<benchmark|->`). A custom_id carries all the state a click
 * needs (1–100 characters, unique on its message), so any process that reaches the run API can serve it.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import { CHART_WINDOWS, type ChartWindow, type FollowUpSuggestion } from '../../pipeline/index.js';

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SYMBOL = /^\^?[A-Z0-9.-]{1,12}$/;

type Row = APIActionRowComponent<APIButtonComponentWithCustomId>;

export type ChartButton = { runId: string; chart: number; window?: ChartWindow; benchmark?: string };
export type ChatButton = { kind: 'next'; runId: string; index: number } | ({ kind: 'chart' } & ChartButton);

export function parseChatButtonId(customId: string): ChatButton | undefined {
  const parts = customId.split(':');
  if (parts[0] !== 'md' || !parts[2] || !RUN_ID.test(parts[2])) return undefined;
  if (parts[1] === 'next' && parts.length === 4 && /^[0-3]$/.test(parts[3])) return { kind: 'next', runId: parts[2], index: Number(parts[3]) };
  if (parts[1] !== 'chart' || parts.length !== 6 || !/^\d{1,2}$/.test(parts[3])) return undefined;
  const [, , runId, chart, window, benchmark] = parts;
  if (window !== '-' && !(CHART_WINDOWS as readonly string[]).includes(window)) return undefined;
  if (benchmark !== '-' && !SYMBOL.test(benchmark)) return undefined;
  return { kind: 'chart', runId, chart: Number(chart), ...(window !== '-' ? { window: window as ChartWindow } : {}), ...(benchmark !== '-' ? { benchmark } : {}) };
}

export function suggestionRow(runId: string, suggestions: readonly FollowUpSuggestion[]): Row | undefined {
  if (suggestions.length === 0) return undefined;
  return {
    type: ComponentType.ActionRow,
    components: suggestions.slice(0, 4).map((s, i) => ({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: s.label.slice(0, 80), custom_id: `md:next:${runId}:${i}` })),
  };
}

/** The benchmark a swap offers: the broad market, or the Nasdaq-100 when the broad market is already the base. */
export function swapTarget(benchmark: string | null | undefined, tickers: readonly string[]): string | undefined {
  const target = benchmark === 'SPY' ? 'QQQ' : 'SPY';
  return tickers.includes(target) ? undefined : target;
}

/** Two rows under a chart: the five windows (the current one highlighted), then the benchmark swap. */
export function chartControlRows(state: { runId: string; chart: number; window?: ChartWindow; benchmark?: string | null; tickers: readonly string[] }): Row[] {
  const id = (w: ChartWindow | undefined, b: string | null | undefined) => `md:chart:${state.runId}:${state.chart}:${w ?? '-'}:${b ?? '-'}`;
  const windows: Row = {
    type: ComponentType.ActionRow,
    components: CHART_WINDOWS.map((w) => ({ type: ComponentType.Button, style: state.window === w ? ButtonStyle.Primary : ButtonStyle.Secondary, label: w, custom_id: id(w, state.benchmark) })),
  };
  const swap = swapTarget(state.benchmark, state.tickers);
  if (!swap) return [windows];
  return [windows, { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: `vs ${swap}`, custom_id: id(state.window, swap) }] }];
}
