/**
 * A chart as its own message: an `image` block showing the uploaded file (`slack_file: {id}`, so the message can be
 * edited to show another file — a file share cannot), and the chart controls under it: 1M / 3M / YTD / 1Y / 5Y and
 * a benchmark swap. Each button's value carries the whole state (run, chart, window, benchmark), so a click can be
 * served by any process and the message needs no server-side memory. Block Kit limits: alt_text ≤ 2000, title ≤
 * 2000, button text ≤ 75, value ≤ 2000, action_ids unique in a message.
 */
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { z } from 'zod';
import { CHART_WINDOWS, type ChartWindow } from '../../pipeline/index.js';
import type { SlackMessage } from './render-status.js';

export const ACTION_CHART = 'marketdesk_chart';

export type ChartControlsState = { runId: string; chart: string; window?: ChartWindow; benchmark: string | null; tickers: readonly string[] };

/** What a chart-control button carries; validated on the click (a value is user-controlled input). */
export const chartActionValue = z.object({
  r: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  c: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/),
  w: z.enum(CHART_WINDOWS).optional(),
  b: z.string().regex(/^\^?[A-Z0-9.-]{1,12}$/).optional(),
});
export type ChartActionValue = z.infer<typeof chartActionValue>;

/** The benchmark a swap offers: the broad market, or the Nasdaq-100 when the broad market is already the base. */
export function swapTarget(benchmark: string | null, tickers: readonly string[]): string | undefined {
  const target = benchmark === 'SPY' ? 'QQQ' : 'SPY';
  return tickers.includes(target) ? undefined : target;
}

export function chartControls(state: ChartControlsState): ActionsBlock {
  const value = (w: ChartWindow | undefined, b: string | null): string => JSON.stringify({ r: state.runId, c: state.chart, ...(w ? { w } : {}), ...(b ? { b } : {}) });
  const elements: Button[] = CHART_WINDOWS.map((w) => ({
    type: 'button',
    action_id: `${ACTION_CHART}_${w}`,
    text: { type: 'plain_text', text: w },
    value: value(w, state.benchmark),
    ...(state.window === w ? { style: 'primary' as const } : {}),
  }));
  const swap = swapTarget(state.benchmark, state.tickers);
  if (swap) elements.push({ type: 'button', action_id: `${ACTION_CHART}_swap`, text: { type: 'plain_text', text: `vs ${swap}` }, value: value(state.window, swap) });
  return { type: 'actions', block_id: `chart_controls_${state.chart}`.slice(0, 255), elements };
}

export function chartMessage(input: { fileId: string; alt: string; title: string; controls?: ChartControlsState }): SlackMessage {
  const image: KnownBlock = {
    type: 'image',
    slack_file: { id: input.fileId },
    alt_text: input.alt.slice(0, 2000),
    title: { type: 'plain_text', text: input.title.slice(0, 2000) },
  };
  const blocks: KnownBlock[] = [image];
  if (input.controls) blocks.push(chartControls(input.controls));
  return { text: input.title.slice(0, 3000), blocks };
}
