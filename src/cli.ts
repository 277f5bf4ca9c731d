/**
 * `npm run ask -- "question"`: one run in the terminal. Reads only the run's events (like every surface).
 *   --json   the events as NDJSON on stdout (DESIGN.md's envelope), one per line, nothing else on stdout
 * Exit codes: 0 completed, 1 failed or cancelled, 2 bad usage.
 */
import { createApp } from './app/create-app.js';
import { ConfigError, loadConfig } from './config.js';
import { exitQuietlyOnClosedPipe } from './app/exit-quietly-on-closed-pipe.js';
import { createLogger } from './logger.js';
import { secretValues } from './secrets.js';
import { applyEvent, initialRunState, type RunApi, type RunEvent, type RunState } from './pipeline/index.js';
import { formatUsageLine } from './render/views/format-usage-line.js';
import { renderStatusText } from './render/views/status-text.js';

const USAGE = `usage: npm run ask -- [--json] "your question"
examples:
  npm run ask -- "How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?"
  npm run ask -- "/analyze NVDA vs SOX"
  npm run ask -- --json "AMD technicals YTD"`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknownFlag = argv.find((a) => a.startsWith('--') && a !== '--json');
  if (unknownFlag) {
    process.stderr.write(`unknown option ${unknownFlag}\n${USAGE}\n`);
    return 2;
  }
  const question = argv.filter((a) => a !== '--json').join(' ').trim();
  if (!question) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // The CLI's own output is the answer; logs go to stderr and only when something is wrong.
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn', pretty: false, secrets: secretValues(config) });
  const app = createApp(config, { logger });
  const tty = !json && Boolean(process.stdout.isTTY);
  const runs: RunApi = app.pipeline;
  const { runId, done } = await runs.startRun({ question, source: { platform: 'cli', user: env.USER } });

  const onSigint = () => void runs.cancelRun(runId, 'you (Ctrl-C)');
  process.once('SIGINT', onSigint);
  let state: RunState = initialRunState(runId);
  let drawnLines = 0;
  runs.subscribe(runId, 0, (event: RunEvent) => {
    state = applyEvent(state, event);
    if (json) {
      process.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    if (tty) {
      if (event.type === 'synthesis.delta') return; // the final answer is printed whole
      const text = renderStatusText(state, { color: true });
      if (drawnLines > 0) process.stdout.write(`\x1b[${drawnLines}F\x1b[J`);
      process.stdout.write(`${text}\n`);
      drawnLines = text.split('\n').length;
    } else {
      const line = plainLine(event, state);
      if (line) process.stdout.write(`${line}\n`);
    }
  });
  const final = await done;
  process.off('SIGINT', onSigint);
  if (!json) process.stdout.write(`\n${finalText(final, await chartPaths(runs, final))}\n`);
  return final.status === 'completed' ? 0 : 1;
}

/** One line per event for pipes and logs (no cursor tricks). */
function plainLine(event: RunEvent, state: RunState): string | undefined {
  const label = (id: string) => state.steps.find((s) => s.id === id)?.label ?? id;
  switch (event.type) {
    case 'route.completed': {
      const e = event.data.entities;
      return `route: ${event.data.intent} — ${e.tickers.join(', ') || 'no tickers'}${e.benchmark ? ` vs ${e.benchmark}` : ''}, ${e.period.label} (${e.period.from} → ${e.period.to})`;
    }
    case 'plan.created':
      return [`plan (${event.data.planner}, ${event.data.steps.length} steps):`, ...event.data.steps.map((s) => `  - ${s.id}: ${s.label}${s.dependsOn.length ? ` ← ${s.dependsOn.join(', ')}` : ''}`)].join('\n');
    case 'plan.revised':
      return `plan revised: ${event.data.reason} (+${event.data.added.map((s) => s.id).join(', ')} −${event.data.removed.join(', ')})`;
    case 'step.started':
      return `  … ${label(event.data.stepId)}${event.data.attempt > 1 ? ` (attempt ${event.data.attempt})` : ''}`;
    case 'step.retrying':
      return `  ↻ ${label(event.data.stepId)}: ${event.data.error.message}; retrying in ${event.data.delayMs} ms`;
    case 'step.succeeded':
      return `  ✓ ${label(event.data.stepId)} (${event.data.durationMs} ms) ${event.data.summary}`;
    case 'step.failed':
      return event.data.final ? `  ✗ ${label(event.data.stepId)}: ${event.data.error.message}` : undefined;
    case 'step.skipped':
      return `  – ${label(event.data.stepId)}: skipped (${event.data.reason})`;
    default:
      return undefined;
  }
}

/** Where each chart of the run is on disk (or its name when the store keeps no local files). */
async function chartPaths(runs: RunApi, state: RunState): Promise<string[]> {
  return Promise.all(state.artifacts.map(async (a) => (await runs.getArtifact(state.runId, a.name))?.localPath ?? a.name));
}

function finalText(state: RunState, charts: readonly string[]): string {
  const lines: string[] = [];
  if (state.status === 'completed') {
    lines.push(state.answer);
    for (const chart of charts) lines.push(`\nChart: ${chart}`);
    if (state.usage) lines.push(`\n${formatUsageLine(state.usage)}`);
    if (state.flagged?.length) lines.push(`⚠ figures not found in any tool output: ${state.flagged.join(', ')}`);
  } else if (state.status === 'failed') {
    if (state.answer) lines.push(state.answer, '');
    lines.push(`✗ ${state.error?.message ?? 'the run failed'}`);
  } else if (state.status === 'cancelled') {
    lines.push(`Cancelled${state.cancelledBy ? ` by ${state.cancelledBy}` : ''}.`);
  }
  return lines.join('\n');
}

// Run when executed directly (not when imported by tests).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts')) {
  exitQuietlyOnClosedPipe(process.stdout); // `… --json | head -1` ends the CLI with 0, not an EPIPE stack trace
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
