/**
 * Bolt and the WebClient log through @slack/logger's interface; route that into our pino logger so there is one
 * log stream (and pino's redaction). Bolt's info chatter goes to debug.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack-sdk' });
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.debug(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
