/**
 * A fake Slack Web API on 127.0.0.1 that speaks the wire format the real @slack/web-api client uses:
 * POST /api/<method> with an `application/x-www-form-urlencoded` body whose nested fields (blocks, chunks, files, …)
 * are JSON strings, the token in `Authorization: Bearer`, replies `{ok:true,…}` or `{ok:false,error}` with HTTP 200,
 * and HTTP 429 + `Retry-After` when rate-limited. Implements auth.test, chat.postMessage/update/postEphemeral,
 * chat.startStream/appendStream/stopStream, files.getUploadURLExternal (an upload_url pointing back here), the upload
 * itself (multipart) and files.completeUploadExternal, plus a response_url endpoint for slash-command replies.
 * Every call is recorded; faults (429 storms, ok:false errors) are injected per method.
 * Socket Mode: apps.connections.open (app-level token) returns a ws:// URL on this server; the socket says `hello`,
 * `sendEnvelope()` pushes events_api / slash_commands / interactive envelopes, and the client's acks are recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type FakeCall = { method: string; args: Record<string, unknown>; at: number; status: number; error?: string };
export type FakeMessage = {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  user: string;
  edits: number;
  /** Text/blocks after each edit, oldest first. */
  history: { text: string; blocks?: unknown[] }[];
  stream?: 'open' | 'closed';
  files?: { id: string; title?: string }[];
};
export type FakeFile = { id: string; filename: string; length: number; alt?: string; bytes?: Buffer; title?: string; shared?: { channel: string; thread_ts?: string } };
export type Fault = { kind: 'ratelimit'; retryAfter: number } | { kind: 'error'; error: string };
type FaultRule = Fault & { method: string; remaining: number };

const JSON_FIELDS = new Set(['blocks', 'attachments', 'chunks', 'files', 'metadata', 'prompts', 'loading_messages']);
const MAX_TEXT = 40_000;

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: { channel: string; user: string; text: string; thread_ts?: string }[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  readonly files = new Map<string, FakeFile>();
  /** Files deleted with files.delete. */
  readonly deletedFiles: string[] = [];
  /** Assistant threads (AI-app surface): statuses, titles and suggested prompts as set, in order. */
  readonly assistant = {
    statuses: [] as { channel: string; thread_ts: string; status: string; loading_messages?: string[] }[],
    titles: [] as { channel: string; thread_ts: string; title: string }[],
    prompts: [] as { channel: string; title?: string; prompts: { title: string; message: string }[] }[],
    /** setSuggestedPrompts calls with a thread_ts: accepted but dropped (what Slack does for agent-view apps). */
    droppedPrompts: 0,
  };
  /** Channels where the bot is not a member (posting fails with not_in_channel). */
  readonly notInChannel = new Set<string>();
  /** Socket Mode acks received: `{envelope_id, payload}`. */
  readonly socketAcks: { envelope_id: string; payload?: Record<string, unknown> }[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private faults: FaultRule[] = [];
  private waiters = new Set<() => void>();
  private seq = 0;
  private fileSeq = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly options: { token: string; appToken: string; teamId: string; botUserId: string; botId: string },
  ) {}

  static async start(options: Partial<FakeSlack['options']> = {}): Promise<FakeSlack> {
    const opts = { token: 'xoxb-test-token', appToken: 'xapp-1-test-app-token', teamId: 'T0FAKE', botUserId: 'U0BOT', botId: 'B0BOT', ...options };
    let fake!: FakeSlack;
    const server = createServer((req, res) => void fake.handle(req, res));
    server.on('upgrade', (req, socket, head) => fake.upgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeSlack(server, `http://127.0.0.1:${port}`, opts);
    return fake;
  }

  /** What SLACK_API_URL should be. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url pointing here (slash commands and block actions reply through it). */
  responseUrl(id = 'r1'): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** Injects a fault for the next `times` calls of `method` (default: until cleared). */
  fault(method: string, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ ...fault, method, remaining: times });
  }

  clearFaults(method?: string): void {
    this.faults = method ? this.faults.filter((f) => f.method !== method) : [];
  }

  countByMethod(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.method] = (counts[call.method] ?? 0) + 1;
    return counts;
  }

  /** Messages of a thread (the parent first), as they are now. */
  thread(channel: string, ts: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
  }

  /** Resolves once `predicate` holds (checked after every request); rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 4000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Socket Mode: connected clients. */
  get socketCount(): number {
    return this.sockets.size;
  }

  /** Socket Mode: sends an envelope to every connected client. */
  sendEnvelope(envelope: { envelope_id: string; type: 'events_api' | 'slash_commands' | 'interactive'; payload: unknown; accepts_response_payload?: boolean; retry_attempt?: number; retry_reason?: string }): void {
    const message = JSON.stringify({ accepts_response_payload: false, retry_attempt: 0, retry_reason: '', ...envelope });
    for (const socket of this.sockets) socket.send(message);
  }

  private upgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    if (!(req.url ?? '').startsWith('/link/')) return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => {
        this.sockets.delete(ws);
        this.notify();
      });
      ws.on('message', (data) => {
        try {
          this.socketAcks.push(JSON.parse(data.toString()));
        } catch {
          // ignore non-JSON frames
        }
        for (const waiter of [...this.waiters]) waiter();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0FAKE' } }));
      this.notify();
    });
  }

  /** Re-checks every waitFor() predicate (after requests, acks, and socket connects and closes). */
  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextTs(): string {
    this.seq += 1;
    return `1760000000.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl);
    try {
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) await this.api(url.pathname.slice(5), req, raw, res);
      else if (req.method === 'POST' && url.pathname.startsWith('/upload/')) await this.upload(url.pathname.slice(8), req, raw, res);
      else if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
        this.responses.push({ path: url.pathname, body: JSON.parse(raw.toString('utf8') || '{}') });
        send(res, 200, { ok: true });
      } else send(res, 404, { ok: false, error: 'not_found' });
    } catch (error) {
      send(res, 500, { ok: false, error: `fake_error: ${(error as Error).message}` });
    } finally {
      for (const waiter of [...this.waiters]) waiter();
    }
  }

  private parseArgs(req: IncomingMessage, raw: Buffer): Record<string, unknown> | string {
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8') || '{}');
    const args: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
      if (!JSON_FIELDS.has(key)) {
        args[key] = value;
        continue;
      }
      try {
        args[key] = JSON.parse(value);
      } catch {
        return key === 'blocks' ? 'invalid_blocks' : 'invalid_arguments';
      }
    }
    return args;
  }

  private async api(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const parsed = this.parseArgs(req, raw);
    const args = typeof parsed === 'string' ? {} : parsed;
    const call: FakeCall = { method, args, at: Date.now(), status: 200 };
    this.calls.push(call);
    const reply = (body: Record<string, unknown>, status = 200, headers: Record<string, string> = {}) => {
      call.status = status;
      if (body.ok === false) call.error = String(body.error);
      send(res, status, body, headers);
    };
    if (typeof parsed === 'string') return reply({ ok: false, error: parsed });
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : '';
    if (!token) return reply({ ok: false, error: 'not_authed' });
    // apps.connections.open takes the app-level token (xapp-); every other method the bot token.
    const expected = method === 'apps.connections.open' ? this.options.appToken : this.options.token;
    if (token !== expected) return reply({ ok: false, error: 'invalid_auth' });
    const rule = this.faults.find((f) => f.method === method && f.remaining > 0);
    if (rule) {
      rule.remaining -= 1;
      if (rule.kind === 'ratelimit') return reply({ ok: false, error: 'ratelimited' }, 429, { 'Retry-After': String(rule.retryAfter) });
      return reply({ ok: false, error: rule.error });
    }
    reply(this.dispatch(method, args));
  }

  private dispatch(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
    const channel = str('channel') ?? str('channel_id');
    const textOrBlocks = () => {
      const text = str('text') ?? '';
      const blocks = a.blocks;
      if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > 50 || blocks.some((b) => typeof b !== 'object' || b === null || !('type' in b)))) {
        return 'invalid_blocks' as const;
      }
      if (blocks !== undefined && !validBlocks(blocks as Record<string, unknown>[], this.files)) return 'invalid_blocks' as const;
      if (!text && !blocks) return 'no_text' as const;
      if (text.length > MAX_TEXT) return 'msg_too_long' as const;
      return { text, blocks: blocks as unknown[] | undefined };
    };
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `${this.baseUrl.replace('http://', 'ws://')}/link/?ticket=${this.nextTs()}&app_id=A0FAKE` };
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'marketdesk', team_id: this.options.teamId, user_id: this.options.botUserId, bot_id: this.options.botId, is_enterprise_install: false };
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const content = textOrBlocks();
        if (typeof content === 'string') return { ok: false, error: content };
        const message: FakeMessage = { channel, ts: this.nextTs(), thread_ts: str('thread_ts'), ...content, user: this.options.botUserId, edits: 0, history: [] };
        this.messages.push(message);
        return { ok: true, channel, ts: message.ts, message: { type: 'message', ...content, user: message.user, bot_id: this.options.botId, ts: message.ts, thread_ts: message.thread_ts } };
      }
      case 'chat.update': {
        const ts = str('ts');
        if (!channel || !ts) return { ok: false, error: 'invalid_arguments' };
        const message = this.messages.find((m) => m.channel === channel && m.ts === ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        if (message.stream === 'open') return { ok: false, error: 'cant_update_message' };
        const content = textOrBlocks();
        if (typeof content === 'string') return { ok: false, error: content };
        message.history.push({ text: message.text, blocks: message.blocks });
        Object.assign(message, content);
        message.edits += 1;
        return { ok: true, channel, ts, text: content.text, message: { ...content, user: message.user, ts } };
      }
      case 'chat.postEphemeral': {
        const user = str('user');
        if (!channel || !user) return { ok: false, error: 'invalid_arguments' };
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const content = textOrBlocks();
        if (typeof content === 'string') return { ok: false, error: content };
        this.ephemerals.push({ channel, user, text: content.text, thread_ts: str('thread_ts') });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'chat.startStream': {
        const thread = str('thread_ts');
        if (!channel || !thread) return { ok: false, error: 'invalid_arguments' };
        // Streaming into a channel (not a DM) needs the recipient.
        if (!channel.startsWith('D') && (!str('recipient_team_id') || !str('recipient_user_id'))) return { ok: false, error: 'invalid_arguments' };
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const problem = checkChunks(a.chunks);
        if (problem) return { ok: false, error: problem };
        const message: FakeMessage = { channel, ts: this.nextTs(), thread_ts: thread, text: (str('markdown_text') ?? '') + chunkText(a.chunks), user: this.options.botUserId, edits: 0, history: [], stream: 'open' };
        this.messages.push(message);
        return { ok: true, channel, ts: message.ts };
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const ts = str('ts');
        const message = this.messages.find((m) => m.channel === channel && m.ts === ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        if (message.stream !== 'open') return { ok: false, error: 'message_not_in_streaming_state' };
        const problem = checkChunks(a.chunks);
        if (problem) return { ok: false, error: problem };
        message.text += (str('markdown_text') ?? '') + chunkText(a.chunks);
        if (method === 'chat.stopStream') {
          message.stream = 'closed';
          if (Array.isArray(a.blocks)) message.blocks = a.blocks;
        }
        return { ok: true, channel, ts };
      }
      case 'files.getUploadURLExternal': {
        const filename = str('filename');
        const length = Number(str('length') ?? a.length);
        if (!filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++this.fileSeq).padStart(8, '0')}`;
        this.files.set(id, { id, filename, length, alt: str('alt_txt') ?? str('alt_text') });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = a.files;
        if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const done: FakeFile[] = [];
        for (const entry of list as { id?: string; title?: string }[]) {
          const file = entry.id ? this.files.get(entry.id) : undefined;
          if (!file || !file.bytes) return { ok: false, error: 'file_not_found' };
          file.title = entry.title;
          done.push(file);
        }
        const target = str('channel_id');
        if (target) {
          if (this.notInChannel.has(target)) return { ok: false, error: 'not_in_channel' };
          for (const file of done) file.shared = { channel: target, thread_ts: str('thread_ts') };
          // The share appears as a message in the thread (asynchronously on real Slack; at once here).
          this.messages.push({ channel: target, ts: this.nextTs(), thread_ts: str('thread_ts'), text: str('initial_comment') ?? '', user: this.options.botUserId, edits: 0, history: [], files: done.map((f) => ({ id: f.id, title: f.title })) });
        }
        return { ok: true, files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title, size: f.length, alt_txt: f.alt })) };
      }
      case 'files.delete': {
        const id = str('file');
        if (!id || !this.files.has(id)) return { ok: false, error: 'file_not_found' };
        this.files.delete(id);
        this.deletedFiles.push(id);
        return { ok: true };
      }
      case 'assistant.threads.setStatus': {
        const thread = str('thread_ts');
        const status = str('status');
        if (!str('channel_id') || !thread || status === undefined) return { ok: false, error: 'invalid_arguments' };
        const loading = a.loading_messages;
        if (loading !== undefined && (!Array.isArray(loading) || loading.length > 10 || loading.some((l) => typeof l !== 'string'))) return { ok: false, error: 'invalid_arguments' };
        this.assistant.statuses.push({ channel: str('channel_id')!, thread_ts: thread, status, ...(Array.isArray(loading) ? { loading_messages: loading as string[] } : {}) });
        return { ok: true };
      }
      case 'assistant.threads.setTitle': {
        const thread = str('thread_ts');
        const title = str('title');
        if (!str('channel_id') || !thread || !title) return { ok: false, error: 'invalid_arguments' };
        this.assistant.titles.push({ channel: str('channel_id')!, thread_ts: thread, title });
        return { ok: true };
      }
      case 'assistant.threads.setSuggestedPrompts': {
        const prompts = a.prompts;
        if (!str('channel_id') || !Array.isArray(prompts) || prompts.length === 0 || prompts.length > 4) return { ok: false, error: 'invalid_arguments' };
        if ((prompts as Record<string, unknown>[]).some((p) => typeof p?.title !== 'string' || typeof p?.message !== 'string' || !p.title || !p.message)) return { ok: false, error: 'invalid_arguments' };
        // Agent-view apps: a thread_ts makes the call fail silently (ok, but nothing shows).
        if (str('thread_ts')) {
          this.assistant.droppedPrompts += 1;
          return { ok: true };
        }
        this.assistant.prompts.push({ channel: str('channel_id')!, ...(str('title') ? { title: str('title') } : {}), prompts: prompts as { title: string; message: string }[] });
        return { ok: true };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private async upload(id: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    this.calls.push({ method: 'upload', args: { file_id: id }, at: Date.now(), status: 200 });
    const file = this.files.get(id);
    if (!file) return void send(res, 404, 'unknown upload', {}, 'text/plain');
    let bytes = raw;
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      let part: Blob | undefined;
      form.forEach((value) => {
        if (typeof value !== 'string') part ??= value;
      });
      bytes = part ? Buffer.from(await (part as Blob).arrayBuffer()) : Buffer.alloc(0);
    }
    if (bytes.length !== file.length) return void send(res, 400, `length mismatch: ${bytes.length} != ${file.length}`, {}, 'text/plain');
    file.bytes = bytes;
    send(res, 200, `OK - ${bytes.length}`, {}, 'text/plain');
  }
}

/**
 * Block Kit rules the fake enforces for the blocks marketdesk sends beyond plain sections: unique block_ids; an
 * `image` with exactly one source, a `slack_file` naming exactly one of url / id (an uploaded file), alt_text ≤
 * 2000; an `actions` block of 1–25 elements, buttons with plain_text ≤ 75, value ≤ 2000, action_ids unique.
 */
function validBlocks(blocks: Record<string, unknown>[], files: Map<string, FakeFile>): boolean {
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  // Only one table block per message; ≤ 100 rows of ≤ 20 cells (raw_text / raw_number / rich_text); ≤ 20 column settings.
  if (blocks.filter((b) => b.type === 'table').length > 1) return false;
  for (const block of blocks) {
    if (block.type === 'table') {
      const rows = block.rows;
      if (!Array.isArray(rows) || rows.length === 0 || rows.length > 100) return false;
      for (const row of rows as unknown[]) {
        if (!Array.isArray(row) || row.length === 0 || row.length > 20) return false;
        for (const cell of row as Record<string, unknown>[]) {
          if (!['raw_text', 'raw_number', 'rich_text'].includes(String(cell?.type))) return false;
          if (cell.type === 'raw_text' && (typeof cell.text !== 'string' || !cell.text)) return false;
        }
      }
      const settings = block.column_settings;
      if (settings !== undefined && (!Array.isArray(settings) || settings.length > 20)) return false;
    }
    if (block.type === 'section') {
      const text = (block.text as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || !text || text.length > 3000) return false;
    }
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255 || blockIds.has(block.block_id)) return false;
      blockIds.add(block.block_id);
    }
    if (block.type === 'image') {
      const file = block.slack_file as { id?: unknown; url?: unknown } | undefined;
      if ((block.image_url === undefined) === (file === undefined)) return false;
      if (file && (file.id === undefined) === (file.url === undefined)) return false;
      if (file?.id !== undefined && !files.get(String(file.id))?.bytes) return false;
      if (typeof block.alt_text !== 'string' || !block.alt_text || block.alt_text.length > 2000) return false;
      const title = block.title as { type?: unknown; text?: unknown } | undefined;
      if (title && (title.type !== 'plain_text' || typeof title.text !== 'string' || title.text.length > 2000)) return false;
    }
    if (block.type === 'actions') {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) return false;
      for (const element of elements as Record<string, unknown>[]) {
        const id = element.action_id;
        if (typeof id !== 'string' || id.length > 255 || actionIds.has(id)) return false;
        actionIds.add(id);
        if (element.type === 'button') {
          const text = element.text as { type?: unknown; text?: unknown } | undefined;
          if (text?.type !== 'plain_text' || typeof text.text !== 'string' || !text.text || text.text.length > 75) return false;
          if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > 2000)) return false;
        }
      }
    }
  }
  return true;
}

function checkChunks(chunks: unknown): string | undefined {
  if (chunks === undefined) return undefined;
  if (!Array.isArray(chunks)) return 'invalid_chunks';
  for (const chunk of chunks as Record<string, unknown>[]) {
    if (!chunk || typeof chunk.type !== 'string') return 'invalid_chunks';
    if ((chunk.type === 'task_update' || chunk.type === 'plan_update') && String(chunk.title ?? '').length > 256) return 'invalid_chunks';
  }
  return undefined;
}

function chunkText(chunks: unknown): string {
  if (!Array.isArray(chunks)) return '';
  return (chunks as Record<string, unknown>[]).map((c) => (c.type === 'markdown_text' ? String(c.text ?? '') : '')).join('');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, type = 'application/json; charset=utf-8'): void {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(payload);
}
