/**
 * Wall-clock dates and times in an IANA time zone (America/New_York for the NYSE), from and to epoch ms, with
 * nothing but Intl: "today" for the market is New York's date, not UTC's, and a session's close is 16:00 in New
 * York whatever the DST offset is that day.
 */
export const NEW_YORK = 'America/New_York';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (a provider may send a name we cannot use). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone (Intl: exact, but ~10 µs a call). */
function fields(epochMs: number, timeZone: string) {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

/**
 * How far the zone's wall clock is ahead of UTC at an instant, in ms (New York: −5 h or −4 h). Memoised per
 * quarter hour of UTC: offsets only change on quarter-hour boundaries in every zone there is.
 */
const offsets = new Map<string, number>();
const QUARTER_HOUR_MS = 15 * 60_000;

function offsetMs(epochMs: number, timeZone: string): number {
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const at = bucket * QUARTER_HOUR_MS;
    const f = fields(at, timeZone);
    offset = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - at;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** YYYY-MM-DD of an instant in a zone. */
export function zonedDate(epochMs: number, timeZone: string = NEW_YORK): string {
  return new Date(epochMs + offsetMs(epochMs, timeZone)).toISOString().slice(0, 10);
}

/** Date and minutes since local midnight of an instant in a zone. */
export function zonedClock(epochMs: number, timeZone: string = NEW_YORK): { date: string; minutes: number } {
  const wall = epochMs + offsetMs(epochMs, timeZone);
  const date = new Date(wall).toISOString().slice(0, 10);
  return { date, minutes: (wall - Date.parse(`${date}T00:00:00Z`)) / 60_000 };
}

/** The instant a wall-clock time (date + minutes after midnight) happens in a zone. */
export function zonedTimeToEpoch(date: string, minutes: number, timeZone: string = NEW_YORK): number {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, 0, 0) + minutes * 60_000;
  const first = offsetMs(wall, timeZone);
  const guess = wall - first;
  // Near a DST change the offset at the guess can differ from the one at the wall time read as UTC.
  const second = offsetMs(guess, timeZone);
  return second === first ? guess : wall - second;
}

/** `iso` plus `days` calendar days. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Day of the week of a YYYY-MM-DD date: 0 = Sunday … 6 = Saturday. */
export function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}
