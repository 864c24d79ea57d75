// Time-zone arithmetic with Intl only (no tz library): Graph takes and returns local wall-clock times
// with a zone name that may be IANA or Windows, so both are accepted.

/** Windows zone names Outlook commonly emits → IANA. Not exhaustive; unknown names are rejected. */
const WINDOWS_TO_IANA: Record<string, string> = {
  'UTC': 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'Romance Standard Time': 'Europe/Paris',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Singapore Standard Time': 'Asia/Singapore',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Arabian Standard Time': 'Asia/Dubai',
  'South Africa Standard Time': 'Africa/Johannesburg',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(iana, f);
  }
  return f;
}

/** IANA name for a Graph time-zone value, or undefined when it is not one we know. */
export function resolveTimeZone(name: string | undefined | null): string | undefined {
  if (!name) return 'UTC';
  const trimmed = name.trim();
  if (WINDOWS_TO_IANA[trimmed]) return WINDOWS_TO_IANA[trimmed];
  if (/^(utc|etc\/utc|etc\/gmt|gmt|z)$/i.test(trimmed)) return 'UTC';
  try {
    formatterFor(trimmed);
    return trimmed;
  } catch {
    return undefined;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function wallClockIn(instant: number, iana: string): WallClock {
  const parts = formatterFor(iana).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second'), ms: ((instant % 1000) + 1000) % 1000 };
}

function offsetMs(instant: number, iana: string): number {
  if (iana === 'UTC') return 0;
  const w = wallClockIn(instant, iana);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return asUtc - instant;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses a Graph dateTime ("2024-05-01T09:00:00.0000000") in the given zone into an instant (ms). */
export function localToUtc(local: string, iana: string): number {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) throw new RangeError(`Invalid dateTime '${local}'`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone) {
    if (zone === 'Z') return naive;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return naive - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  // Two passes settle DST edges: the offset at the guess, then at the corrected instant.
  let guess = naive - offsetMs(naive, iana);
  guess = naive - offsetMs(guess, iana);
  return guess;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Instant → Graph dateTime string in the zone (seven fractional digits, no offset). */
export function utcToLocal(instant: number, iana: string): string {
  const w = iana === 'UTC' ? wallClockFromUtc(instant) : wallClockIn(instant, iana);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(w.ms, 3)}0000`;
}

function wallClockFromUtc(instant: number): WallClock {
  const d = new Date(instant);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds() };
}

/** Local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(instant: number, iana: string): string {
  return utcToLocal(instant, iana).slice(0, 10);
}

/** Local time-of-day (HH:mm:ss.fff) of an instant in a zone. */
export function localTimeOf(instant: number, iana: string): string {
  return utcToLocal(instant, iana).slice(11, 23);
}

export function isLocalMidnight(instant: number, iana: string): boolean {
  return localTimeOf(instant, iana) === '00:00:00.000';
}

// Plain calendar-date arithmetic lives in shared/, with the recurrence expansion that uses it.
export { addDays, dateToDays, daysInMonth, daysToDate, makeDate, weekdayOf } from '../../../shared/calendar-dates';

/** Graph's Prefer: outlook.timezone="X" value, if any. */
export function preferredTimeZone(prefer: string | undefined): string | undefined {
  if (!prefer) return undefined;
  const m = /outlook\.timezone\s*=\s*"?([^",]+)"?/i.exec(prefer);
  return m?.[1]?.trim();
}
