/**
 * Runs that start from a structured request instead of a question (src/watch/: a watchlist digest, an alert that
 * fired). They skip natural-language routing — the request already says what to fetch — but otherwise are runs like
 * any other: `route.completed` with their own intent, a validated plan executed as a DAG, an answer, a chart, one
 * terminal event, in the store and the console.
 *
 * The answer is written from the tools' outputs here (no synthesis model): a digest's table and an alert's figure
 * are computed in code, and a scheduled post should read the same every day.
 */
import type { Entities, StructuredRequest } from '../events/events.js';
import type { Plan } from '../plan/plan-schema.js';
import type { RouteOutcome } from '../route/router.js';
import type { ExecutionResult } from '../execute/executor.js';

/** Sessions of history a digest reads: a 52-week range, the 200-day SMA and the previous year's last close. */
const DIGEST_WARMUP = 300;
/** Sessions an alert chart shows with its indicators warmed up. */
const ALERT_WARMUP = 260;

export const STRUCTURED_INTENTS = { digest: 'digest', alert: 'alert' } as const;

export function structuredRoute(request: StructuredRequest): RouteOutcome {
  const tickers = request.kind === 'digest' ? request.tickers : [request.symbol];
  const date = request.kind === 'digest' ? request.asOf : request.date;
  const entities: Entities = {
    tickers,
    benchmark: null,
    altBenchmarks: [],
    period: { label: request.kind === 'digest' ? `year to date as of ${date}` : `as of ${date}`, from: `${date.slice(0, 4)}-01-01`, to: date },
    unknown: [],
  };
  return { intent: STRUCTURED_INTENTS[request.kind], confidence: 1, entities, router: 'structured', problems: [] };
}

const slug = (symbol: string) => symbol.replace(/[^A-Za-z0-9]/g, '_').toLowerCase();
const ref = (path: string) => ({ $ref: path });

export function structuredPlan(request: StructuredRequest, available: ReadonlySet<string>): Plan {
  if (request.kind === 'digest') {
    const { tickers, asOf } = request;
    const from = weekBefore(asOf);
    const bars = tickers.map((symbol) => ({
      id: `prices_${slug(symbol)}`,
      tool: 'get_bars',
      label: `Fetching ${symbol} daily prices`,
      args: { symbol, from, to: asOf, warmupBars: DIGEST_WARMUP },
    }));
    const steps: Plan['steps'] = [
      ...bars,
      { id: 'digest', tool: 'watchlist_digest', label: `Computing the digest for ${tickers.length} symbol${tickers.length === 1 ? '' : 's'}`, args: { series: bars.map((b) => ref(b.id)), asOf } },
    ];
    if (available.has('render_chart')) {
      // One comparison chart (year to date, rebased to 100); the chart holds at most 8 lines.
      steps.push({
        id: 'chart',
        tool: 'render_chart',
        label: 'Rendering the year-to-date comparison chart',
        args: { kind: 'comparison', series: bars.slice(0, 8).map((b) => ref(b.id)), from: `${asOf.slice(0, 4)}-01-01`, to: asOf },
        optional: true,
      });
    }
    return { steps };
  }
  const { symbol, date } = request;
  const steps: Plan['steps'] = [
    { id: 'prices', tool: 'get_bars', label: `Fetching ${symbol} daily prices`, args: { symbol, from: threeMonthsBefore(date), to: date, warmupBars: ALERT_WARMUP } },
    { id: 'indicators', tool: 'indicators', label: `Computing ${symbol} indicators`, args: { series: ref('prices') } },
  ];
  if (available.has('render_chart')) {
    steps.push({ id: 'chart', tool: 'render_chart', label: `Rendering the ${symbol} chart`, args: { kind: 'technical', symbol, series: ref('prices'), indicators: ref('indicators') }, optional: true });
  }
  return { steps };
}

/** The answer: the digest's markdown, or the alert's figure; undefined when the step that writes it failed. */
export function structuredAnswer(request: StructuredRequest, result: ExecutionResult): string | undefined {
  if (request.kind === 'digest') {
    const outcome = result.outcomes.get('digest');
    if (outcome?.status !== 'succeeded') return undefined;
    return (outcome.output as { markdown: string }).markdown;
  }
  if (result.outcomes.get('prices')?.status !== 'succeeded') return undefined;
  const by = request.createdBy ? ` (set by ${request.createdBy})` : '';
  return `*Alert ${request.alertId}: ${request.condition}*${by}\n${request.figure}`;
}

function weekBefore(iso: string): string {
  return shift(iso, -7);
}

function threeMonthsBefore(iso: string): string {
  return shift(iso, -92);
}

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
