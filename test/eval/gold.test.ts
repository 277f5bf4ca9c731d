import { describe, expect, it } from 'vitest';
import { checkAnswer, expectedWindow, hasAnswerExpectations } from '../../eval/answer-check.js';
import { GOLD_PATHS, loadGoldSet, loadGoldSplits, METRICS, type GoldQuestion } from '../../eval/gold-schema.js';
import { computeFigure, hasSeries, resolveAnchor, WINDOW_KINDS } from '../../eval/reference/index.js';
import { scoreDirectAnswers } from '../../eval/direct-answer.js';
import { createPipelineRunner, offlineEvalDeps } from '../../eval/pipeline-adapter.js';
import { evaluate, readMetric, type EvalReport } from '../../eval/score.js';

const splits = loadGoldSplits();
const all: GoldQuestion[] = [...splits.in.questions, ...splits.heldout.questions];
const R = splits.in.referenceDate;
const returnOver = (ticker: string, q: GoldQuestion) => computeFigure({ kind: 'return', ticker }, { window: expectedWindow(q), referenceDate: R }).value;

describe('the gold set (issue 12)', () => {
  it('has at least 200 questions: at least 140 in-sample and 60 held-out, with unique ids', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(splits.in.questions.length).toBeGreaterThanOrEqual(140);
    expect(splits.heldout.questions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
    expect(GOLD_PATHS.map((p) => loadGoldSet(p).split)).toEqual(['in', 'in', 'heldout']);
  });

  it('covers every metric of the vocabulary and asks about the answer in most questions', () => {
    const asked = new Set(all.flatMap((q) => (q.metric ? [q.metric].flat() : [])));
    expect([...METRICS].filter((m) => !asked.has(m))).toEqual([]);
    for (const split of [splits.in, splits.heldout]) {
      expect(split.questions.filter(hasAnswerExpectations).length / split.questions.length).toBeGreaterThan(0.75);
    }
  });

  it('names only symbols the dataset has in figures, and every figure computes', () => {
    for (const q of all) {
      for (const f of q.firstParagraph?.figures ?? []) {
        expect(hasSeries(f.ticker) && (!f.benchmark || hasSeries(f.benchmark)), `${q.id}: ${f.ticker}/${f.benchmark}`).toBe(true);
        expect(() => computeFigure(f, { window: expectedWindow(q), referenceDate: R }), q.id).not.toThrow();
        if (WINDOW_KINDS.has(f.kind)) expect(expectedWindow(q), q.id).toBeDefined();
      }
    }
  });

  it('stores figure values that agree with the reference calculator', () => {
    for (const q of all) {
      for (const f of q.firstParagraph?.figures ?? []) {
        if (f.value === undefined) continue;
        const { value } = computeFigure(f, { window: expectedWindow(q), referenceDate: R });
        expect(Math.abs(value - f.value), `${q.id} ${f.kind} ${f.ticker}`).toBeLessThanOrEqual(5e-5);
      }
    }
  });

  it('anchors are the sessions the reference resolves, and anchored windows start there', () => {
    const anchored = all.filter((q) => q.window?.anchor);
    expect(anchored.length).toBeGreaterThanOrEqual(10);
    for (const q of anchored) {
      const a = q.window!.anchor!;
      expect(resolveAnchor({ ...a, ticker: a.ticker ?? q.tickers[0] }, R), q.id).toBe(a.date);
      expect(q.window!.from, q.id).toBe(a.date);
    }
  });

  it('winners, leaders and laggards are the best and worst returns over the window', () => {
    for (const q of all) {
      const fp = q.firstParagraph;
      if (!fp?.winner && !fp?.leader) continue;
      const field = [...q.tickers, ...(q.benchmark ? [q.benchmark] : [])];
      const ranked = (fp.winner ? field.filter((t) => fp.figures?.some((f) => f.kind === 'return' && f.ticker === t)) : q.tickers)
        .map((t) => ({ t, r: returnOver(t, q) }))
        .sort((a, b) => b.r - a.r);
      if (fp.winner) expect(fp.winner, q.id).toBe(ranked[0].t);
      if (fp.leader) expect([fp.leader, fp.laggard], q.id).toEqual([ranked[0].t, ranked.at(-1)!.t]);
    }
  });

  it('can be met: ideal answers pass the checker (the yardstick is not impossible)', () => {
    const byId = new Map(all.map((q) => [q.id, q]));
    const ideal: Record<string, string> = {
      'issue-tsla-qqq-march-low': "Since TSLA's March low (2026-03-30 close 355.28) TSLA is up +18.8%, but QQQ did better at +27.0%, 8.1 pp ahead.",
      'issue-nvda-close-march-31': 'NVDA closed at 174.40 on 2026-03-31.',
      'issue-amd-overbought': 'No: AMD is not overbought. RSI(14) is 67.3, under the 70 line.',
      'issue-mag7-best-ytd': 'AMZN? No — GOOGL led the Mag 7 YTD (+26.8%); MSFT lagged (−12.8%).',
      'issue-zzzzq-vs-market': "I don't know the symbol ZZZZQ, so I can't compare it with the market.",
      'h-live-forward-pe': 'A forward P/E needs live data; the offline dataset has prices only.',
    };
    for (const [id, answer] of Object.entries(ideal)) {
      const q = byId.get(id)!;
      const result = checkAnswer(q, answer, { referenceDate: R });
      expect(result.checks.filter((c) => !c.ok), id).toEqual([]);
    }
  });

  it('reads a route metric defensively', () => {
    expect(readMetric(undefined)).toBeNull();
    expect(readMetric('beta')).toEqual(['beta']);
    expect(readMetric(['rsi', 'macd'])).toEqual(['macd', 'rsi']);
    expect(readMetric({ name: 'moving_average', window: 200 })).toEqual(['moving_average']);
  });

  // The thresholds issue 12 sets, measured on the in-sample part; the held-out part is reported beside it (its
  // floor is lower on purpose: those questions were not looked at while the router was built). The whole offline
  // pipeline answers every question with expectations, so this is the slowest test here (~30 s on two cores).
  describe('scores (rules router, builtin models, offline dataset)', () => {
    const deps = offlineEvalDeps();
    const runner = createPipelineRunner();
    const misses = (r: EvalReport) => r.questions.filter((q) => !q.intentOk || !q.entityOk || q.windowOk === false || q.metricOk === false).map((q) => q.id);

    it('in-sample: intent, entity, window and metric accuracy are at least 0.95', () => {
      const r = evaluate(splits.in, deps);
      expect(r.count).toBeGreaterThanOrEqual(140);
      expect(r.window.n, 'questions with a window to check').toBeGreaterThan(50);
      expect(r.metric.named.n, 'questions that name a metric').toBeGreaterThan(20);
      const scores = { intent: r.intentAccuracy, entity: r.entityAccuracy, window: r.window.rate, metric: r.metric.rate };
      for (const [name, value] of Object.entries(scores)) expect(value, `${name}; misses: ${misses(r).join(', ')}`).toBeGreaterThanOrEqual(0.95);
    });

    it('in-sample: direct-answer accuracy is at least 0.95', async () => {
      const a = await scoreDirectAnswers(splits.in.questions, runner, { concurrency: 4 });
      expect(a.n).toBeGreaterThan(100);
      const failed = a.questions.filter((q) => !q.ok).map((q) => `${q.id}: ${q.checks.filter((c) => !c.ok).map((c) => c.kind).join('+')}`);
      expect(a.rate, failed.join('; ')).toBeGreaterThanOrEqual(0.95);
    }, 180_000);

    it('held-out: intent, entity, window, metric and direct-answer accuracy are reported and at least 0.85', async () => {
      const r = evaluate(splits.heldout, deps);
      const a = await scoreDirectAnswers(splits.heldout.questions, runner, { concurrency: 4 });
      expect(r.count).toBeGreaterThanOrEqual(60);
      expect(a.n).toBeGreaterThan(40);
      const scores = { intent: r.intentAccuracy, entity: r.entityAccuracy, window: r.window.rate, metric: r.metric.rate, directAnswer: a.rate };
      console.info(`held-out scores: ${Object.entries(scores).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ')}`);
      for (const [name, value] of Object.entries(scores)) expect(value, `${name}; route misses: ${misses(r).join(', ')}`).toBeGreaterThanOrEqual(0.85);
    }, 120_000);
  });
});
