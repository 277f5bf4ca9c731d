/**
 * Calendar helpers for Finnhub's date and unix-second parameters. "Today" is the US market's day (New York),
 * not UTC's: at 01:00 UTC it is still yesterday on the exchange.
 */
const NEW_YORK = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of `date` on the New York calendar. */
export function isoDate(date: Date): string {
  return NEW_YORK.format(date);
}

/** `iso` plus `days` calendar days (negative goes back). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Unix seconds of 00:00 UTC on `iso`. */
export function toUnixSeconds(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 1000);
}

/** The UTC calendar date of a unix-seconds timestamp (Finnhub stamps daily candles at 00:00 UTC). */
export function unixToIsoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
