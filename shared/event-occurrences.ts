// What a calendar shows of stored events in a range: single events as they are, each series master
// expanded into its occurrences (Outlook's recurrence rules, in the series' time zone, so 09:00 stays
// 09:00 across a DST change), an occurrence edited in Outlook shown once (as its own entry, in place of
// the series' occurrence it replaces) and a cancelled one not at all. Pure: the admin's calendar view
// uses it on Content Manager entries, the unit tests on plain objects.
import { addDays, dateToDays } from './calendar-dates';
import { occurrenceDates, recurrenceProblem, type PatternedRecurrence } from './recurrence';
// Graph's zone names (Windows or IANA) and wall-clock arithmetic: one copy, the sync's. It is pure
// (Intl only), so the admin bundle takes it as it is.
import { dateInZone, dateOfWallClock, ianaZoneOf, instantOfWallClock, wallClockAt } from './time/graph-time';

/** A calendar-event entry as the Content Manager's API returns it (only what placing it needs). */
export interface StoredEvent {
  documentId: string;
  subject?: string | null;
  start: string;
  end: string;
  isAllDay?: boolean | null;
  timeZone?: string | null;
  isCancelled?: boolean | null;
  recurrence?: unknown;
  seriesMasterId?: string | null;
  originalStart?: string | null;
  mailbox?: { documentId: string; address: string } | null;
}

export type CalendarItemKind = 'single' | 'occurrence' | 'exception';

/** One box on the calendar. All-day items have YYYY-MM-DD dates (end exclusive), others ISO instants. */
export interface CalendarItem {
  /** Unique on the calendar: an occurrence is its series' documentId plus its start. */
  id: string;
  /** The Content Manager entry the item opens: the event itself, or its series master. */
  documentId: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  kind: CalendarItemKind;
  mailbox: { documentId: string; address: string } | null;
}

/** The visible range, as the calendar reports it: instants in the viewer's zone, end exclusive. */
export interface VisibleRange {
  start: Date;
  end: Date;
}

const DAY_MS = 86400000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The viewer's calendar date of an instant: all-day items are floating dates, read in the viewer's zone. */
export const viewerDate = (instant: Date) => `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entry's recurrence when it is a series master with a pattern Outlook would accept, else null. */
function seriesRecurrence(event: StoredEvent): PatternedRecurrence | null {
  if (event.seriesMasterId || !isRecord(event.recurrence)) return null;
  const recurrence = event.recurrence as unknown as PatternedRecurrence;
  return recurrenceProblem(recurrence) === undefined ? recurrence : null;
}

function overlaps(item: Pick<CalendarItem, 'start' | 'end' | 'allDay'>, range: VisibleRange): boolean {
  if (item.allDay) return item.start < viewerDate(range.end) && item.end > viewerDate(range.start);
  return Date.parse(item.start) < range.end.getTime() && Date.parse(item.end) > range.start.getTime();
}

/** All-day events are stored as UTC midnights of their dates (end exclusive); at least one day long. */
function allDayDates(event: StoredEvent): { start: string; end: string } {
  const start = event.start.slice(0, 10);
  const end = event.end.slice(0, 10);
  return { start, end: end > start ? end : addDays(start, 1) };
}

function itemOf(event: StoredEvent, kind: CalendarItemKind): CalendarItem {
  const allDay = event.isAllDay === true;
  const times = allDay ? allDayDates(event) : { start: event.start, end: event.end };
  return { id: event.documentId, documentId: event.documentId, title: event.subject ?? '', ...times, allDay, kind, mailbox: event.mailbox ?? null };
}

interface Occurrence {
  item: CalendarItem;
  /** What an exception's originalStart is compared with: the instant (ms), or the date for all-day series. */
  key: string;
}

/** The series' occurrences that may touch the range (a day's slack either side), keyed as exceptions are. */
function occurrencesOf(master: StoredEvent, recurrence: PatternedRecurrence, range: VisibleRange): Occurrence[] {
  const base = itemOf(master, 'occurrence');
  if (base.allDay) {
    const length = dateToDays(base.end) - dateToDays(base.start);
    const dates = occurrenceDates(recurrence, recurrence.range.startDate || base.start, addDays(viewerDate(range.end), 1));
    return dates.map((date) => ({ key: date, item: { ...base, id: `${master.documentId}@${date}`, start: date, end: addDays(date, length) } }));
  }
  const zone = ianaZoneOf(recurrence.range.recurrenceTimeZone || master.timeZone) ?? 'UTC';
  const startMs = Date.parse(master.start);
  const durationMs = Math.max(0, Date.parse(master.end) - startMs);
  const wall = wallClockAt(startMs, zone);
  const until = dateInZone(range.end.getTime() + DAY_MS, zone);
  return occurrenceDates(recurrence, recurrence.range.startDate || dateOfWallClock(wall), until).map((date) => {
    const [year, month, day] = date.split('-').map(Number);
    const at = instantOfWallClock({ ...wall, year, month, day }, zone);
    const start = new Date(at).toISOString();
    return { key: String(at), item: { ...base, id: `${master.documentId}@${start}`, start, end: new Date(at + durationMs).toISOString() } };
  });
}

/** How an exception names the occurrence it replaces, in the terms its series' occurrences are keyed by. */
function exceptionKey(exception: StoredEvent, allDaySeries: boolean, zone: string | null | undefined): string {
  const at = Date.parse(exception.originalStart ?? '');
  if (!allDaySeries) return String(at);
  return ianaZoneOf(zone) ? dateInZone(at, zone) : (exception.originalStart ?? '').slice(0, 10);
}

const mailboxOf = (event: StoredEvent) => event.mailbox?.documentId ?? '';

/**
 * The calendar's items for the range, sorted by start. An exception names its series by Graph id
 * (`seriesMasterId`), which the master's entry does not hold (it is in the sync's hidden mapping); so
 * a series' exceptions (one group per seriesMasterId) are given to the series of the same mailbox on
 * whose occurrences most of them fall, and replace those occurrences.
 */
export function calendarItems(events: readonly StoredEvent[], range: VisibleRange): CalendarItem[] {
  const items: CalendarItem[] = [];
  const series: Array<{ master: StoredEvent; occurrences: Occurrence[] }> = [];
  const exceptionGroups = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const recurrence = seriesRecurrence(event);
    if (recurrence) {
      if (event.isCancelled !== true) series.push({ master: event, occurrences: occurrencesOf(event, recurrence, range) });
    } else if (event.seriesMasterId && event.originalStart) {
      const group = `${mailboxOf(event)}\n${event.seriesMasterId}`;
      exceptionGroups.set(group, [...(exceptionGroups.get(group) ?? []), event]);
      if (event.isCancelled !== true) items.push(itemOf(event, 'exception'));
    } else if (event.isCancelled !== true) {
      items.push(itemOf(event, 'single'));
    }
  }

  const replaced = new Map<StoredEvent, Set<string>>();
  for (const exceptions of exceptionGroups.values()) {
    const scored = series
      .filter(({ master }) => mailboxOf(master) === mailboxOf(exceptions[0]))
      .map(({ master, occurrences }) => {
        const keys = new Set(occurrences.map((o) => o.key));
        const hits = exceptions.map((e) => exceptionKey(e, master.isAllDay === true, master.timeZone)).filter((key) => keys.has(key));
        return { master, hits };
      });
    const best = Math.max(0, ...scored.map((s) => s.hits.length));
    for (const { master, hits } of scored) {
      if (best === 0 || hits.length < best) continue;
      const set = replaced.get(master) ?? new Set<string>();
      hits.forEach((key) => set.add(key));
      replaced.set(master, set);
    }
  }
  for (const { master, occurrences } of series) {
    const gone = replaced.get(master);
    for (const occurrence of occurrences) if (!gone?.has(occurrence.key)) items.push(occurrence.item);
  }

  return items.filter((item) => overlaps(item, range)).sort((a, b) => itemStartMs(a) - itemStartMs(b) || a.id.localeCompare(b.id));
}

/** Start for sorting: an all-day item sorts at the viewer's midnight of its date, before that day's timed ones. */
function itemStartMs(item: CalendarItem): number {
  if (!item.allDay) return Date.parse(item.start);
  const [year, month, day] = item.start.split('-').map(Number);
  return new Date(year, month - 1, day).getTime();
}
