// Graph's dateTimeTimeZone arithmetic with Intl only, shared by every resource: Graph speaks in
// wall-clock times plus a zone name (Windows, like "Pacific Standard Time", or IANA), Strapi stores UTC
// instants. Nothing here reads the server's own zone, so results are the same under any TZ.
import { WINDOWS_ZONES } from './windows-zones';

const UTC_NAMES = new Set(['utc', 'etc/utc', 'etc/gmt', 'etc/universal', 'etc/zulu', 'gmt', 'z', 'zulu', 'universal', 'coordinated universal time', 'tzone://microsoft/utc']);

const windowsByLowerName = new Map<string, string>();
const primaryIanaByWindows = new Map<string, string>();
const windowsByIana = new Map<string, string>();
for (const [windows, ianaNames] of WINDOWS_ZONES) {
  const [primary, ...others] = ianaNames.split(' ');
  windowsByLowerName.set(windows.toLowerCase(), windows);
  primaryIanaByWindows.set(windows, primary);
  for (const iana of [primary, ...others]) if (!windowsByIana.has(iana)) windowsByIana.set(iana, windows);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(iana);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    return undefined;
  }
  formatters.set(iana, formatter);
  return formatter;
}

/** Whether this runtime's ICU knows the name as a time zone (IANA names and their aliases, 'UTC'). */
export function isIanaZone(name: string): boolean {
  return formatterFor(name) !== undefined;
}

/** ICU's canonical id for an IANA name (e.g. Asia/Kolkata → Asia/Calcutta, as CLDR spells it), or undefined. */
function canonicalIana(name: string): string | undefined {
  return formatterFor(name)?.resolvedOptions().timeZone;
}

/**
 * IANA zone to compute with for a Windows zone name (any case): CLDR's primary zone for it, 'UTC' for
 * Microsoft's UTC spellings; undefined when the name is not a Windows zone.
 */
export function windowsZoneIana(name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  if (UTC_NAMES.has(lower)) return 'UTC';
  const windows = windowsByLowerName.get(lower);
  return windows ? primaryIanaByWindows.get(windows) : undefined;
}

/**
 * The one spelling a zone has in synced fields: 'UTC' for UTC and its aliases (and for no zone at all),
 * the Windows name when the zone is a Windows name or an IANA zone CLDR maps to one (Outlook's own
 * vocabulary, so a value typed in Strapi and the one Graph reports after a push compare equal), else the
 * name as given (a custom Outlook zone, an unknown name).
 */
export function canonicalZone(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') return 'UTC';
  const trimmed = name.trim();
  const lower = trimmed.toLowerCase();
  if (UTC_NAMES.has(lower)) return 'UTC';
  const windows = windowsByLowerName.get(lower);
  if (windows) return windows;
  const direct = windowsByIana.get(trimmed);
  if (direct) return direct;
  const canonical = canonicalIana(trimmed);
  if (canonical) {
    if (UTC_NAMES.has(canonical.toLowerCase())) return 'UTC';
    return windowsByIana.get(canonical) ?? canonical;
  }
  return trimmed;
}

/** IANA zone to compute with for a Graph or Strapi zone name; undefined when the name is not a known zone. */
export function ianaZoneOf(name: unknown): string | undefined {
  const zone = canonicalZone(name);
  if (zone === 'UTC') return 'UTC';
  const primary = primaryIanaByWindows.get(zone);
  if (primary) return primary;
  return canonicalIana(zone);
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The wall clock in an IANA zone at an instant; RangeError for a zone ICU does not know. */
export function wallClockAt(instant: number, iana: string): WallClock {
  if (iana === 'UTC') {
    const d = new Date(instant);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds() };
  }
  const formatter = formatterFor(iana);
  if (!formatter) throw new RangeError(`Unknown time zone '${iana}'`);
  const parts = formatter.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second'), millisecond: ((instant % 1000) + 1000) % 1000 };
}

/** The wall clock read as if it were UTC (ms): the "naive" instant offsets are measured from. */
export function wallClockAsUtcMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** Offset (ms, local − UTC) of a zone at an instant. */
function offsetAt(instant: number, iana: string): number {
  return iana === 'UTC' ? 0 : wallClockAsUtcMs(wallClockAt(instant, iana)) - instant;
}

// Graph writes "2017-04-15T11:00:00.0000000" (seven fractional digits); accept fewer, and an offset if present.
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A Graph dateTime (or a bare date) → its wall clock and explicit offset if any; undefined if not one, or not a real date/time. */
export function parseWallClock(text: string): { wall: WallClock; offsetMinutes?: number } | undefined {
  const m = DATE_TIME_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const wall = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), millisecond: Number(frac.padEnd(3, '0').slice(0, 3)) };
  const check = new Date(wallClockAsUtcMs(wall));
  if (check.getUTCMonth() + 1 !== wall.month || check.getUTCDate() !== wall.day || wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
  if (!zone) return { wall };
  if (zone.toUpperCase() === 'Z') return { wall, offsetMinutes: 0 };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return { wall, offsetMinutes: sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) };
}

/**
 * Instant (ms) of a wall clock in an IANA zone. Across a DST change it follows the usual calendar rule
 * (as Temporal's "compatible"): a time skipped by a spring-forward gap moves forward by the gap, a time
 * that occurs twice in the autumn overlap is the earlier one.
 */
export function instantOfWallClock(wall: WallClock, iana: string): number {
  const naive = wallClockAsUtcMs(wall);
  if (iana === 'UTC') return naive;
  // The offsets in force a day either side cover any single transition near this time.
  const day = 86400000;
  const before = naive - offsetAt(naive - day, iana);
  const after = naive - offsetAt(naive + day, iana);
  const matches = (instant: number) => wallClockAsUtcMs(wallClockAt(instant, iana)) === naive;
  const candidates = [before, after].filter(matches);
  if (candidates.length > 0) return Math.min(...candidates);
  return before; // in a gap: read the time with the offset in force before the change
}

/** Instant (ms) of a Graph dateTime in a zone named the Graph or Strapi way; an explicit offset wins over the zone. */
export function wallClockToInstant(dateTime: string, zoneName: unknown): number {
  const parsed = parseWallClock(dateTime);
  if (!parsed) throw new RangeError(`Invalid dateTime '${dateTime}'`);
  if (parsed.offsetMinutes !== undefined) return wallClockAsUtcMs(parsed.wall) - parsed.offsetMinutes * 60000;
  const iana = ianaZoneOf(zoneName);
  if (!iana) throw new RangeError(`Unknown time zone '${String(zoneName)}'`);
  return instantOfWallClock(parsed.wall, iana);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of a wall clock. */
export function dateOfWallClock(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Instant → Graph's wall-clock dateTime in the zone ("2026-12-24T09:30:00.0000000"). */
export function instantToWallClock(instant: number, zoneName: unknown): string {
  const iana = ianaZoneOf(zoneName);
  if (!iana) throw new RangeError(`Unknown time zone '${String(zoneName)}'`);
  const w = wallClockAt(instant, iana);
  return `${dateOfWallClock(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(w.millisecond, 3)}0000`;
}

/** Calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateInZone(instant: number, zoneName: unknown): string {
  return instantToWallClock(instant, zoneName).slice(0, 10);
}

/** The date part of a Graph dateTime, read literally (all-day events and due dates are floating dates). */
export function datePartOf(dateTime: string): string | undefined {
  const parsed = parseWallClock(dateTime);
  return parsed ? dateOfWallClock(parsed.wall) : undefined;
}
