/** What the Discord handlers share: the client, the run API, per-run sessions and dedupe of redelivered events. */
import type { Client } from 'discord.js';
import type { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { RunApi } from '../../pipeline/index.js';
import type { RunSession, RunSessionDeps } from './run-session.js';

export type AdapterContext = {
  readonly client: Client;
  readonly runs: RunApi;
  readonly logger: Logger;
  readonly sessions: LRUCache<string, RunSession>;
  /** Run ids a Retry was already started for (survives the session being evicted). */
  readonly retried: LRUCache<string, true>;
  readonly sessionDeps: RunSessionDeps;
  /** True the first time an event id is seen: a gateway resume can redeliver a message or an interaction. */
  claim(eventId: string): Promise<boolean>;
  isStopping(): boolean;
};
