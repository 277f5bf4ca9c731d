/**
 * `npm run eval`: runs the rules router over eval/gold.json with the offline dataset and every catalogue tool
 * available, and prints intent accuracy, entity accuracy and node/edge F1 of the built graphs.
 *   --verbose   one line per question        --json   the full report as JSON on stdout
 */
import { TOOL } from '../src/pipeline/route/index.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { defaultSymbolDirectory } from '../src/tools/market/symbol-directory.js';
import { loadGoldSet } from './gold-schema.js';
import { evaluate, type QuestionScore } from './score.js';

const args = new Set(process.argv.slice(2));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number) => x.toFixed(3);

function describeMiss(q: QuestionScore): string[] {
  const out: string[] = [];
  const e = q.expected;
  const p = q.predicted;
  if (!q.intentOk) out.push(`intent ${e.intent} → got ${p.intent} (${p.confidence})`);
  if (!q.fields.tickers) out.push(`tickers [${e.tickers}] → got [${p.tickers}]`);
  if (!q.fields.benchmark) out.push(`benchmark ${e.benchmark} → got ${p.benchmark}`);
  if (!q.fields.altBenchmarks) out.push(`alts [${e.altBenchmarks}] → got [${p.altBenchmarks}]`);
  if (!q.fields.period) out.push(`period ${JSON.stringify(e.period)} → got ${JSON.stringify(p.period)}`);
  if (!q.fields.problems) out.push(`problems [${e.problems}] → got [${p.problems}]`);
  if (q.nodes.f1 < 1) out.push(`node F1 ${f3(q.nodes.f1)}: got [${p.nodes}]`);
  if (q.edges.f1 < 1) out.push(`edge F1 ${f3(q.edges.f1)}`);
  return out;
}

function main(): void {
  const gold = loadGoldSet();
  const market = new OfflineMarketData();
  if (market.referenceDate() !== gold.referenceDate) {
    throw new Error(`the gold set assumes data as of ${gold.referenceDate}, the offline dataset is as of ${market.referenceDate()}`);
  }
  const report = evaluate(gold, { directory: defaultSymbolDirectory(), market, available: new Set(Object.values(TOOL)) });
  if (args.has('--json')) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const lines = [
    `marketdesk routing eval: ${report.count} gold questions (eval/gold.json), ${market.label} as of ${market.referenceDate()}, all catalogue tools available`,
    '',
    `  intent accuracy   ${pct(report.intentAccuracy)}  (${report.questions.filter((q) => q.intentOk).length}/${report.count})`,
    `  entity accuracy   ${pct(report.entityAccuracy)}  (${report.questions.filter((q) => q.entityOk).length}/${report.count})`,
    `    tickers ${pct(report.fieldAccuracy.tickers)} · benchmark ${pct(report.fieldAccuracy.benchmark)} · further views ${pct(report.fieldAccuracy.altBenchmarks)} · period ${pct(report.fieldAccuracy.period)} · problems ${pct(report.fieldAccuracy.problems)}`,
    `  node F1           micro ${f3(report.nodeF1.micro)}  macro ${f3(report.nodeF1.macro)}`,
    `  edge F1           micro ${f3(report.edgeF1.micro)}  macro ${f3(report.edgeF1.macro)}`,
  ];
  const times = report.questions.map((q) => q.routeMs).sort((a, b) => a - b);
  lines.push(`  route time        median ${times[Math.floor(times.length / 2)].toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms (first call includes warm-up)`);
  const misses = report.questions.filter((q) => describeMiss(q).length > 0);
  lines.push('', misses.length === 0 ? 'no mismatches' : `mismatches (${misses.length}):`);
  for (const q of misses) lines.push(`  ${q.id}: ${describeMiss(q).join('; ')}`);
  if (args.has('--verbose')) {
    lines.push('', 'all questions:');
    for (const q of report.questions) {
      const text = q.question.length > 70 ? `${q.question.slice(0, 67)}...` : q.question;
      lines.push(`  ${q.intentOk && q.entityOk ? 'ok ' : 'MISS'} ${q.id.padEnd(26)} ${q.predicted.intent.padEnd(15)} nodeF1 ${f3(q.nodes.f1)} edgeF1 ${f3(q.edges.f1)}  ${JSON.stringify(text)}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`eval failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
