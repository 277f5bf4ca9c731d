/**
 * One seed question through each surface of a running marketdesk (a child process), observed from outside: the
 * HTTP API and its SSE stream, the fake Slack (signed HTTP events or Socket Mode envelopes) and the fake Discord
 * (gateway dispatches, REST calls). Each function returns what arrived, for the test to assert on.
 */
import { randomBytes } from 'node:crypto';
import type { FakeDiscord, ApiMessage } from '../../fakes/discord-server.js';
import type { FakeMessage, FakeSlack } from '../../fakes/slack-server.js';
import type { SlackRequests } from '../../fakes/slack-requests.js';
import { collectSse } from '../../adapters/http/helpers/sse-client.js';

export const SEED_QUESTION = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';
/** The seed question's headline figures on the offline dataset (as of 2026-05-15): NVDA +23.3%, ^SOX +42.4%. */
export const SEED_FIGURES = ['23.3%', '42.4%'];

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const isPng = (bytes: Buffer | undefined): boolean => Boolean(bytes && bytes.length > 1000 && bytes.subarray(0, 8).equals(PNG_MAGIC));

type Snapshot = { id: string; status: string; answer: string; source?: { platform?: string }; artifacts: { name: string; kind: string; url: string; mime?: string }[] };

export type HttpRun = { id: string; types: string[]; events: { event: string; data: Record<string, unknown> }[]; completed: { answer: string; artifacts: unknown[] }; snapshot: Snapshot; charts: { contentType: string | null; bytes: Buffer }[] };

/** POST /api/runs, follow the SSE stream to the terminal event, then fetch the snapshot and every chart. */
export async function askOverHttp(url: string, question: string, headers: Record<string, string> = {}): Promise<HttpRun> {
  const started = await fetch(`${url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ question }) });
  if (started.status !== 202) throw new Error(`POST /api/runs: ${started.status} ${await started.text()}`);
  const { id, eventsUrl } = (await started.json()) as { id: string; eventsUrl: string };
  const sse = await collectSse(`${url}${eventsUrl}`, { headers, timeoutMs: 30_000, until: (m) => m.some((e) => /^run\.(completed|failed|cancelled)$/.test(e.event ?? '')) });
  const types = sse.messages.map((m) => m.event ?? '');
  const events = sse.messages.map((m) => ({ event: m.event ?? '', data: (JSON.parse(m.data) as { data: Record<string, unknown> }).data }));
  const last = sse.messages.at(-1);
  const completed = (last?.event === 'run.completed' ? (JSON.parse(last.data) as { data: HttpRun['completed'] }).data : { answer: '', artifacts: [] });
  const snapshot = (await (await fetch(`${url}/api/runs/${id}`, { headers })).json()) as Snapshot;
  const charts = await Promise.all(
    snapshot.artifacts.map(async (a) => {
      const response = await fetch(`${url}${a.url}`, { headers });
      return { contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
    }),
  );
  return { id, types, events, completed, snapshot, charts };
}

/** The runs the server knows, newest first (to find the run a platform message started). */
export async function listRuns(url: string): Promise<Snapshot[]> {
  const body = (await (await fetch(`${url}/api/runs?limit=50`)).json()) as { runs: { id: string }[] };
  return Promise.all(body.runs.map(async (r) => (await (await fetch(`${url}/api/runs/${r.id}`)).json()) as Snapshot));
}

const blocksOf = (message: FakeMessage | undefined, type: string) => ((message?.blocks ?? []) as { type: string; tasks?: { status: string }[] }[]).filter((b) => b.type === type);

export type SlackThreadResult = { status: FakeMessage; answerText: string; files: { bytes?: Buffer; alt?: string }[] };

/**
 * Waits until the thread under `ts` shows the finished run: the status message edited (chat.update) to all steps
 * complete, the answer (the message with the feedback buttons) and the chart files shared into the thread.
 */
export async function slackThreadDone(fake: FakeSlack, channel: string, ts: string, timeoutMs = 20_000): Promise<SlackThreadResult> {
  const finished = () => {
    const thread = fake.thread(channel, ts);
    const status = thread[0];
    const tasks = blocksOf(status, 'plan')[0]?.tasks ?? [];
    return (
      status !== undefined &&
      status.edits > 0 &&
      tasks.length > 0 &&
      tasks.every((t) => t.status === 'complete') &&
      thread.some((m) => blocksOf(m, 'context_actions').length > 0) &&
      thread.some((m) => chartFileIds(m).length > 0)
    );
  };
  await fake.waitFor(finished, timeoutMs, `the answer and the chart in Slack thread ${ts}`);
  const thread = fake.thread(channel, ts);
  const fileIds = new Set(thread.flatMap(chartFileIds));
  return {
    status: thread[0],
    answerText: thread.filter((m) => m !== thread[0] && chartFileIds(m).length === 0).map((m) => m.text).join('\n'),
    files: [...fake.files.values()].filter((f) => fileIds.has(f.id)),
  };
}

/** Files a message shows: shared into it, or in an image block (`slack_file`, the chart with its controls). */
export function chartFileIds(message: FakeMessage): string[] {
  const images = blocksOf(message, 'image') as unknown as { slack_file?: { id?: string } }[];
  return [...(message.files ?? []).map((f) => f.id), ...images.flatMap((b) => (b.slack_file?.id ? [b.slack_file.id] : []))];
}

/** A Slack `app_mention` over Socket Mode (an events_api envelope on the fake's WebSocket). */
export function slackSocketMention(fake: FakeSlack, text: string, channel = 'C0MARKETS'): { ts: string; envelopeId: string } {
  const ts = `1759990000.${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')}`;
  const envelopeId = `env-${randomBytes(4).toString('hex')}`;
  fake.sendEnvelope({
    envelope_id: envelopeId,
    type: 'events_api',
    payload: {
      team_id: fake.options.teamId,
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: fake.options.teamId, user_id: fake.options.botUserId, is_bot: true, is_enterprise_install: false }],
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${fake.options.botUserId}> ${text}`, ts, channel, event_ts: ts, client_msg_id: `m-${envelopeId}` },
    },
  });
  return { ts, envelopeId };
}

/** A signed `app_mention` over HTTP (Events API) to /slack/events. */
export async function slackHttpMention(requests: SlackRequests, text: string): Promise<{ ts: string; status: number }> {
  const { response, ts } = await requests.mention({ text });
  return { ts, status: response.status };
}

export type DiscordThreadResult = { threadId: string; status: ApiMessage; statusEdits: number; answer: ApiMessage[]; charts: { filename: string; bytes?: Buffer }[] };

/**
 * Waits until the thread shows the finished run: the status message (the one with buttons) edited to "Done" and
 * an answer message with a chart attached after it.
 */
/** The status message carries the run's Cancel button (answers may carry other buttons, e.g. Add to watchlist). */
export const isDiscordStatus = (m: { components: unknown[] }): boolean => JSON.stringify(m.components).includes('"md:cancel:');

export async function discordThreadDone(fake: FakeDiscord, threadId: string, timeoutMs = 20_000): Promise<DiscordThreadResult> {
  const bot = () => fake.messagesIn(threadId).filter((m) => m.author.id === fake.botUser.id);
  await fake.waitFor(
    () => {
      const messages = bot();
      const status = messages.find(isDiscordStatus);
      return Boolean(status && status.edited_timestamp && /Done/.test(status.content) && messages.some((m) => m.attachments.length > 0));
    },
    timeoutMs,
    `the answer with a chart and the final status in Discord thread ${threadId}`,
  );
  const messages = bot();
  const status = messages.find(isDiscordStatus)!;
  const answer = messages.filter((m) => m !== status && BigInt(m.id) > BigInt(status.id));
  const statusEdits = fake.calls.filter((c) => c.route === 'PATCH /channels/:id/messages/:id' && c.path.includes(status.id)).length;
  return {
    threadId,
    status,
    statusEdits,
    answer,
    charts: answer.flatMap((m) => m.attachments).map((a) => ({ filename: a.filename, bytes: fake.fileBytes(a.id) })),
  };
}
