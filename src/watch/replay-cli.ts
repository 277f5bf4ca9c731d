/**
 * `npm run replay -- --from 2026-04-01 --to 2026-05-15 [--alert "NVDA rsi above 70"]... [--json]`: prints what the
 * alerts would have posted over that history, from the configured market data (offline dataset with no keys).
 * Exit 0 on success, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { FaultInjector } from '../faults.js';
import { createMarketData } from '../tools/market/create-market-data.js';
import { isTradingDay } from '../tools/market/calendar/trading-calendar.js';
import { alertFromText, DEFAULT_REPLAY_ALERTS, replayAlerts } from './replay.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, alert: { type: 'string', multiple: true }, json: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const { from, to } = values;
  if (!from || !to || !ISO.test(from) || !ISO.test(to) || from > to) {
    process.stderr.write('usage: npm run replay -- --from YYYY-MM-DD --to YYYY-MM-DD [--alert "NVDA rsi above 70"]... [--json]\n');
    return 2;
  }
  let alerts;
  try {
    alerts = (values.alert?.length ? values.alert : DEFAULT_REPLAY_ALERTS).map((text, i) => alertFromText(text, `r${i + 1}`));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: 'silent' });
  const { market } = createMarketData(config, { logger, faults: new FaultInjector([]) });
  const result = await replayAlerts(alerts, market, { from, to });
  if (values.json) {
    for (const f of result.firings) process.stdout.write(`${JSON.stringify(f)}\n`);
    return 0;
  }
  let tradingDays = 0;
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) if (isTradingDay(d.toISOString().slice(0, 10))) tradingDays++;
  process.stdout.write(`Replaying ${alerts.length} alerts over ${from} → ${to} (${result.sessions} sessions with data, ${market.label}; ${result.requests} symbol fetches)\n`);
  for (const a of alerts) process.stdout.write(`  ${a.id}: /alert ${values.alert?.[Number(a.id.slice(1)) - 1] ?? DEFAULT_REPLAY_ALERTS[Number(a.id.slice(1)) - 1]}\n`);
  process.stdout.write(`A daily digest would have posted on ${tradingDays} NYSE trading days.\n\n`);
  if (result.firings.length === 0) process.stdout.write('No alert would have fired.\n');
  for (const f of result.firings) process.stdout.write(`${f.date}  ${f.alertId}  ${f.condition} — ${f.figure}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
