/**
 * The answer as new messages in the thread (a new message notifies; an edit does not): the markdown answer split
 * under 2000 characters, and each chart PNG attached (`AttachmentBuilder`) and shown by an embed whose image is
 * `attachment://chart.png` (developers/reference "Using Attachments within Embeds"). Failures get an actionable
 * sentence plus whatever partial answer exists.
 */
import { AttachmentBuilder, EmbedBuilder, type MessageCreateOptions } from 'discord.js';
import type { Artifact, FollowUpSuggestion, RunState } from '../../pipeline/index.js';
import { chartControlRows, suggestionRow } from './chat-components.js';
import { answerCard, fitsOneCard } from './render-card.js';
import { formatMs, statusView } from '../../render/views/status-view.js';
import { splitContent, toDiscordMarkdown } from './split-content.js';
import { describeFailure } from './user-messages.js';
import { watchButtonRow } from './watch-button.js';

export type ReadArtifact = (runId: string, artifact: Artifact) => Promise<Buffer | undefined>;
export type AnswerMessage = Pick<MessageCreateOptions, 'content' | 'files' | 'embeds' | 'components' | 'flags'>;

/** The conversational extras of an answer: suggested next questions, and charts as their own messages with controls. */
export type AnswerExtras = {
  suggestions: readonly FollowUpSuggestion[];
  chartControls: boolean;
  /** One Components V2 card when the answer fits one (text + one chart + buttons). @default false */
  card?: boolean;
};

/** Discord's default upload limit for a bot in a guild without boosts. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const IMAGE_MIME = /^image\/(png|jpe?g|webp|gif)$/;

export async function renderAnswer(state: RunState, readArtifact: ReadArtifact, extras?: AnswerExtras): Promise<AnswerMessage[]> {
  if (state.status === 'cancelled') return [];
  if (state.status === 'failed') {
    const partial = state.answer.trim() ? `\n\n**What I have so far:**\n${toDiscordMarkdown(state.answer)}` : '';
    return splitContent(describeFailure(state.error, state) + partial).map((content) => ({ content }));
  }
  const notes: string[] = [];
  const charts = await loadCharts(state, readArtifact, notes);
  if (state.flagged && state.flagged.length > 0) notes.push(`⚠️ Not found in any tool output, treat with care: ${state.flagged.slice(0, 10).join(', ')}`);
  if (state.usage) notes.push(`-# ${statusView(state).title} · answered in ${formatMs(state.usage.durationMs)}`);
  const text = [toDiscordMarkdown(state.answer.trim() || 'No answer text was produced.'), ...notes].join('\n\n');
  if (extras?.card && extras.chartControls && fitsOneCard(text, charts.length)) {
    const bytes = await readArtifact(state.runId, state.artifacts.find((a) => a.name === charts[0].artifact)!);
    const index = state.artifacts.findIndex((a) => a.name === charts[0].artifact);
    if (bytes) return [answerCard({ state, text, chart: { bytes, alt: charts[0].alt }, chartIndex: index, suggestions: extras.suggestions })];
  }
  const messages: AnswerMessage[] = splitContent(text).map((content) => ({ content }));
  // Under the text: the suggested next questions, then "Add to watchlist" (issue 17).
  const rows = [extras ? suggestionRow(state.runId, extras.suggestions) : undefined, watchButtonRow(state)].filter((r) => r !== undefined);
  if (rows.length > 0 && messages.length > 0) messages[messages.length - 1].components = rows;
  if (extras?.chartControls) {
    // Each chart is its own message with its controls under it, so a click can replace just that chart in place.
    for (const chart of charts) {
      const index = state.artifacts.findIndex((a) => a.name === chart.artifact);
      messages.push({ files: [chart.file], embeds: [chart.embed], components: chartControlRows({ runId: state.runId, chart: index, benchmark: state.entities?.benchmark, tickers: state.entities?.tickers ?? [] }) });
    }
    return messages;
  }
  if (charts.length > 0) {
    // The chart goes with the last part, so it shows under the text it illustrates.
    if (messages.length === 0) messages.push({});
    const last = messages[messages.length - 1];
    last.files = charts.map((c) => c.file);
    last.embeds = charts.map((c) => c.embed);
  }
  return messages;
}

async function loadCharts(state: RunState, readArtifact: ReadArtifact, notes: string[]): Promise<{ file: AttachmentBuilder; embed: EmbedBuilder; artifact: string; alt: string }[]> {
  const charts = state.artifacts.filter((a) => a.kind === 'chart' && IMAGE_MIME.test(a.mime)).slice(0, 10);
  const out: { file: AttachmentBuilder; embed: EmbedBuilder; artifact: string; alt: string }[] = [];
  for (const artifact of charts) {
    const bytes = await readArtifact(state.runId, artifact);
    if (!bytes || bytes.length === 0 || bytes.length > MAX_FILE_BYTES) {
      notes.push(`-# (chart ${artifact.name} could not be attached)`);
      continue;
    }
    const ext = artifact.mime === 'image/png' ? 'png' : artifact.mime.split('/')[1].replace('jpeg', 'jpg');
    const name = out.length === 0 ? `chart.${ext}` : `chart-${out.length + 1}.${ext}`;
    const file = new AttachmentBuilder(bytes, { name, description: artifact.alt.slice(0, 1000) });
    const embed = new EmbedBuilder().setImage(`attachment://${name}`).setColor(0x2b6cb0);
    out.push({ file, embed, artifact: artifact.name, alt: artifact.alt });
  }
  return out;
}

/** A redrawn chart as the body that replaces the chart message: the new file, its embed and the controls. */
export function chartEdit(input: { bytes: Buffer; alt: string; caption: string; controls: Parameters<typeof chartControlRows>[0] }) {
  const file = new AttachmentBuilder(input.bytes, { name: 'chart.png', description: input.alt.slice(0, 1000) });
  const embed = new EmbedBuilder().setImage('attachment://chart.png').setColor(0x2b6cb0).setFooter({ text: input.caption.slice(0, 2048) });
  // `attachments: []` drops the previous file; the new one is the only attachment left.
  return { files: [file], embeds: [embed], attachments: [], components: chartControlRows(input.controls) };
}
