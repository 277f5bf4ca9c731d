import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/watch/parse-command.js';

describe('parseCommand', () => {
  it('reads /watch, /digest and /alert forms', () => {
    expect(parseCommand('watch', 'add nvda, $AMD amd')).toEqual({ ok: true, command: { kind: 'watch_add', symbols: ['NVDA', 'AMD'] } });
    expect(parseCommand('watch', 'remove BRK.B')).toEqual({ ok: true, command: { kind: 'watch_remove', symbols: ['BRK.B'] } });
    expect(parseCommand('watch', '')).toEqual({ ok: true, command: { kind: 'watch_list' } });
    expect(parseCommand('digest', 'daily 9:05')).toEqual({ ok: true, command: { kind: 'digest_daily', time: '09:05', timeZone: 'America/New_York' } });
    expect(parseCommand('digest', 'daily 16:15 Europe/London')).toEqual({ ok: true, command: { kind: 'digest_daily', time: '16:15', timeZone: 'Europe/London' } });
    expect(parseCommand('digest', 'now')).toEqual({ ok: true, command: { kind: 'digest_now' } });
    expect(parseCommand('alert', 'NVDA above 250')).toEqual({ ok: true, command: { kind: 'alert_add', symbol: 'NVDA', condition: { metric: 'price', direction: 'above', threshold: 250 } } });
    expect(parseCommand('alert', 'amd RSI below 30.5')).toEqual({ ok: true, command: { kind: 'alert_add', symbol: 'AMD', condition: { metric: 'rsi', direction: 'below', threshold: 30.5 } } });
    expect(parseCommand('alert', 'NVDA crosses SMA200')).toEqual({ ok: true, command: { kind: 'alert_add', symbol: 'NVDA', condition: { metric: 'sma', direction: 'crosses', period: 200 } } });
    expect(parseCommand('alert', 'delete 1a2b3c4d')).toEqual({ ok: true, command: { kind: 'alert_delete', id: '1a2b3c4d' } });
  });

  it('refuses bad input with a reason and the usage', () => {
    const error = (name: 'watch' | 'digest' | 'alert', text: string) => {
      const parsed = parseCommand(name, text);
      expect(parsed.ok).toBe(false);
      return parsed.ok ? '' : parsed.error;
    };
    expect(error('watch', 'add')).toContain('name at least one symbol');
    expect(error('watch', 'add <script>')).toContain('is not a ticker symbol');
    expect(error('digest', 'daily 24:00')).toContain('not a time of day');
    expect(error('digest', 'daily 16:15 Mars/Olympus')).toContain('not a time zone I know');
    expect(error('digest', 'weekly')).toContain('Usage: `/digest daily 16:15');
    expect(error('alert', 'NVDA rsi above 120')).toContain('RSI runs from 0 to 100');
    expect(error('alert', 'NVDA crosses ema20')).toContain('not a moving average I can watch');
    expect(error('alert', 'NVDA above -3')).toContain('not a price');
    expect(error('alert', 'delete')).toContain('Name the alert to delete');
    expect(error('alert', 'NVDA to the moon')).toContain("I couldn't read that alert");
  });
});
