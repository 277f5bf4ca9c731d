import { describe, expect, it } from 'vitest';
import { closeOnDateTool, closeOnDateOutputSchema, type CloseOnDate } from '../../../src/tools/close-on-date.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, reference } from './helpers.js';

const call = async (symbol: string, date: string, from = '2026-03-01', to = '2026-05-15') =>
  output<CloseOnDate>('close_on_date', { series: await bars(symbol, from, to), date });

describe('tool close_on_date on the offline dataset', () => {
  it("NVDA's close on 2026-03-31 is 174.40, with the day's move against the 2026-03-30 close", async () => {
    const out = await call('NVDA', '2026-03-31');
    expect(closeOnDateOutputSchema.safeParse(out).success).toBe(true);
    expect(out).toMatchObject({ symbol: 'NVDA', requestedDate: '2026-03-31', date: '2026-03-31', isSession: true, close: 174.4, previousDate: '2026-03-30', note: null });
    expect(out.close).toBe(reference({ kind: 'close', ticker: 'NVDA', date: '2026-03-31' }));
    expect(out.changePct).toBeCloseTo(reference({ kind: 'change', ticker: 'NVDA', date: '2026-03-31' }), 2);
    expect(out.change).toBeCloseTo(out.close - out.previousClose!, 4);
    expect(out).toMatchObject({ source: 'offline dataset', asOf: '2026-05-15' });
    expect(closeOnDateTool.summarize!(out)).toBe(`NVDA closed 174.40 on 2026-03-31, +${out.changePct!.toFixed(2)}% on the day`);
  });

  it('a holiday (Good Friday 2026-04-03) uses the last session before it and says so', async () => {
    const out = await call('NVDA', '2026-04-03');
    expect(out).toMatchObject({ requestedDate: '2026-04-03', date: '2026-04-02', isSession: false, previousDate: '2026-04-01' });
    expect(out.close).toBe(reference({ kind: 'close', ticker: 'NVDA', date: '2026-04-03' }));
    expect(out.changePct).toBeCloseTo(reference({ kind: 'change', ticker: 'NVDA', date: '2026-04-03' }), 2);
    expect(out.note).toMatch(/2026-04-03 is not a trading session .* the last session before it is 2026-04-02/);
    expect(closeOnDateTool.summarize!(out)).toContain('(2026-04-03 is not a session)');
  });

  it('a weekend uses the Friday before; a date past the series end says it is past the end', async () => {
    const saturday = await call('AAPL', '2026-05-09');
    expect(saturday).toMatchObject({ date: '2026-05-08', isSession: false });
    expect(saturday.close).toBe(reference({ kind: 'close', ticker: 'AAPL', date: '2026-05-09' }));
    const later = await call('AAPL', '2026-05-20');
    expect(later).toMatchObject({ date: '2026-05-15', isSession: false });
    expect(later.note).toMatch(/after the last session in the series \(2026-05-15\)/);
  });

  it('matches the gold figures: Apple yesterday, the GOOGL move on 2026-04-09, AMD on 2026-03-31', async () => {
    const aapl = await call('AAPL', '2026-05-14');
    expect(aapl.close).toBe(reference({ kind: 'close', ticker: 'AAPL', date: '2026-05-14' }));
    const googl = await call('GOOGL', '2026-04-09');
    expect(googl.changePct).toBeCloseTo(reference({ kind: 'change', ticker: 'GOOGL', date: '2026-04-09' }), 2);
    const amd = await call('AMD', '2026-03-31');
    expect(amd.changePct).toBeCloseTo(reference({ kind: 'change', ticker: 'AMD', date: '2026-03-31' }), 2);
  });

  it('a series that starts on the date has no previous close: the change is null and the note says why', async () => {
    const one = syntheticSeries('ONE', [42], 0);
    const out = await output<CloseOnDate>('close_on_date', { series: one, date: one.bars[0].date });
    expect(out).toMatchObject({ close: 42, previousClose: null, previousDate: null, change: null, changePct: null, isSession: true });
    expect(out.note).toMatch(/no previous close/);
  });

  it('bad input is a clear error: a date before the series, a malformed date, no series', async () => {
    const series = await bars('NVDA', '2026-03-01', '2026-05-15');
    expect(await failure('close_on_date', { series, date: '2026-01-02' })).toMatchObject({ code: 'insufficient_data', message: expect.stringMatching(/no session on or before 2026-01-02/) });
    expect(await failure('close_on_date', { series, date: '03/31/2026' })).toMatchObject({ code: 'tool_input_invalid', message: expect.stringMatching(/date/) });
    expect(await failure('close_on_date', { date: '2026-03-31' })).toMatchObject({ code: 'tool_input_invalid', message: expect.stringMatching(/series/) });
  });
});

describe('close_on_date on live data whose last session is still in progress', () => {
  it('says the "close" is the latest price', async () => {
    const series = { ...syntheticSeries('LIVE', [100, 101, 102.5], 1), partial: true };
    const out = await output<CloseOnDate>('close_on_date', { series, date: series.bars[2].date });
    expect(out).toMatchObject({ close: 102.5, lastSessionInProgress: true });
    expect(out.note).toMatch(/still in progress: 102\.5 is the latest price, not its close/);
    const earlier = await output<CloseOnDate>('close_on_date', { series, date: series.bars[1].date });
    expect(earlier.note).toBeNull();
  });
});
