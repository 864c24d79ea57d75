// Calendar-only date helpers: how all-day dates are stored in Strapi and read back, and Strapi datetime
// values as instants. Zone names and wall-clock arithmetic are shared with the other resources in
// shared/time/graph-time. Nothing here reads the server's own zone, so results are the same under any TZ.
import { ianaZoneOf, instantToWallClock, parseWallClock, wallClockAsUtcMs } from '../../../../../shared/time/graph-time';

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
  if (parsed) return wallClockAsUtcMs(parsed.wall) - (parsed.offsetMinutes ?? 0) * 60000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch ms → the ISO form stored in synced fields (milliseconds, Z). */
export function isoOf(instant: number): string {
  return new Date(instant).toISOString();
}
