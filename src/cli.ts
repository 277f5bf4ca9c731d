/**
 * `npm run ask -- "question"`: one run in the terminal. Reads only the run's events (like every surface).
 *   (TTY)       a live status block (spinner, elapsed time on running steps, ≤ 10 redraws/s), then the answer
 *               rendered for the terminal: bold, aligned tables, wrapped at the terminal's width
 *   (piped)     one plain line per event, then the answer as Markdown
 *   --markdown  the answer as Markdown even on a TTY (to paste it somewhere)
 *   --json      the events as NDJSON on stdout (DESIGN.md's envelope), one per line, nothing else on stdout
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
import { renderTerminalMarkdown } from './render/views/terminal-markdown.js';

const FLAGS = new Set(['--json', '--markdown']);
/** The live display redraws on a clock, never per event: at most 10 frames a second however busy the run is. */
const FRAME_MS = 100;

const USAGE = `usage: npm run ask -- [--json | --markdown] "your question"
examples:
  npm run ask -- "How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?"
  npm run ask -- "/analyze NVDA vs SOX"
  npm run ask -- --json "AMD technicals YTD"`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const json = argv.includes('--json');
  const markdown = argv.includes('--markdown');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknownFlag = argv.find((a) => a.startsWith('--') && !FLAGS.has(a));
  if (unknownFlag) {
    process.stderr.write(`unknown option ${unknownFlag}\n${USAGE}\n`);
    return 2;
  }
  if (json && markdown) {
    process.stderr.write(`--json and --markdown are exclusive\n${USAGE}\n`);
    return 2;
  }
  const question = argv.filter((a) => !FLAGS.has(a)).join(' ').trim();
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
  const display = tty ? new LiveDisplay() : undefined;
  runs.subscribe(runId, 0, (event: RunEvent) => {
    state = applyEvent(state, event);
    if (json) {
      process.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    if (display) display.update(state);
    else {
      const line = plainLine(event, state);
      if (line) process.stdout.write(`${line}\n`);
    }
  });
  const final = await done;
  display?.finish(final);
  process.off('SIGINT', onSigint);
  if (!json) {
    const rendered = tty && !markdown;
    const answer = rendered ? renderTerminalMarkdown(final.answer, { width: terminalWidth(), color: true }) : final.answer;
    process.stdout.write(`\n${finalText(final, answer, await chartPaths(runs, final))}\n`);
  }
  return final.status === 'completed' ? 0 : 1;
}

function terminalWidth(): number {
  return Math.min(process.stdout.columns || 100, 120);
}

/**
 * The status block on a TTY, redrawn in place on a 100 ms clock while the run is live: the spinner turns and each
 * running step's elapsed time ticks even when no event arrives. Events only mark the block stale.
 */
class LiveDisplay {
  private drawnLines = 0;
  private frame = 0;
  private state: RunState | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.draw(), FRAME_MS);
  }

  update(state: RunState): void {
    const first = this.state === undefined;
    this.state = state;
    if (first) this.draw(); // something on screen at once, not after the first tick
  }

  /** The last frame: the finished status, drawn once, with no spinner. */
  finish(state: RunState): void {
    clearInterval(this.timer);
    this.state = state;
    this.draw(false);
  }

  private draw(live = true): void {
    if (!this.state) return;
    const text = renderStatusText(this.state, { color: true, ...(live ? { now: Date.now(), frame: this.frame++ } : {}) });
    const clipped = clipToWidth(text, terminalWidth());
    if (this.drawnLines > 0) process.stdout.write(`\x1b[${this.drawnLines}F\x1b[J`);
    process.stdout.write(`${clipped}\n`);
    this.drawnLines = clipped.split('\n').length;
  }
}

/** Lines longer than the terminal would wrap and break the cursor-up redraw: cut them (ANSI-aware) instead. */
function clipToWidth(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      let visible = 0;
      let out = '';
      for (let i = 0; i < line.length; i++) {
        const esc = /^\x1b\[[0-9;]*m/.exec(line.slice(i));
        if (esc) {
          out += esc[0];
          i += esc[0].length - 1;
          continue;
        }
        if (visible >= width - 1) {
          out += '…\x1b[0m';
          break;
        }
        out += line[i];
        visible++;
      }
      return out;
    })
    .join('\n');
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

/** Where each chart of the run is on disk (or its name when the store keeps no local files), each once. */
async function chartPaths(runs: RunApi, state: RunState): Promise<string[]> {
  const paths = await Promise.all(state.artifacts.map(async (a) => (await runs.getArtifact(state.runId, a.name))?.localPath ?? a.name));
  return [...new Set(paths)];
}

function finalText(state: RunState, answer: string, charts: readonly string[]): string {
  const lines: string[] = [];
  if (state.status === 'completed') {
    lines.push(answer);
    if (charts.length === 1) lines.push(`\nChart: ${charts[0]}`);
    else if (charts.length > 1) lines.push('\nCharts:', ...charts.map((chart) => `  ${chart}`));
    if (state.usage) lines.push(`\n${formatUsageLine(state.usage)}`);
    if (state.flagged?.length) lines.push(`⚠ figures not found in any tool output: ${state.flagged.join(', ')}`);
  } else if (state.status === 'failed') {
    if (answer) lines.push(answer, '');
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
