// Calendar items of a mailbox: single events, series masters, their occurrences and exceptions.
// Used by the Graph handlers and by the control API (acting as an Outlook user).
import type { MeetingMessage, OccurrenceException, StoredEvent, UserRecord } from '../../state/model';
import { GraphHttpError } from '../../core/http';
import { changeKey, graphTimestamp, outlookId, guid } from '../../core/ids';
import { itemChanged } from '../../state/changes';
import { isLocalMidnight, localDateOf, localTimeOf, localToUtc, resolveTimeZone, utcToLocal, addDays } from '../../core/time';
import { occurrenceDates, recurrenceProblem, type PatternedRecurrence } from '../../../../shared/recurrence';

const READ_ONLY = new Set(['id', '@odata.etag', '@odata.context', 'changeKey', 'createdDateTime', 'lastModifiedDateTime', 'type', 'seriesMasterId', 'iCalUId', 'webLink', 'bodyPreview', 'isOrganizer', 'organizer', 'responseStatus', 'originalStart', 'hasAttachments']);
const OCCURRENCE_PREFIX = 'AAMkOcc';

interface DateTimeTimeZone {
  dateTime: string;
  timeZone?: string;
}

export interface EventInstance {
  master: StoredEvent;
  /** Original local start date of the occurrence (undefined for single events and masters). */
  date?: string;
}

export function occurrenceId(masterId: string, date: string): string {
  return OCCURRENCE_PREFIX + Buffer.from(`${masterId}\n${date}`).toString('base64url');
}

function parseOccurrenceId(id: string): { masterId: string; date: string } | undefined {
  if (!id.startsWith(OCCURRENCE_PREFIX)) return undefined;
  const [masterId, date] = Buffer.from(id.slice(OCCURRENCE_PREFIX.length), 'base64url').toString('utf8').split('\n');
  return masterId && date ? { masterId, date } : undefined;
}

const invalid = (message: string, code = 'ErrorInvalidRequest') => new GraphHttpError(400, code, message);
export const notFound = () => new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

function parseDateTime(value: unknown, name: string): { ms: number; zone: string; zoneName: string } {
  const v = value as DateTimeTimeZone | undefined;
  if (!v || typeof v !== 'object' || typeof v.dateTime !== 'string') throw invalid(`The ${name} property is required and must have a dateTime.`);
  const zoneName = v.timeZone ?? 'UTC';
  const zone = resolveTimeZone(zoneName);
  if (!zone) throw invalid(`A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zoneName}'.`, 'TimeZoneNotSupportedException');
  try {
    return { ms: localToUtc(v.dateTime, zone), zone, zoneName };
  } catch {
    throw invalid(`Cannot convert the literal '${v.dateTime}' to the expected type 'Edm.DateTime'.`, 'BadRequest');
  }
}

/** Validates start/end/isAllDay/recurrence of a full event body and returns the computed times. */
function timesOf(data: Record<string, unknown>): { startMs: number; endMs: number; zone: string } {
  const start = parseDateTime(data.start, 'start');
  const end = parseDateTime(data.end, 'end');
  if (end.ms < start.ms) throw invalid('The end time of an event cannot be before its start time.', 'ErrorInvalidRequest');
  if (data.isAllDay === true) {
    if (!isLocalMidnight(start.ms, start.zone) || !isLocalMidnight(end.ms, end.zone) || end.ms <= start.ms) {
      throw invalid('Your request can\'t be completed. All-day events must start and end at midnight, and last at least one day.', 'ErrorPropertyValidationFailure');
    }
  }
  return { startMs: start.ms, endMs: end.ms, zone: start.zone };
}

function normaliseRecurrence(data: Record<string, unknown>, startMs: number, zone: string): void {
  if (data.recurrence === undefined || data.recurrence === null) {
    data.recurrence = null;
    return;
  }
  const r = data.recurrence as PatternedRecurrence;
  const problem = recurrenceProblem(r);
  if (problem) throw invalid(problem, 'ErrorPropertyValidationFailure');
  r.pattern = { interval: 1, month: 0, dayOfMonth: 0, firstDayOfWeek: 'sunday', index: 'first', daysOfWeek: [], ...r.pattern };
  r.range = { startDate: localDateOf(startMs, zone), endDate: '0001-01-01', numberOfOccurrences: 0, recurrenceTimeZone: (data.start as DateTimeTimeZone).timeZone ?? 'UTC', ...r.range };
}

function defaults(user: UserRecord): Record<string, unknown> {
  return {
    subject: '',
    body: { contentType: 'html', content: '' },
    importance: 'normal',
    sensitivity: 'normal',
    showAs: 'busy',
    isAllDay: false,
    isCancelled: false,
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    responseRequested: true,
    allowNewTimeProposals: true,
    hideAttendees: false,
    isDraft: false,
    isOnlineMeeting: false,
    onlineMeetingProvider: 'unknown',
    onlineMeeting: null,
    onlineMeetingUrl: null,
    categories: [],
    attendees: [],
    location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} },
    locations: [],
    recurrence: null,
    transactionId: null,
    organizer: { emailAddress: { name: user.displayName, address: user.address } },
  };
}

function writable(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!READ_ONLY.has(k) && !k.startsWith('@')) out[k] = v;
  return out;
}

function normaliseAttendees(data: Record<string, unknown>): void {
  if (!Array.isArray(data.attendees)) return;
  data.attendees = (data.attendees as Array<Record<string, unknown>>).map((a) => ({
    type: 'required',
    status: { response: 'none', time: '0001-01-01T00:00:00Z' },
    ...a,
  }));
}

export interface CreateResult {
  event: StoredEvent;
  created: boolean;
}

export function createEvent(user: UserRecord, input: Record<string, unknown>): CreateResult {
  const box = user.mailbox;
  const tx = typeof input.transactionId === 'string' ? input.transactionId : undefined;
  if (tx) {
    const existingId = box.eventIdByTransaction.get(tx);
    const existing = existingId ? box.events.get(existingId) : undefined;
    if (existing) return { event: existing, created: false };
  }
  const data = { ...defaults(user), ...writable(input) };
  const { startMs, endMs, zone } = timesOf(data);
  normaliseRecurrence(data, startMs, zone);
  normaliseAttendees(data);
  const now = graphTimestamp();
  const event: StoredEvent = {
    id: outlookId(),
    createdDateTime: now,
    lastModifiedDateTime: now,
    changeKey: changeKey(),
    data: { ...data, iCalUId: `040000008200E00074C5B7101A82E008${guid().replace(/-/g, '').toUpperCase()}` },
    startMs,
    endMs,
    zone,
    exceptions: new Map(),
    cancelled: new Map(),
    occurrenceVersion: '',
  };
  event.occurrenceVersion = event.changeKey;
  box.events.set(event.id, event);
  if (tx) box.eventIdByTransaction.set(tx, event.id);
  itemChanged({ user, kind: 'event', changeType: 'created', id: event.id, changeKey: event.changeKey });
  return { event, created: true };
}

/** Resolves a single event, series master or occurrence id. */
export function findInstance(user: UserRecord, id: string): EventInstance | undefined {
  const direct = user.mailbox.events.get(id);
  if (direct) return { master: direct };
  const occ = parseOccurrenceId(id);
  if (!occ) return undefined;
  const master = user.mailbox.events.get(occ.masterId);
  if (!master || !master.data.recurrence || master.cancelled.has(occ.date)) return undefined;
  const r = master.data.recurrence as PatternedRecurrence;
  const dates = occurrenceDates(r, r.range.startDate as string, occ.date);
  if (dates[dates.length - 1] !== occ.date) return undefined;
  return { master, date: occ.date };
}

export function requireInstance(user: UserRecord, id: string): EventInstance {
  const found = findInstance(user, id);
  if (!found) throw notFound();
  return found;
}

export function currentChangeKey(inst: EventInstance): string {
  if (!inst.date) return inst.master.changeKey;
  return inst.master.exceptions.get(inst.date)?.changeKey ?? inst.master.changeKey;
}

/** 412 when If-Match names another version of the item. */
export function checkIfMatch(inst: EventInstance, ifMatch: string | undefined): void {
  if (!ifMatch || ifMatch.trim() === '*') return;
  const wanted = ifMatch.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (wanted !== currentChangeKey(inst)) {
    throw new GraphHttpError(412, 'ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
  }
}

function occurrenceTimes(master: StoredEvent, date: string): { startMs: number; endMs: number } {
  const startMs = localToUtc(`${date}T${localTimeOf(master.startMs, master.zone)}`, master.zone);
  const duration = master.data.isAllDay === true ? Math.round((master.endMs - master.startMs) / 86400000) : master.endMs - master.startMs;
  const endMs = master.data.isAllDay === true ? localToUtc(`${addDays(date, duration)}T00:00:00`, master.zone) : startMs + duration;
  return { startMs, endMs };
}

export function updateInstance(user: UserRecord, id: string, patch: Record<string, unknown>, ifMatch?: string): EventInstance {
  const inst = requireInstance(user, id);
  checkIfMatch(inst, ifMatch);
  const changes = writable(patch);
  const now = graphTimestamp();
  if (inst.date) {
    if ('recurrence' in changes) throw invalid('The recurrence of an occurrence cannot be changed.', 'ErrorInvalidRequest');
    const prev = inst.master.exceptions.get(inst.date);
    const merged = { ...(prev?.patch ?? {}), ...changes };
    const base = occurrenceTimes(inst.master, inst.date);
    const probe = { ...inst.master.data, ...merged };
    if (!merged.start) probe.start = { dateTime: utcToLocal(base.startMs, inst.master.zone), timeZone: (inst.master.data.start as DateTimeTimeZone).timeZone };
    if (!merged.end) probe.end = { dateTime: utcToLocal(base.endMs, inst.master.zone), timeZone: (inst.master.data.end as DateTimeTimeZone).timeZone };
    const times = timesOf(probe);
    const exception: OccurrenceException = { changeKey: changeKey(), lastModifiedDateTime: now, patch: merged, startMs: times.startMs, endMs: times.endMs };
    inst.master.exceptions.set(inst.date, exception);
    // Reported on the series master (see README: which item Exchange names for an occurrence is not documented).
    itemChanged({ user, kind: 'event', changeType: 'updated', id: inst.master.id, changeKey: inst.master.changeKey });
    return inst;
  }
  const ev = inst.master;
  const data = { ...ev.data, ...changes };
  const { startMs, endMs, zone } = timesOf(data);
  const seriesChanged = ev.data.recurrence && ('recurrence' in changes || 'start' in changes || 'end' in changes || 'isAllDay' in changes);
  // A moved or re-patterned series restarts from the new start unless a range start was given.
  if (changes.recurrence) {
    const r = changes.recurrence as PatternedRecurrence;
    if (r.range && !('startDate' in r.range)) data.recurrence = { ...r, range: { ...r.range, startDate: localDateOf(startMs, zone) } };
  } else if (data.recurrence && 'start' in changes) {
    const r = data.recurrence as PatternedRecurrence;
    data.recurrence = { ...r, range: { ...r.range, startDate: localDateOf(startMs, zone) } };
  }
  normaliseRecurrence(data, startMs, zone);
  normaliseAttendees(data);
  ev.data = data;
  ev.startMs = startMs;
  ev.endMs = endMs;
  ev.zone = zone;
  // Outlook drops exceptions when the series pattern or times change.
  if (seriesChanged) {
    ev.exceptions.clear();
    ev.cancelled.clear();
  }
  ev.changeKey = changeKey();
  ev.lastModifiedDateTime = now;
  ev.occurrenceVersion = ev.changeKey;
  itemChanged({ user, kind: 'event', changeType: 'updated', id: ev.id, changeKey: ev.changeKey });
  return inst;
}

/**
 * Deletes a single event or series, or cancels one occurrence: the series then skips it, lists it in
 * its cancelledOccurrences, and the master itself has changed (new changeKey and lastModifiedDateTime).
 */
export function deleteInstance(user: UserRecord, id: string, ifMatch?: string): void {
  const inst = requireInstance(user, id);
  checkIfMatch(inst, ifMatch);
  if (inst.date) {
    const master = inst.master;
    const now = graphTimestamp();
    master.exceptions.delete(inst.date);
    master.cancelled.set(inst.date, { lastModifiedDateTime: now, changeKey: changeKey() });
    master.changeKey = changeKey();
    master.lastModifiedDateTime = now;
    itemChanged({ user, kind: 'event', changeType: 'updated', id: master.id, changeKey: master.changeKey });
    return;
  }
  user.mailbox.events.delete(inst.master.id);
  itemChanged({ user, kind: 'event', changeType: 'deleted', id: inst.master.id, changeKey: inst.master.changeKey });
  for (const [tx, eid] of user.mailbox.eventIdByTransaction) if (eid === inst.master.id) user.mailbox.eventIdByTransaction.delete(tx);
}

export interface ExpandedInstance {
  id: string;
  master: StoredEvent;
  date?: string;
  startMs: number;
  endMs: number;
  version: string;
}

/** Singles and occurrences/exceptions overlapping [fromMs, toMs), sorted by start (no series masters). */
export function instancesInWindow(user: UserRecord, fromMs: number, toMs: number, onlyMaster?: StoredEvent): ExpandedInstance[] {
  const out: ExpandedInstance[] = [];
  const overlaps = (s: number, e: number) => s < toMs && (e > fromMs || (s === e && s >= fromMs));
  const masters = onlyMaster ? [onlyMaster] : user.mailbox.events.values();
  for (const ev of masters) {
    if (!ev.data.recurrence) {
      if (overlaps(ev.startMs, ev.endMs)) out.push({ id: ev.id, master: ev, startMs: ev.startMs, endMs: ev.endMs, version: ev.changeKey });
      continue;
    }
    const r = ev.data.recurrence as PatternedRecurrence;
    // Exceptions may move out of their original day; look a little past the window for originals.
    const until = localDateOf(toMs + 7 * 86400000, ev.zone);
    for (const date of occurrenceDates(r, r.range.startDate as string, until)) {
      if (ev.cancelled.has(date)) continue;
      const exception = ev.exceptions.get(date);
      const t = exception ?? occurrenceTimes(ev, date);
      if (!overlaps(t.startMs, t.endMs)) continue;
      const version = exception ? `${ev.occurrenceVersion}.${exception.changeKey}` : ev.occurrenceVersion;
      out.push({ id: occurrenceId(ev.id, date), master: ev, date, startMs: t.startMs, endMs: t.endMs, version });
    }
  }
  out.sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1));
  return out;
}

function renderTime(ms: number, isAllDay: boolean, eventZone: string, outZoneName: string | undefined): DateTimeTimeZone {
  const outName = outZoneName ?? 'UTC';
  const outZone = resolveTimeZone(outName) ?? 'UTC';
  // All-day events are floating: their midnight stays midnight whatever zone the caller asks for.
  const local = isAllDay ? `${localDateOf(ms, eventZone)}T00:00:00.0000000` : utcToLocal(ms, outZone);
  return { dateTime: local, timeZone: outName };
}

function preview(body: unknown): string {
  const content = (body as { content?: string } | undefined)?.content ?? '';
  return content.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 255);
}

/** Graph's occurrenceId of an occurrence: "OID.{seriesMasterId}.{original start date in the recurrence zone}". */
export function graphOccurrenceId(masterId: string, date: string): string {
  return `OID.${masterId}.${date}`;
}

/**
 * A series master's cancelledOccurrences (occurrenceIds, by date). Graph returns the property only on
 * $select in a GET of the master by its id ("event" resource, "Get event" example 3).
 */
export function cancelledOccurrencesOf(master: StoredEvent): string[] {
  return [...master.cancelled.keys()].sort().map((date) => graphOccurrenceId(master.id, date));
}

/** Graph's JSON for a single event, series master, occurrence or exception. */
export function renderEvent(user: UserRecord, inst: EventInstance, outZone: string | undefined): Record<string, unknown> {
  const ev = inst.master;
  const exception = inst.date ? ev.exceptions.get(inst.date) : undefined;
  const data = { ...ev.data, ...(exception?.patch ?? {}) };
  const times = inst.date ? (exception ?? occurrenceTimes(ev, inst.date)) : { startMs: ev.startMs, endMs: ev.endMs };
  const ck = exception?.changeKey ?? ev.changeKey;
  const id = inst.date ? occurrenceId(ev.id, inst.date) : ev.id;
  const isAllDay = data.isAllDay === true;
  const type = inst.date ? (exception ? 'exception' : 'occurrence') : data.recurrence ? 'seriesMaster' : 'singleInstance';
  // An event created with another organizer (control API) stands for an invitation this mailbox received.
  const organizer = (data.organizer as { emailAddress?: { address?: string } } | undefined) ?? { emailAddress: { name: user.displayName, address: user.address } };
  const isOrganizer = (organizer.emailAddress?.address ?? '').toLowerCase() === user.address.toLowerCase();
  const out: Record<string, unknown> = {
    '@odata.etag': `W/"${ck}"`,
    id,
    createdDateTime: ev.createdDateTime,
    lastModifiedDateTime: exception?.lastModifiedDateTime ?? ev.lastModifiedDateTime,
    changeKey: ck,
    categories: data.categories,
    transactionId: inst.date ? null : data.transactionId ?? null,
    originalStartTimeZone: (ev.data.start as DateTimeTimeZone).timeZone ?? 'UTC',
    originalEndTimeZone: (ev.data.end as DateTimeTimeZone).timeZone ?? 'UTC',
    iCalUId: inst.date ? `${String(ev.data.iCalUId).slice(0, 32)}${inst.date.replace(/-/g, '')}${String(ev.data.iCalUId).slice(40)}` : ev.data.iCalUId,
    reminderMinutesBeforeStart: data.reminderMinutesBeforeStart,
    isReminderOn: data.isReminderOn,
    hasAttachments: false,
    subject: data.subject,
    bodyPreview: preview(data.body),
    importance: data.importance,
    sensitivity: data.sensitivity,
    isAllDay,
    isCancelled: data.isCancelled,
    isOrganizer,
    responseRequested: data.responseRequested,
    seriesMasterId: inst.date ? ev.id : null,
    showAs: data.showAs,
    type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: data.onlineMeetingUrl ?? null,
    isOnlineMeeting: data.isOnlineMeeting,
    onlineMeetingProvider: data.onlineMeetingProvider,
    allowNewTimeProposals: data.allowNewTimeProposals,
    isDraft: data.isDraft,
    hideAttendees: data.hideAttendees,
    responseStatus: isOrganizer ? { response: 'organizer', time: '0001-01-01T00:00:00Z' } : { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
    body: data.body,
    start: renderTime(times.startMs, isAllDay, ev.zone, outZone),
    end: renderTime(times.endMs, isAllDay, ev.zone, outZone),
    location: data.location,
    locations: data.locations,
    recurrence: inst.date ? null : data.recurrence,
    attendees: data.attendees,
    organizer,
    onlineMeeting: data.onlineMeeting ?? null,
  };
  if (inst.date) {
    const original = occurrenceTimes(ev, inst.date);
    out.originalStart = new Date(original.startMs).toISOString().replace(/\.000Z$/, 'Z');
  }
  return out;
}

/**
 * Properties an attendee's copy shows: an organizer's POST of a meeting mails a request, a PATCH that
 * carries any of these an update to every attendee (sent whether or not the value differs, as reported
 * on Graph: microsoft-graph-docs#5647, #16366, msgraph-sdk-dotnet#1996), a DELETE a cancellation. A PATCH
 * of the organizer's own properties only (showAs, categories, reminder) mails nobody, as in Outlook.
 */
const SEEN_BY_ATTENDEES = ['subject', 'body', 'start', 'end', 'location', 'locations', 'attendees', 'recurrence', 'isAllDay', 'importance', 'sensitivity', 'isOnlineMeeting'];

/** Records what Exchange mails the attendees for a Graph write to this event (only its organizer's writes mail anyone). */
export function noteMeetingMessage(user: UserRecord, inst: EventInstance, kind: MeetingMessage['kind'], sent?: Record<string, unknown>): void {
  if (kind === 'update' && sent && !Object.keys(sent).some((k) => SEEN_BY_ATTENDEES.includes(k))) return;
  const data = { ...inst.master.data, ...(inst.date ? (inst.master.exceptions.get(inst.date)?.patch ?? {}) : {}) };
  const organizer = (data.organizer as { emailAddress?: { address?: string } } | undefined)?.emailAddress?.address ?? user.address;
  if (organizer.toLowerCase() !== user.address.toLowerCase()) return;
  const to = (Array.isArray(data.attendees) ? (data.attendees as Array<{ emailAddress?: { address?: string } }>) : [])
    .map((a) => a.emailAddress?.address ?? '')
    .filter((address) => address && address.toLowerCase() !== user.address.toLowerCase());
  if (to.length === 0) return;
  const id = inst.date ? occurrenceId(inst.master.id, inst.date) : inst.master.id;
  user.mailbox.meetingMessages.push({ kind, eventId: id, subject: String(data.subject ?? ''), to, sentDateTime: graphTimestamp() });
}
