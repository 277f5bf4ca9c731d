/**
 * pino: JSON logs, pretty only on a TTY. Secrets never reach a log line: redact known secret paths, and
 * never log request URLs that could carry a key (our clients use header auth anyway).
 */
import pino, { type Logger } from 'pino';
import { createRedactor } from './secrets.js';

export const REDACT_PATHS = [
  '*.apiKey', '*.token', '*.authorization', '*.Authorization', 'headers.authorization', 'headers["x-finnhub-token"]',
  'req.headers.authorization', 'req.headers.cookie', '*.headers.authorization', '*.headers["x-finnhub-token"]',
  '*.FINNHUB_API_KEY', '*.OPENAI_API_KEY', '*.ANTHROPIC_API_KEY', '*.SLACK_BOT_TOKEN', '*.SLACK_SIGNING_SECRET',
  '*.SLACK_APP_TOKEN', '*.DISCORD_TOKEN', '*.API_TOKEN', 'config.*KEY', 'config.*TOKEN', 'config.*SECRET',
  // Live daily-bars providers: Tiingo authenticates with `Authorization: Token …`, Alpaca with two APCA headers.
  '*.TIINGO_API_KEY', '*.ALPACA_API_KEY_ID', '*.ALPACA_API_SECRET_KEY',
  'headers["apca-api-key-id"]', 'headers["apca-api-secret-key"]', 'headers["APCA-API-KEY-ID"]', 'headers["APCA-API-SECRET-KEY"]',
  '*.headers["apca-api-key-id"]', '*.headers["apca-api-secret-key"]', '*.headers["APCA-API-KEY-ID"]', '*.headers["APCA-API-SECRET-KEY"]',
];

export function createLogger(
  options: { level?: string; pretty?: boolean; destination?: pino.DestinationStream; /** Values cut out of every line, wherever they appear. */ secrets?: readonly string[] } = {},
): Logger {
  // Paths catch secrets by field name; the stream hook catches configured values anywhere in the line (an upstream
  // body quoted in an error message, a stack).
  const redactor = createRedactor(options.secrets ?? []);
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'marketdesk' },
    ...(redactor.active ? { hooks: { streamWrite: (line: string) => redactor.text(line) } } : {}),
  };
  if (options.destination) return pino(base, options.destination);
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  if (pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  return pino(base, pino.destination(2));
}

/** A logger that discards everything (tests, --json CLI). */
export const silentLogger: Logger = pino({ level: 'silent' });
