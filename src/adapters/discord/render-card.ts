/**
 * The answer as one Components V2 card (flag IS_COMPONENTS_V2, 1 << 15) when it fits in one: a container holding
 * the answer text (Text Display), the chart (Media Gallery over `attachment://chart.png`), the chart controls and
 * the suggested next questions. V2 ignores `content` and `embeds` and shows attachments only through components,
 * so the card carries everything itself. It fits when the run has exactly one chart and the text stays under the
 * 4000 characters all text displays may hold; otherwise the answer keeps the classic layout (content + attachment).
 */
import { AttachmentBuilder, ComponentType, MessageFlags } from 'discord.js';
import type { FollowUpSuggestion, RunState } from '../../pipeline/index.js';
import { chartControlRows, suggestionRow } from './chat-components.js';
import { watchButtonRow } from './watch-button.js';

/** Text displays of a message total at most 4000 characters; leave room for the caption line. */
const MAX_CARD_TEXT = 3800;
const ACCENT = 0x2b6cb0;

export type CardChart = { bytes: Buffer; alt: string; caption?: string; window?: Parameters<typeof chartControlRows>[0]['window']; benchmark?: string | null };

export type CardInput = { state: RunState; text: string; chart: CardChart; chartIndex: number; suggestions: readonly FollowUpSuggestion[] };

export function fitsOneCard(text: string, chartCount: number): boolean {
  return chartCount === 1 && text.length <= MAX_CARD_TEXT;
}

export function answerCard(input: CardInput) {
  const { state, chart } = input;
  const file = new AttachmentBuilder(chart.bytes, { name: 'chart.png', description: chart.alt.slice(0, 1000) });
  const controls = chartControlRows({
    runId: state.runId,
    chart: input.chartIndex,
    benchmark: chart.benchmark === undefined ? state.entities?.benchmark : chart.benchmark,
    tickers: state.entities?.tickers ?? [],
    ...(chart.window ? { window: chart.window } : {}),
  });
  const next = suggestionRow(state.runId, input.suggestions);
  const watch = watchButtonRow(state);
  const inner = [
    { type: ComponentType.TextDisplay, content: input.text },
    { type: ComponentType.MediaGallery, items: [{ media: { url: 'attachment://chart.png' }, description: chart.alt.slice(0, 1000) }] },
    ...(chart.caption ? [{ type: ComponentType.TextDisplay, content: `-# ${chart.caption}` }] : []),
    ...controls,
    ...(next || watch ? [{ type: ComponentType.Separator }] : []),
    ...(next ? [next] : []),
    ...(watch ? [watch] : []),
  ];
  return {
    flags: MessageFlags.IsComponentsV2 as const,
    files: [file],
    components: [{ type: ComponentType.Container, accent_color: ACCENT, components: inner }],
  };
}

/** Is this a card we sent (its chart controls sit inside a container)? */
export function isCard(flags: number): boolean {
  return (flags & MessageFlags.IsComponentsV2) !== 0;
}

/** The answer text of a card we sent (its first text display), read back from the message a control is on. */
export function cardText(components: readonly { toJSON(): unknown }[]): string | undefined {
  const container = components[0]?.toJSON() as { type?: number; components?: { type?: number; content?: string }[] } | undefined;
  if (container?.type !== ComponentType.Container) return undefined;
  return container.components?.find((c) => c.type === ComponentType.TextDisplay)?.content;
}
