// Runs the real stack in a child process (for the crash test): prints {"url": …} on stdout once listening.
// The environment comes from the parent (DATA_DIR, MARKETDESK_FAULTS, …).
import { startAppServer } from './app-server.js';

const server = await startAppServer(
  Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && /^(MARKETDESK_FAULTS|RUN_TIMEOUT_MS)$/.test(e[0]))),
  { dataDir: process.env.DATA_DIR },
);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
