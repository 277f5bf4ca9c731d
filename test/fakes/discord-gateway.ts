/**
 * The fake Discord gateway (v10, JSON encoding, no compression) over WebSocket: HELLO → IDENTIFY → READY →
 * GUILD_CREATE, heartbeats answered with HEARTBEAT_ACK, RESUME answered with RESUMED, and dispatches filtered by the
 * intents the client identified with. Close codes follow developers/topics/opcodes-and-status-codes.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { INTENTS } from './discord-fixtures.js';

export const OP = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

/** Which intent a dispatch needs; events not listed are always sent (READY, INTERACTION_CREATE, RESUMED). */
const EVENT_INTENT: Record<string, number> = {
  GUILD_CREATE: INTENTS.Guilds,
  THREAD_CREATE: INTENTS.Guilds,
  CHANNEL_CREATE: INTENTS.Guilds,
  MESSAGE_CREATE: INTENTS.GuildMessages,
  MESSAGE_UPDATE: INTENTS.GuildMessages,
  MESSAGE_DELETE: INTENTS.GuildMessages,
};

export type GatewaySession = {
  socket: WebSocket;
  identified: boolean;
  intents: number;
  seq: number;
  sessionId: string;
  query: URLSearchParams;
};

export type GatewayHooks = {
  token: string;
  heartbeatIntervalMs: number;
  /** Builds READY's `d` for a new session. */
  ready(sessionId: string): Record<string, unknown>;
  /** GUILD_CREATE payloads sent after READY. */
  guilds(): Record<string, unknown>[];
  onStateChange(): void;
};

export class FakeGateway {
  readonly sessions = new Set<GatewaySession>();
  heartbeats = 0;
  identifies = 0;
  resumes = 0;
  /** Close codes the fake sent, newest last (e.g. 4004 for a bad token). */
  readonly closeCodes: number[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private sessionCounter = 0;

  constructor(private readonly hooks: GatewayHooks) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  /** Sends a dispatch to every identified session whose intents allow it. Returns how many received it. */
  dispatch(t: string, d: unknown): number {
    let delivered = 0;
    for (const session of this.sessions) {
      if (!session.identified) continue;
      const needed = EVENT_INTENT[t];
      if (needed !== undefined && (session.intents & needed) === 0) continue;
      session.seq += 1;
      session.socket.send(JSON.stringify({ op: OP.Dispatch, t, s: session.seq, d }));
      delivered += 1;
    }
    return delivered;
  }

  /** Intents of the first identified session (what the bot asked for). */
  get intents(): number | undefined {
    for (const session of this.sessions) if (session.identified) return session.intents;
    return undefined;
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://fake').searchParams;
    const session: GatewaySession = { socket, identified: false, intents: 0, seq: 0, sessionId: `session-${++this.sessionCounter}`, query };
    this.sessions.add(session);
    socket.on('close', () => {
      this.sessions.delete(session);
      this.hooks.onStateChange();
    });
    if ((query.get('encoding') ?? 'json') !== 'json' || query.get('v') !== '10') {
      this.closeWith(session, 4012, 'Invalid API version or encoding');
      return;
    }
    socket.on('message', (raw) => this.onMessage(session, raw.toString()));
    socket.send(JSON.stringify({ op: OP.Hello, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs }, s: null, t: null }));
  }

  private onMessage(session: GatewaySession, raw: string): void {
    let payload: { op?: unknown; d?: Record<string, unknown> | number | null };
    try {
      payload = JSON.parse(raw) as typeof payload;
    } catch {
      return this.closeWith(session, 4002, 'Error while decoding payload.');
    }
    switch (payload.op) {
      case OP.Heartbeat:
        this.heartbeats += 1;
        session.socket.send(JSON.stringify({ op: OP.HeartbeatAck, d: null, s: null, t: null }));
        break;
      case OP.Identify:
        this.identify(session, payload.d);
        break;
      case OP.Resume:
        this.resumes += 1;
        session.identified = true;
        this.dispatchTo(session, 'RESUMED', null);
        break;
      default:
        if (!session.identified) return this.closeWith(session, 4003, 'Not authenticated.');
        return this.closeWith(session, 4001, 'Unknown opcode.');
    }
    this.hooks.onStateChange();
  }

  private identify(session: GatewaySession, d: unknown): void {
    if (session.identified) return this.closeWith(session, 4005, 'Already authenticated.');
    const data = (typeof d === 'object' && d !== null ? d : {}) as { token?: unknown; intents?: unknown };
    const token = typeof data.token === 'string' ? data.token.replace(/^Bot /, '') : '';
    if (token !== this.hooks.token) return this.closeWith(session, 4004, 'Authentication failed.');
    if (typeof data.intents !== 'number') return this.closeWith(session, 4013, 'Invalid intent(s).');
    this.identifies += 1;
    session.identified = true;
    session.intents = data.intents;
    this.dispatchTo(session, 'READY', this.hooks.ready(session.sessionId));
    if (session.intents & INTENTS.Guilds) for (const guild of this.hooks.guilds()) this.dispatchTo(session, 'GUILD_CREATE', guild);
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    session.socket.send(JSON.stringify({ op: OP.Dispatch, t, s: session.seq, d }));
  }

  private closeWith(session: GatewaySession, code: number, reason: string): void {
    this.closeCodes.push(code);
    session.socket.close(code, reason);
    this.hooks.onStateChange();
  }
}
