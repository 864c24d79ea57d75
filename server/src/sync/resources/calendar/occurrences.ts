// Cancelled occurrences. Graph keeps no item for an occurrence deleted or cancelled by its organizer:
// calendarView delta at most reports its id as @removed, with no word of its series, and the series
// master lists it in `cancelledOccurrences` as an occurrenceId "OID.<seriesMasterId>.<YYYY-MM-DD>"
// (only on $select, see the "Get event" example 3). So that Strapi shows the cancellation, each listed
// occurrence becomes an entry of its own, shaped like the Graph exception it stands for: id = the
// occurrenceId, type exception, isCancelled true, the master's content, the times it would have had.
// (An attendee's copy of a meeting occurrence the organizer cancelled is a real exception with
// isCancelled true and needs none of this.)
import type { RemoteEntry } from '../types';
import { canonicalZone, ianaZoneOf, instantToWallClock, wallClockToInstant, datePartOf } from '../../../../../shared/time/graph-time';
import { isValidDate, addDays } from './time';

const OCCURRENCE_ID_PREFIX = 'OID.';

/** Master fields a cancelled occurrence inherits (the rest is its own: id, type, times, isCancelled). */
const INHERITED = [
  'subject',
  'body',
  'location',
  'attendees',
  'showAs',
  'importance',
  'sensitivity',
  'categories',
  'isReminderOn',
  'reminderMinutesBeforeStart',
  'isAllDay',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'lastModifiedDateTime',
] as const;

/** Splits an occurrenceId; Outlook ids are base64 without dots, so the date is after the last one. */
export function parseOccurrenceId(id: string): { seriesMasterId: string; date: string } | undefined {
  if (!id.startsWith(OCCURRENCE_ID_PREFIX)) return undefined;
  const dot = id.lastIndexOf('.');
  const seriesMasterId = id.slice(OCCURRENCE_ID_PREFIX.length, dot);
  const date = id.slice(dot + 1);
  return seriesMasterId && isValidDate(date) ? { seriesMasterId, date } : undefined;
}

/** True for the ids of cancelled-occurrence entries, which have no Graph item behind them. */
export function isOccurrenceId(id: string): boolean {
  return parseOccurrenceId(id) !== undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** UTC ISO without milliseconds, as Graph writes originalStart. */
const graphInstant = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** A series master (with cancelledOccurrences selected) → one exception-shaped entry per cancelled occurrence. */
export function cancelledOccurrenceEntries(master: RemoteEntry): RemoteEntry[] {
  const list = master.cancelledOccurrences;
  if (!Array.isArray(list) || !isRecord(master.start) || !isRecord(master.end)) return [];
  const startDateTime = String(master.start.dateTime ?? '');
  const endDateTime = String(master.end.dateTime ?? '');
  const zone = canonicalZone(master.originalStartTimeZone ?? master.start.timeZone);
  const iana = ianaZoneOf(zone) ?? 'UTC';
  const isAllDay = master.isAllDay === true;
  let times: (date: string) => { start: Record<string, string>; end: Record<string, string>; originalStart: string };
  try {
    if (isAllDay) {
      const first = datePartOf(startDateTime);
      const last = datePartOf(endDateTime);
      if (!first || !last) return [];
      const days = Math.max(1, Math.round((Date.parse(last) - Date.parse(first)) / 86400000));
      times = (date) => ({
        start: { dateTime: `${date}T00:00:00.0000000`, timeZone: zone },
        end: { dateTime: `${addDays(date, days)}T00:00:00.0000000`, timeZone: zone },
        originalStart: graphInstant(wallClockToInstant(`${date}T00:00:00`, iana)),
      });
    } else {
      const startMs = wallClockToInstant(startDateTime, master.start.timeZone ?? 'UTC');
      const duration = wallClockToInstant(endDateTime, master.end.timeZone ?? 'UTC') - startMs;
      const timeOfDay = instantToWallClock(startMs, iana).slice(11);
      times = (date) => {
        const occurrenceStart = wallClockToInstant(`${date}T${timeOfDay}`, iana);
        return {
          start: { dateTime: instantToWallClock(occurrenceStart, 'UTC'), timeZone: 'UTC' },
          end: { dateTime: instantToWallClock(occurrenceStart + duration, 'UTC'), timeZone: 'UTC' },
          originalStart: graphInstant(occurrenceStart),
        };
      };
    }
  } catch {
    return []; // a master whose times cannot be read is reported through fromRemote, not here
  }
  const out: RemoteEntry[] = [];
  for (const value of list) {
    const parsed = typeof value === 'string' ? parseOccurrenceId(value) : undefined;
    if (!parsed) continue;
    const entry: RemoteEntry = { id: value as string };
    for (const key of INHERITED) if (key in master) entry[key] = master[key];
    Object.assign(entry, times(parsed.date), {
      type: 'exception',
      seriesMasterId: master.id,
      isCancelled: true,
      recurrence: null,
      changeKey: null,
    });
    out.push(entry);
  }
  return out;
}
