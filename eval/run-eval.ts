/**
 * `npm run eval`: scores the rules router and the whole offline pipeline against the gold set, for the in-sample
 * part (eval/gold.json + eval/insample.json) and the held-out part (eval/heldout.json) separately: intent, entity,
 * window and metric accuracy, direct-answer accuracy (first paragraph checked against eval/reference/) and graph F1.
 *   --split in|heldout   one part only          --no-answers   routing only (skips the pipeline runs)
 *   --verbose            one line per question  --json         the full report as JSON on stdout
 */
import { scoreDirectAnswers, type DirectAnswerReport, type DirectAnswerScore } from './direct-answer.js';
import { GOLD_PATHS, loadGoldSplits, SPLITS, type GoldSet, type Split } from './gold-schema.js';
import { createPipelineRunner, offlineEvalDeps } from './pipeline-adapter.js';
import { evaluate, type EvalReport, type QuestionScore, type Share } from './score.js';

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith('--') && !a.includes('=')));

function splitArg(): readonly Split[] {
  const i = argv.indexOf('--split');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--split='))?.slice('--split='.length);
  if (value === undefined) return SPLITS;
  if (!(SPLITS as readonly string[]).includes(value)) throw new Error(`--split takes ${SPLITS.join(' or ')}, got ${value}`);
  return [value as Split];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number) => x.toFixed(3);
const shareText = (s: Share) => `${pct(s.rate)} (${s.hits}/${s.n})`;

type SplitReport = { split: Split; route: EvalReport; answers?: DirectAnswerReport };

function routeMisses(q: QuestionScore): string[] {
  const out: string[] = [];
  const e = q.expected;
  const p = q.predicted;
  if (!q.intentOk) out.push(`intent ${e.intent} → got ${p.intent} (${p.confidence})`);
  if (!q.fields.tickers) out.push(`tickers [${e.tickers}] → got [${p.tickers}]`);
  if (!q.fields.benchmark) out.push(`benchmark ${e.benchmark} → got ${p.benchmark}`);
  if (!q.fields.altBenchmarks) out.push(`alts [${e.altBenchmarks}] → got [${p.altBenchmarks}]`);
  if (!q.fields.period) out.push(`period ${JSON.stringify(e.period)} → got ${JSON.stringify(p.period)}`);
  if (!q.fields.problems) out.push(`problems [${e.problems}] → got [${p.problems}]`);
  if (q.windowOk === false) {
    const w = e.window ?? e.period;
    out.push(`window ${w?.from} → ${w?.to}${e.window?.anchor ? ` (anchor ${e.window.anchor.kind} ${e.window.anchor.date})` : ''} → got ${p.period.from} → ${p.period.to}`);
  }
  if (q.metricOk === false) out.push(`metric ${JSON.stringify(e.metric)} → got ${JSON.stringify(p.metricRead)}`);
  if (q.nodes && q.nodes.f1 < 1) out.push(`node F1 ${f3(q.nodes.f1)}: got [${p.nodes}]`);
  if (q.edges && q.edges.f1 < 1) out.push(`edge F1 ${f3(q.edges.f1)}`);
  return out;
}

function answerMisses(a: DirectAnswerScore | undefined): string[] {
  if (!a || a.ok) return [];
  return a.checks.filter((c) => !c.ok).map((c) => `${c.kind} ${c.expected}${c.detail ? ` (${c.detail})` : ''}`);
}

function table(reports: readonly SplitReport[]): string[] {
  const head = (label: string) => label.padEnd(20);
  const col = (text: string) => text.padEnd(26);
  const row = (label: string, pick: (r: SplitReport) => string) => `  ${head(label)}${reports.map((r) => col(pick(r))).join('')}`;
  const count = (r: EvalReport, pick: (q: QuestionScore) => boolean) => `${pct(r.questions.filter(pick).length / r.count)} (${r.questions.filter(pick).length}/${r.count})`;
  return [
    `  ${head('')}${reports.map((r) => col(r.split === 'in' ? `in-sample (${r.route.count})` : `held-out (${r.route.count})`)).join('')}`,
    row('intent accuracy', (r) => count(r.route, (q) => q.intentOk)),
    row('entity accuracy', (r) => count(r.route, (q) => q.entityOk)),
    row('window accuracy', (r) => shareText(r.route.window)),
    row('metric accuracy', (r) => shareText(r.route.metric)),
    row('  named metrics', (r) => shareText(r.route.metric.named)),
    row('direct-answer', (r) => (r.answers ? shareText(r.answers) : 'skipped')),
    row('node F1 (micro)', (r) => (r.route.nodeF1.n ? `${f3(r.route.nodeF1.micro)} (${r.route.nodeF1.n} graphs)` : 'n/a (no graphs)')),
    row('edge F1 (micro)', (r) => (r.route.edgeF1.n ? f3(r.route.edgeF1.micro) : 'n/a')),
  ];
}

function describeSplit(r: SplitReport, verbose: boolean): string[] {
  const lines: string[] = [];
  const answers = new Map((r.answers?.questions ?? []).map((a) => [a.id, a]));
  const missed = r.route.questions.filter((q) => routeMisses(q).length > 0 || answerMisses(answers.get(q.id)).length > 0);
  const name = r.split === 'in' ? 'in-sample' : 'held-out';
  lines.push('', missed.length === 0 ? `${name}: no misses` : `${name} misses (${missed.length}):`);
  for (const q of missed) {
    const a = answers.get(q.id);
    if (r.split === 'heldout') {
      // Held-out misses verbatim: the question, what routing got wrong, what the answer got wrong and its first paragraph.
      lines.push(`  ${q.id}: ${JSON.stringify(q.question)}`);
      for (const text of routeMisses(q)) lines.push(`      route: ${text}`);
      for (const text of answerMisses(a)) lines.push(`      answer: ${text}`);
      if (a && !a.ok) lines.push(`      first paragraph (${a.status}): ${JSON.stringify(a.firstParagraph)}`);
    } else {
      lines.push(`  ${q.id}: ${[...routeMisses(q), ...answerMisses(a).map((t) => `answer: ${t}`)].join('; ')}`);
    }
  }
  if (verbose) {
    lines.push('', `${name}, all questions:`);
    for (const q of r.route.questions) {
      const a = answers.get(q.id);
      const text = q.question.length > 70 ? `${q.question.slice(0, 67)}...` : q.question;
      const routeOk = q.intentOk && q.entityOk && q.windowOk !== false && q.metricOk !== false;
      const answer = a ? (a.ok ? 'answer ok ' : 'answer MISS') : 'answer -   ';
      lines.push(`  ${routeOk ? 'route ok  ' : 'route MISS'} ${answer} ${q.id.padEnd(30)} ${q.predicted.intent.padEnd(15)} ${JSON.stringify(text)}`);
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const splits = splitArg();
  const deps = offlineEvalDeps();
  const gold = loadGoldSplits();
  const wanted: [Split, GoldSet][] = splits.map((s) => [s, gold[s]]);
  if (gold.in.referenceDate !== deps.referenceDate) {
    throw new Error(`the gold set assumes data as of ${gold.in.referenceDate}, the offline dataset is as of ${deps.referenceDate}`);
  }
  const runner = flags.has('--no-answers') ? undefined : createPipelineRunner();
  const reports: SplitReport[] = [];
  const started = performance.now();
  for (const [split, set] of wanted) {
    const route = evaluate(set, deps);
    const answers = runner ? await scoreDirectAnswers(set.questions, runner) : undefined;
    reports.push({ split, route, answers });
  }
  const seconds = (performance.now() - started) / 1000;
  if (flags.has('--json')) {
    process.stdout.write(`${JSON.stringify({ referenceDate: deps.referenceDate, files: GOLD_PATHS, splits: reports }, null, 2)}\n`);
    return;
  }
  const lines = [
    `marketdesk eval: ${deps.label} as of ${deps.referenceDate}, rules router, builtin models, all catalogue tools available`,
    `  in-sample = eval/gold.json + eval/insample.json; held-out = eval/heldout.json (${seconds.toFixed(1)} s)`,
    '',
    ...table(reports),
  ];
  for (const r of reports) lines.push(...describeSplit(r, flags.has('--verbose')));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`eval failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
