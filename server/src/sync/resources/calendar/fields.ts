// The synced fields of a calendar event, one canonical shape for both sides (equal content ⇒ equal
// hash), and the four mappings: Graph event → fields, Strapi entry → fields, fields → Strapi data,
// fields → Graph request body. Pure: no I/O, no clock, no dependence on the server's time zone.
//
// Times: `start`/`end` are UTC instants (ISO, milliseconds, Z); `timeZone` is the zone the event was
// made in (Graph's originalStartTimeZone), spelled the Windows way when one exists. All-day events are
// dates: stored as midnight UTC of the date (end exclusive, as in Graph) and sent to Graph as midnight
// in the event's zone, which Graph requires.
import { ItemError } from '../types';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { SelectOf, Untrusted } from '../graph-answer';
import { bodyFromGraph, bodyFromLocal, bodyToGraph, type BodyType } from './body';
import { normaliseRecurrence, type PatternedRecurrence } from './recurrence';
import { canonicalZone, dateInZone, datePartOf, ianaZoneOf, instantToWallClock, wallClockToInstant } from '../../../../../shared/time/graph-time';
import { addDays, allDayDateOf, dateToStoredInstant, isoOf, toInstant } from './time';
import { ATTENDEE_TYPES, IMPORTANCES, RESPONSES, SENSITIVITIES, SHOW_AS } from '../../../../../shared/enums';

export { ATTENDEE_TYPES };
/** Graph's default when an event is made without one; an empty Strapi value means the same. */
export const DEFAULT_REMINDER_MINUTES = 15;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface CalendarAttendee {
  email: string;
  name: string;
  type: (typeof ATTENDEE_TYPES)[number];
  /** Read-only in Graph (the attendee answers): pulled, never pushed. */
  response: (typeof RESPONSES)[number];
}

export interface CalendarFields {
  subject: string;
  body: string;
  bodyType: BodyType;
  location: string;
  /** UTC ISO; null only for a Strapi entry without one (then it cannot be pushed). */
  start: string | null;
  end: string | null;
  isAllDay: boolean;
  timeZone: string;
  /** Attendee list; a Strapi value that is not a list is kept as typed so pushing it reports the error. */
  attendees: CalendarAttendee[] | JsonValue;
  isCancelled: boolean;
  /** Canonical patternedRecurrence, null for single events and exceptions; invalid Strapi JSON kept as typed. */
  recurrence: PatternedRecurrence | JsonValue;
  showAs: (typeof SHOW_AS)[number];
  importance: (typeof IMPORTANCES)[number];
  sensitivity: (typeof SENSITIVITIES)[number];
  categories: string[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  /** Exceptions (and cancelled occurrences): Graph id of their series master; null otherwise. */
  seriesMasterId: string | null;
  /** Exceptions: UTC ISO start the occurrence had in the series before it was edited or cancelled. */
  originalStart: string | null;
}

/** Synced fields named as the Graph event property each is read from (the shapes may differ). */
export const CALENDAR_GRAPH_NAMED_FIELDS = [
  'subject',
  'body',
  'location',
  'start',
  'end',
  'isAllDay',
  'attendees',
  'isCancelled',
  'recurrence',
  'showAs',
  'importance',
  'sensitivity',
  'categories',
  'isReminderOn',
  'reminderMinutesBeforeStart',
  'seriesMasterId',
] as const satisfies SelectOf<Graph.Event>;

/** Attributes of plugin::microsoft-365.calendar-event the adapter reads and writes. */
export const CALENDAR_LOCAL_FIELDS = [...CALENDAR_GRAPH_NAMED_FIELDS, 'bodyType', 'timeZone', 'originalStart'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === lower);
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Any JSON-able value as plain JSON (Dates as ISO, undefined dropped), so it can be hashed and stored. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v);
    return out;
  }
  return null;
}

function categoriesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((c): c is string => typeof c === 'string') : [];
}

function reminderOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : DEFAULT_REMINDER_MINUTES;
}

function attendeeOf(email: unknown, name: unknown, type: unknown, response: unknown): CalendarAttendee {
  return {
    email: text(email).trim(),
    name: text(name),
    type: pick(ATTENDEE_TYPES, type) ?? 'required',
    response: pick(RESPONSES, response) ?? 'none',
  };
}

/** A Graph dateTimeTimeZone → UTC ISO (or the stored form of an all-day date). */
function graphTimeToStored(value: unknown, isAllDay: boolean, what: string): string {
  const dtz = isRecord(value) ? value : {};
  const dateTime = text(dtz.dateTime);
  if (isAllDay) {
    // All-day events are floating dates: Graph gives midnight whatever zone it answers in.
    const date = datePartOf(dateTime);
    if (!date) throw new ItemError('calendar.invalid-time', `Graph event ${what} "${dateTime}" is not a date-time.`, what);
    return dateToStoredInstant(date);
  }
  try {
    return isoOf(wallClockToInstant(dateTime, dtz.timeZone ?? 'UTC'));
  } catch (error) {
    throw new ItemError('calendar.invalid-time', `Graph event ${what}: ${(error as Error).message}.`, what);
  }
}

/** The series' first date in its own zone, the default range.startDate. */
function seriesStartDate(start: string | null, isAllDay: boolean, zone: string): string {
  if (!start) return '';
  const ms = Date.parse(start);
  if (isAllDay) return start.slice(0, 10);
  return ianaZoneOf(zone) ? dateInZone(ms, zone) : start.slice(0, 10);
}

function recurrenceField(raw: unknown, start: string | null, isAllDay: boolean, zone: string): PatternedRecurrence | JsonValue {
  const result = normaliseRecurrence(raw, { startDate: seriesStartDate(start, isAllDay, zone), eventZone: zone });
  return result.ok ? result.value : toJsonValue(raw);
}

/** A full Graph event (single, series master, exception) → synced fields. */
export function fieldsFromGraph(event: Untrusted<Graph.Event>): CalendarFields {
  const isAllDay = event.isAllDay === true;
  const startZone = isRecord(event.start) ? event.start.timeZone : undefined;
  const timeZone = canonicalZone(event.originalStartTimeZone ?? startZone);
  const start = graphTimeToStored(event.start, isAllDay, 'start');
  const end = graphTimeToStored(event.end, isAllDay, 'end');
  const type = text(event.type);
  const partOfSeries = type === 'exception' || type === 'occurrence';
  const originalStart = partOfSeries ? toInstant(event.originalStart) : undefined;
  const location = isRecord(event.location) ? text(event.location.displayName) : '';
  const attendees = Array.isArray(event.attendees)
    ? event.attendees.map((a) => {
        const r = isRecord(a) ? a : {};
        const address = isRecord(r.emailAddress) ? r.emailAddress : {};
        const status = isRecord(r.status) ? r.status : {};
        return attendeeOf(address.address, address.name, r.type, status.response);
      })
    : [];
  return {
    subject: text(event.subject),
    ...bodyFromGraph(event.body),
    location,
    start,
    end,
    isAllDay,
    timeZone,
    attendees,
    isCancelled: event.isCancelled === true,
    recurrence: partOfSeries ? null : recurrenceField(event.recurrence, start, isAllDay, timeZone),
    showAs: event.showAs === undefined || event.showAs === null ? 'busy' : pick(SHOW_AS, event.showAs) ?? 'unknown',
    importance: pick(IMPORTANCES, event.importance) ?? 'normal',
    sensitivity: pick(SENSITIVITIES, event.sensitivity) ?? 'normal',
    categories: categoriesOf(event.categories),
    isReminderOn: event.isReminderOn !== false,
    reminderMinutesBeforeStart: reminderOf(event.reminderMinutesBeforeStart),
    seriesMasterId: partOfSeries && typeof event.seriesMasterId === 'string' && event.seriesMasterId ? event.seriesMasterId : null,
    originalStart: originalStart === undefined ? null : isoOf(originalStart),
  };
}

/** An all-day pair from Strapi → stored dates; an end not after the start becomes a one-day event. */
function localAllDay(startMs: number, endMs: number | undefined, zone: string): { start: string; end: string } {
  const startDate = allDayDateOf(startMs, zone);
  let endDate = endMs === undefined ? addDays(startDate, 1) : allDayDateOf(endMs, zone);
  if (endDate <= startDate) endDate = addDays(startDate, 1);
  return { start: dateToStoredInstant(startDate), end: dateToStoredInstant(endDate) };
}

/** A Strapi calendar-event entry → synced fields. Never throws: what cannot be pushed is found at push. */
export function fieldsFromLocal(entry: Record<string, unknown>): CalendarFields {
  const isAllDay = entry.isAllDay === true;
  const timeZone = canonicalZone(entry.timeZone);
  const startMs = toInstant(entry.start);
  const endMs = toInstant(entry.end);
  let start: string | null = startMs === undefined ? null : isoOf(startMs);
  let end: string | null = endMs === undefined ? null : isoOf(endMs);
  if (isAllDay && startMs !== undefined) ({ start, end } = localAllDay(startMs, endMs, timeZone));
  const attendees = Array.isArray(entry.attendees)
    ? entry.attendees.map((a) => {
        const r = isRecord(a) ? a : {};
        return attendeeOf(r.email ?? r.address, r.name, r.type, r.response);
      })
    : entry.attendees === null || entry.attendees === undefined
      ? []
      : toJsonValue(entry.attendees);
  const originalStart = toInstant(entry.originalStart);
  return {
    subject: text(entry.subject),
    ...bodyFromLocal(entry.body, entry.bodyType),
    location: text(entry.location),
    start,
    end,
    isAllDay,
    timeZone,
    attendees,
    isCancelled: entry.isCancelled === true,
    recurrence: recurrenceField(entry.recurrence, start, isAllDay, timeZone),
    showAs: pick(SHOW_AS, entry.showAs) ?? 'busy',
    importance: pick(IMPORTANCES, entry.importance) ?? 'normal',
    sensitivity: pick(SENSITIVITIES, entry.sensitivity) ?? 'normal',
    categories: categoriesOf(entry.categories),
    isReminderOn: entry.isReminderOn !== false,
    reminderMinutesBeforeStart: reminderOf(entry.reminderMinutesBeforeStart),
    seriesMasterId: typeof entry.seriesMasterId === 'string' && entry.seriesMasterId.trim() ? entry.seriesMasterId.trim() : null,
    originalStart: originalStart === undefined ? null : isoOf(originalStart),
  };
}

/** Synced fields → data for strapi.documents('plugin::microsoft-365.calendar-event'). */
export function fieldsToLocalData(fields: CalendarFields): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const name of CALENDAR_LOCAL_FIELDS) data[name] = fields[name];
  return data;
}

/** Reads synced fields given as the loose record the runner passes around. */
export function asCalendarFields(fields: Record<string, unknown>): CalendarFields {
  return fields as unknown as CalendarFields;
}

function invalid(problems: string[]): ItemError {
  // Each problem starts with the field it is about ("attendees: …").
  return new ItemError('calendar.invalid-event', `The event cannot be sent to Outlook: ${problems.join('; ')}.`, /^(\w+)/.exec(problems[0] ?? '')?.[1]);
}

function validAttendees(value: CalendarFields['attendees'], problems: string[]): CalendarAttendee[] {
  if (!Array.isArray(value)) {
    problems.push('attendees: a list of { email, name, type }');
    return [];
  }
  const list = value as CalendarAttendee[];
  list.forEach((a, i) => {
    if (!isRecord(a) || !a.email) problems.push(`attendees[${i}].email: required`);
  });
  return list;
}

/**
 * Synced fields → the Graph event body for POST or PATCH. Sends every writable synced field (a PATCH
 * is then idempotent and needs no memory of what changed). Leaves out what Graph does not let a client
 * write: attendee responses, isCancelled (set by the organizer's cancel action), seriesMasterId and
 * originalStart, and recurrence on an exception. Throws an ItemError listing every problem.
 */
export function fieldsToGraph(fields: CalendarFields, options: { exception: boolean }): Graph.Event {
  const problems: string[] = [];
  const startMs = fields.start ? Date.parse(fields.start) : NaN;
  const endMs = fields.end ? Date.parse(fields.end) : NaN;
  if (Number.isNaN(startMs)) problems.push('start: required');
  if (Number.isNaN(endMs)) problems.push('end: required');
  if (!Number.isNaN(startMs) && !Number.isNaN(endMs) && endMs < startMs) problems.push('end: not before start');
  const attendees = validAttendees(fields.attendees, problems);
  let recurrence: PatternedRecurrence | null = null;
  if (!options.exception) {
    const zone = fields.timeZone;
    const result = normaliseRecurrence(fields.recurrence, { startDate: seriesStartDate(fields.start, fields.isAllDay, zone), eventZone: zone });
    if (result.ok) recurrence = result.value;
    else problems.push(...result.problems);
  }
  if (problems.length > 0) throw invalid(problems);

  // A zone Graph would not know (a custom Outlook zone) is sent as UTC: same instants, plainer zone.
  const zone = ianaZoneOf(fields.timeZone) ? fields.timeZone : 'UTC';
  const time = (ms: number, iso: string) =>
    fields.isAllDay ? { dateTime: `${iso.slice(0, 10)}T00:00:00.0000000`, timeZone: zone } : { dateTime: instantToWallClock(ms, zone), timeZone: zone };
  const body: Graph.Event = {
    subject: fields.subject,
    body: bodyToGraph({ body: fields.body, bodyType: fields.bodyType }),
    location: { displayName: fields.location },
    start: time(startMs, fields.start as string),
    end: time(endMs, fields.end as string),
    isAllDay: fields.isAllDay,
    attendees: attendees.map((a) => ({ emailAddress: a.name ? { address: a.email, name: a.name } : { address: a.email }, type: a.type })),
    showAs: fields.showAs,
    importance: fields.importance,
    sensitivity: fields.sensitivity,
    categories: fields.categories,
    isReminderOn: fields.isReminderOn,
    reminderMinutesBeforeStart: fields.reminderMinutesBeforeStart,
  };
  if (!options.exception) {
    const rec = recurrence;
    body.recurrence = rec
      ? { pattern: rec.pattern, range: { ...rec.range, recurrenceTimeZone: rec.range.recurrenceTimeZone ?? zone } }
      : null;
  }
  return body;
}
