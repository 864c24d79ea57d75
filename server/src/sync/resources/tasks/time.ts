// Graph's dateTimeTimeZone ⇄ the task's UTC instants and plain due dates, on the shared zone and
// wall-clock arithmetic in shared/time/graph-time. Pure: no clock, no I/O. Graph names zones the Windows
// way ("Eastern Standard Time") unless asked otherwise; To Do answers in UTC by default. An unknown
// zone is an item error (thrown), never a silent shift.
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Accepts } from '../../../../../shared/enums';
import { dateOfWallClock, instantOfWallClock, isIanaZone, parseWallClock, wallClockAt, windowsZoneIana, type WallClock } from '../../../../../shared/time/graph-time';

export interface GraphDateTime {
  dateTime: string;
  timeZone?: string | null;
}

/** Graph's dateTimeTimeZone, as its schema defines it. */
export type GraphsDateTime = Accepts<GraphDateTime, Graph.DateTimeTimeZone>;

/**
 * IANA name for a Graph zone; missing means UTC, as Graph answers by default. An IANA name is kept as
 * given (so 'Etc/UTC' or 'GMT' stay distinct from Graph's own 'UTC' in graphToDueDate); a Windows name
 * maps to CLDR's primary zone. Anything else throws, unlike the calendar, which keeps unknown names.
 */
export function resolveZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  if (isIanaZone(zone)) return zone;
  const mapped = windowsZoneIana(zone);
  if (mapped) return mapped;
  throw new RangeError(`Unsupported time zone "${zone}": use an IANA name or a Windows zone name Microsoft Graph uses.`);
}

/** A Graph dateTime's wall clock; an explicit offset is refused, since the zone travels beside it. */
function parseGraphWall(value: string): WallClock {
  const parsed = parseWallClock(value);
  if (!parsed || parsed.offsetMinutes !== undefined) throw new RangeError(`"${value}" is not a Graph date-time (YYYY-MM-DDTHH:mm:ss[.fffffff]).`);
  return parsed.wall;
}

/** Graph dateTimeTimeZone → UTC ISO with milliseconds (Strapi's datetime shape); null stays null. */
export function graphToIso(value: GraphDateTime | null | undefined): string | null {
  if (!value || typeof value.dateTime !== 'string') return null;
  const zone = resolveZone(value.timeZone);
  return new Date(instantOfWallClock(parseGraphWall(value.dateTime), zone)).toISOString();
}

/** A Strapi datetime (ISO string or Date) → Graph dateTimeTimeZone in UTC with Graph's 7 digits. */
export function isoToGraph(value: string | Date | null | undefined): GraphDateTime | null {
  const iso = normaliseIso(value);
  if (!iso) return null;
  return { dateTime: iso.replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
}

/** Any datetime a Strapi entry may hold → canonical ISO with milliseconds, or null. */
export function normaliseIso(value: string | Date | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`"${String(value)}" is not a date-time.`);
  return new Date(ms).toISOString();
}

/** A Strapi `date` (YYYY-MM-DD, or a Date/ISO some databases hand back) → YYYY-MM-DD, or null. */
export function normaliseDate(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  if (!m) throw new RangeError(`"${value}" is not a date (YYYY-MM-DD).`);
  return m[1];
}

/**
 * UTC hour from which a UTC-stamped due time is read as the next day's local midnight. To Do keeps a
 * due *date*, stored as midnight in the user's zone and answered in UTC: 2020-08-25 in New York
 * comes back as 2020-08-25T04:00Z, in Berlin as 2020-08-24T22:00Z. Zones UTC-10..UTC+0 land on
 * 00:00..10:00 of the same day, zones UTC+1..UTC+13 on 11:00..23:00 of the day before; only
 * UTC-11/-12 and UTC+14 (a few Pacific islands) are misread without a hint zone.
 */
export const NEXT_DAY_FROM_UTC_HOUR = 11;

/**
 * Graph dueDateTime → the due date (YYYY-MM-DD) with no time-zone drift:
 * 1. midnight in the zone Graph names → that date (our own writes, or answers in a Prefer'd zone);
 * 2. another time in a named non-UTC zone → the wall date there (the date the user picked);
 * 3. a UTC time that is not midnight → the mailbox's zone if known (`hintZone`), else the nearest
 *    local midnight by NEXT_DAY_FROM_UTC_HOUR.
 */
export function graphToDueDate(value: GraphDateTime | null | undefined, hintZone?: string): string | null {
  if (!value || typeof value.dateTime !== 'string') return null;
  const zone = resolveZone(value.timeZone);
  const wall = parseGraphWall(value.dateTime);
  if (wall.hour === 0 && wall.minute === 0 && wall.second === 0 && wall.millisecond === 0) return dateOfWallClock(wall);
  const utcMs = instantOfWallClock(wall, zone);
  if (zone !== 'UTC' && zone !== 'Etc/UTC') return dateOfWallClock(wallClockAt(utcMs, zone));
  if (hintZone) return dateOfWallClock(wallClockAt(utcMs, resolveZone(hintZone)));
  const shifted = wall.hour >= NEXT_DAY_FROM_UTC_HOUR ? utcMs + 24 * 3600_000 : utcMs;
  return new Date(shifted).toISOString().slice(0, 10);
}

/** Due date → Graph dueDateTime: midnight of that date in `zone` (UTC unless the mailbox's zone is known). */
export function dueDateToGraph(date: string | null | undefined, zone = 'UTC'): GraphDateTime | null {
  const day = normaliseDate(date ?? null);
  if (!day) return null;
  resolveZone(zone);
  return { dateTime: `${day}T00:00:00.0000000`, timeZone: zone };
}
