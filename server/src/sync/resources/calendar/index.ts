// The calendar resource: Outlook events of a mailbox's primary calendar ⇄ plugin::microsoft-365.calendar-event.
// Pure mapping plus the Graph requests; the runner does the I/O.
//
// What calendarView delta yields and what becomes an entry:
//   singleInstance                → one entry
//   occurrence                    → no entry (fromRemote null); its series master is fetched once per run
//                                   (referencedItems) and becomes one entry carrying `recurrence`
//   exception (edited occurrence) → its own entry, linked by seriesMasterId + originalStart; its master too
//   cancelled occurrence          → from the master's cancelledOccurrences (derivedEntries): an exception
//                                   entry with isCancelled true, id "OID.<masterId>.<date>" (read-only)
//   entry without its fields      → no entry from the delta; the item is fetched whole (referencedItems)
import { OUTLOOK_SUBSCRIPTION_MINUTES } from '../subscription-limits';
import type { RemoteEntry, RemoteSnapshot, RemoteWrite, ResourceAdapter, ResourceSettings, Scope, SyncedFields, WriteOptions } from '../types';
import { ItemError } from '../types';
import { asCalendarFields, CALENDAR_GRAPH_NAMED_FIELDS, CALENDAR_LOCAL_FIELDS, fieldsFromGraph, fieldsFromLocal, fieldsToGraph, fieldsToLocalData } from './fields';
import { cancelledOccurrenceEntries, isOccurrenceId, parseOccurrenceId } from './occurrences';
import { UID } from '../../../../../shared/plugin';
import { audienceHash, organizerOnly, sendsAttendees } from './audience';
import type { Graph, SelectOf } from '../graph-answer';

export const CALENDAR_SCOPE: Scope = { key: 'calendar' };

/**
 * Properties read when one event is read by id (a series master behind occurrences, an item delta sent
 * incomplete, a stored item checked or restored): all fromRemote maps, transactionId to recognise our
 * own unanswered create, and cancelledOccurrences, which Graph returns on a series master only when selected.
 */
const ITEM_SELECT = ([
  'id',
  'type',
  'changeKey',
  'lastModifiedDateTime',
  ...CALENDAR_GRAPH_NAMED_FIELDS,
  'originalStart',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'transactionId',
  'cancelledOccurrences',
  // Whether Strapi may write the event: a meeting another mailbox organizes is never written.
  'isOrganizer',
] satisfies SelectOf<Graph.Event>).join(',');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const userPath = (mailbox: string) => `/users/${encodeURIComponent(mailbox)}`;
const eventPath = (mailbox: string, id: string) => `${userPath(mailbox)}/events/${encodeURIComponent(id)}`;
const eventReadUrl = (mailbox: string, id: string) => `${eventPath(mailbox, id)}?$select=${ITEM_SELECT}`;

/** Graph's calendarView bounds: UTC ISO without milliseconds. */
const windowBound = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The raw change key: `changeKey`, else the one inside `@odata.etag` (W/"<changeKey>"). */
export function changeKeyOf(entry: Record<string, unknown>): string | null {
  if (typeof entry.changeKey === 'string' && entry.changeKey) return entry.changeKey;
  const etag = entry['@odata.etag'];
  if (typeof etag !== 'string') return null;
  const m = /^(?:W\/)?"(.*)"$/.exec(etag.trim());
  return m ? m[1] : etag;
}

/** If-Match for Outlook items: their ETag, W/"<changeKey>" (a value already in that form is kept). */
export function ifMatchOf(changeKey: string): string {
  return /^(W\/)?".*"$/.test(changeKey) ? changeKey : `W/"${changeKey}"`;
}

/** Delta may carry an item with only some properties; without these it cannot be mapped faithfully. */
function isComplete(entry: RemoteEntry): boolean {
  return isRecord(entry.start) && isRecord(entry.end) && 'subject' in entry;
}

/**
 * Attendees are sent only with invitations on (Graph mails whoever a POST or PATCH lists, and cannot
 * do otherwise): without, they stay in Strapi, and Microsoft's answer does not overwrite them there.
 * An empty list is left out too (it would remove Outlook's attendees) but is nothing Strapi keeps:
 * the attendees Outlook has then come into Strapi as usual.
 */
function withoutUnsentAttendees(write: RemoteWrite, options: WriteOptions | undefined): RemoteWrite {
  const body = write.body as Record<string, unknown>;
  if (sendsAttendees(options?.settings) || !('attendees' in body)) return write;
  const { attendees, ...rest } = body;
  return Array.isArray(attendees) && attendees.length > 0 ? { ...write, body: rest, unsent: ['attendees'] } : { ...write, body: rest };
}

function concurrency(changeKey: string | null): Record<string, string> | undefined {
  return changeKey ? { 'If-Match': ifMatchOf(changeKey) } : undefined;
}

function cancelledOccurrenceError(remoteId: string): ItemError {
  return new ItemError(
    'calendar.cancelled-occurrence',
    `"${remoteId}" is a cancelled occurrence: Outlook keeps no item for it, so it cannot be changed or deleted there. Edit or delete the series instead.`,
  );
}

export type CalendarAdapter = ResourceAdapter & {
  /**
   * The GET that reads one stored event. The runner re-reads series masters (after delta removed
   * occurrences it has no mapping for: cancelled ones) and checks or restores stored items through
   * it; without the $select a master would come back without its cancelledOccurrences.
   */
  itemUrl(mailbox: string, remoteId: string): string;
  /** A cancelled-occurrence entry's series master id: reading the master tells whether it still stands. */
  derivedFrom(remoteId: string): string | undefined;
};

export const calendarAdapter: CalendarAdapter = {
  resource: 'calendar',
  uid: UID.calendarEvent,
  localFields: CALENDAR_LOCAL_FIELDS,

  // Events of the mailbox's calendars, whatever the window: a change outside it costs one quiet delta.
  changeNotifications: { resource: (mailbox: string) => `users/${mailbox}/events`, maxMinutes: OUTLOOK_SUBSCRIPTION_MINUTES },

  fixedScopes(): Scope[] {
    return [CALENDAR_SCOPE];
  },

  initialDeltaUrl(mailbox: string, _scope: Scope, settings: ResourceSettings): string {
    if (!settings.window) throw new RangeError('The calendar needs a sync window (resourceSettings gives it from settings.calendar.pastDays/futureDays).');
    const { start, end } = settings.window;
    return `${userPath(mailbox)}/calendarView/delta?startDateTime=${windowBound(start)}&endDateTime=${windowBound(end)}`;
  },

  fromRemote(entry: RemoteEntry): RemoteSnapshot | null {
    if (entry['@removed']) return null;
    if (entry.type === 'occurrence' || !isComplete(entry)) return null;
    return {
      id: entry.id,
      changeKey: changeKeyOf(entry),
      modifiedAt: typeof entry.lastModifiedDateTime === 'string' ? entry.lastModifiedDateTime : null,
      fields: fieldsFromGraph(entry) as unknown as SyncedFields,
      // Graph's isOrganizer: false is an invitation from another mailbox; only its organizer may change it.
      ...(typeof entry.isOrganizer === 'boolean' ? { readOnly: entry.isOrganizer ? false : ('not-organizer' as const) } : {}),
    };
  },

  referencedItems(mailbox: string, entry: RemoteEntry): Array<{ id: string; url: string }> {
    if (entry['@removed']) return [];
    const out: Array<{ id: string; url: string }> = [];
    const partOfSeries = entry.type === 'occurrence' || entry.type === 'exception';
    if (partOfSeries && typeof entry.seriesMasterId === 'string' && entry.seriesMasterId) {
      out.push({ id: entry.seriesMasterId, url: eventReadUrl(mailbox, entry.seriesMasterId) });
    }
    if (entry.type !== 'occurrence' && !isComplete(entry) && !isOccurrenceId(entry.id)) {
      out.push({ id: entry.id, url: eventReadUrl(mailbox, entry.id) });
    }
    return out;
  },

  itemUrl(mailbox: string, remoteId: string): string {
    if (isOccurrenceId(remoteId)) throw cancelledOccurrenceError(remoteId); // no Graph item: its series tells
    return eventReadUrl(mailbox, remoteId);
  },

  derivedEntries(entry: RemoteEntry): RemoteEntry[] {
    return entry.type === 'seriesMaster' ? cancelledOccurrenceEntries(entry) : [];
  },

  derivedFrom(remoteId: string): string | undefined {
    return parseOccurrenceId(remoteId)?.seriesMasterId;
  },

  removalsMayBeOutOfView: true,

  audience: {
    hash: (fields: SyncedFields, settings: ResourceSettings) => audienceHash(asCalendarFields(fields), settings),
  },

  fromLocal(entry: Record<string, unknown>): SyncedFields {
    return fieldsFromLocal(entry) as unknown as SyncedFields;
  },

  toLocalData(fields: SyncedFields): Record<string, unknown> {
    return fieldsToLocalData(asCalendarFields(fields));
  },

  createRemote(mailbox: string, _scope: Scope, fields: SyncedFields, transactionId: string, options?: WriteOptions): RemoteWrite {
    const f = asCalendarFields(fields);
    if (f.seriesMasterId) {
      throw new ItemError(
        'calendar.exception-not-creatable',
        'An occurrence of a series cannot be created on its own in Outlook; it exists only through its series.',
      );
    }
    const body = { ...fieldsToGraph(f, { exception: false }), transactionId };
    return withoutUnsentAttendees({ method: 'POST', url: `${userPath(mailbox)}/events`, body }, options);
  },

  updateRemote(mailbox: string, remoteId: string, fields: SyncedFields, changeKey: string | null, options?: WriteOptions): RemoteWrite {
    if (isOccurrenceId(remoteId)) throw cancelledOccurrenceError(remoteId);
    const f = asCalendarFields(fields);
    let body = fieldsToGraph(f, { exception: f.seriesMasterId !== null });
    // Nothing the attendees see changed since Microsoft's version: send only what mails nobody.
    const seen = options?.remoteAudienceHash;
    if (seen && options && seen === audienceHash(f, options.settings)) body = organizerOnly(body);
    return withoutUnsentAttendees({ method: 'PATCH', url: eventPath(mailbox, remoteId), body, headers: concurrency(changeKey) }, options);
  },

  deleteRemote(mailbox: string, remoteId: string, changeKey: string | null): RemoteWrite {
    if (isOccurrenceId(remoteId)) throw cancelledOccurrenceError(remoteId);
    return { method: 'DELETE', url: eventPath(mailbox, remoteId), headers: concurrency(changeKey) };
  },
};
