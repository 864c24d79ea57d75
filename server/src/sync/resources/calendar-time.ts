// Time-zone arithmetic for calendar events with Intl only: Graph speaks in wall-clock times plus a zone
// name (Windows, like "Pacific Standard Time", or IANA), Strapi stores UTC instants. Nothing here reads
// the server's own zone, so results are the same under any TZ.
import { WINDOWS_ZONES } from './calendar-windows-zones';

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

/** ICU's canonical id for an IANA name (e.g. Asia/Kolkata → Asia/Calcutta, as CLDR spells it), or undefined. */
function canonicalIana(name: string): string | undefined {
  return formatterFor(name)?.resolvedOptions().timeZone;
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
  if (windows) return windows === 'UTC' ? 'UTC' : windows;
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

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function wallClockAt(instant: number, iana: string): WallClock {
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

function asUtcMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** Offset (ms, local − UTC) of a zone at an instant. */
function offsetAt(instant: number, iana: string): number {
  return iana === 'UTC' ? 0 : asUtcMs(wallClockAt(instant, iana)) - instant;
}

// Graph writes "2017-04-15T11:00:00.0000000" (seven fractional digits); accept fewer, and an offset if present.
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function parseWallClock(text: string): { wall: WallClock; offsetMinutes?: number } | undefined {
  const m = DATE_TIME_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const wall = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), millisecond: Number(frac.padEnd(3, '0').slice(0, 3)) };
  const check = new Date(asUtcMs(wall));
  if (check.getUTCMonth() + 1 !== wall.month || check.getUTCDate() !== wall.day || wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
  if (!zone) return { wall };
  if (zone.toUpperCase() === 'Z') return { wall, offsetMinutes: 0 };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return { wall, offsetMinutes: sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) };
}

/**
 * Instant (ms) of a wall-clock time in a zone. Across a DST change it follows the usual calendar rule
 * (as Temporal's "compatible"): a time skipped by a spring-forward gap moves forward by the gap, a time
 * that occurs twice in the autumn overlap is the earlier one.
 */
export function wallClockToInstant(dateTime: string, zoneName: unknown): number {
  const parsed = parseWallClock(dateTime);
  if (!parsed) throw new RangeError(`Invalid dateTime '${dateTime}'`);
  const naive = asUtcMs(parsed.wall);
  if (parsed.offsetMinutes !== undefined) return naive - parsed.offsetMinutes * 60000;
  const iana = ianaZoneOf(zoneName);
  if (!iana) throw new RangeError(`Unknown time zone '${String(zoneName)}'`);
  if (iana === 'UTC') return naive;
  const day = 86400000;
  const before = naive - offsetAt(naive - day, iana);
  const after = naive - offsetAt(naive + day, iana);
  const matches = (instant: number) => asUtcMs(wallClockAt(instant, iana)) === naive;
  const candidates = [before, after].filter(matches);
  if (candidates.length > 0) return Math.min(...candidates);
  return before; // in a gap: read the time with the offset in force before the change
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Instant → Graph's wall-clock dateTime in the zone ("2026-12-24T09:30:00.0000000"). */
export function instantToWallClock(instant: number, zoneName: unknown): string {
  const iana = ianaZoneOf(zoneName);
  if (!iana) throw new RangeError(`Unknown time zone '${String(zoneName)}'`);
  const w = wallClockAt(instant, iana);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(w.millisecond, 3)}0000`;
}

/** Calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateInZone(instant: number, zoneName: unknown): string {
  return instantToWallClock(instant, zoneName).slice(0, 10);
}

/** The date part of a Graph dateTime, read literally (all-day events are floating dates). */
export function datePartOf(dateTime: string): string | undefined {
  const parsed = parseWallClock(dateTime);
  if (!parsed) return undefined;
  return `${pad(parsed.wall.year, 4)}-${pad(parsed.wall.month)}-${pad(parsed.wall.day)}`;
}

/** YYYY-MM-DD → its midnight UTC as ISO: how an all-day date is stored in Strapi's `start`/`end`. */
export function dateToStoredInstant(date: string): string {
  return `${date}T00:00:00.000Z`;
}

export function addDays(date: string, days: number): string {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86400000;
  return new Date(ms).toISOString().slice(0, 10);
}

export function isValidDate(date: unknown): date is string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * The date an all-day value in Strapi means. Our own writes are midnight UTC (the UTC date, whatever the
 * server zone). A value entered in the Content Manager is the editor's local midnight: midnight in the
 * event's zone gives that date; anything else rounds to the nearest UTC midnight, which recovers the
 * intended date for every zone offset under ±12h.
 */
export function allDayDateOf(instant: number, zoneName: unknown): string {
  const utcDate = new Date(instant).toISOString().slice(0, 10);
  if (instant % 86400000 === 0) return utcDate;
  const iana = ianaZoneOf(zoneName);
  if (iana && iana !== 'UTC') {
    const local = instantToWallClock(instant, iana);
    if (local.slice(11, 19) === '00:00:00') return local.slice(0, 10);
  }
  return new Date(Math.round(instant / 86400000) * 86400000).toISOString().slice(0, 10);
}

/** Any Strapi datetime value (ISO string, Date, epoch ms) → epoch ms, or undefined. */
export function toInstant(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  // A bare date or an offset-less time is UTC here, never the server's zone (Date.parse would use it).
  const parsed = parseWallClock(text);
  if (parsed) return asUtcMs(parsed.wall) - (parsed.offsetMinutes ?? 0) * 60000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch ms → the ISO form stored in synced fields (milliseconds, Z). */
export function isoOf(instant: number): string {
  return new Date(instant).toISOString();
}
