// What a meeting's attendees see, and so what a write to it must not touch unless it changed: Outlook
// mails every attendee an update when the organizer's PATCH carries what they see (reported on Graph:
// microsoft-graph-docs#5647, #16366, msgraph-sdk-dotnet#1996), and Graph has no way to write it silently
// (microsoft-graph-docs#2309). Pure.
import type * as Graph from '@microsoft/microsoft-graph-types';
import { hashSyncedFields, type SyncedFields } from '../../hash';
import type { ResourceSettings } from '../types';
import type { CalendarAttendee, CalendarFields } from './fields';

/** Synced fields an attendee's copy of the meeting shows (their answers excepted: those are theirs). */
const SEEN_BY_ATTENDEES = ['subject', 'body', 'bodyType', 'location', 'start', 'end', 'isAllDay', 'timeZone', 'attendees', 'recurrence', 'isCancelled', 'importance', 'sensitivity'] as const;

/** Event properties that are the organizer's own (free/busy, categories, reminder): writing them mails nobody. */
const ORGANIZER_ONLY: ReadonlyArray<keyof Graph.Event> = ['showAs', 'categories', 'isReminderOn', 'reminderMinutesBeforeStart'];

const attendeeList = (value: unknown): CalendarAttendee[] => (Array.isArray(value) ? (value as CalendarAttendee[]) : []);

/** Whether attendees go to Microsoft at all: only when the admin turned invitations on. */
export const sendsAttendees = (settings: ResourceSettings | undefined): boolean => settings?.sendInvitations === true;

/**
 * Hash of what the event's attendees see; null without attendees (nobody to tell). With invitations
 * off the attendee list itself is left out, since it is never sent: a change to it alone is no change Microsoft sees.
 */
export function audienceHash(fields: CalendarFields, settings: ResourceSettings): string | null {
  const attendees = attendeeList(fields.attendees);
  if (attendees.length === 0) return null;
  const seen: Record<string, unknown> = {};
  for (const field of SEEN_BY_ATTENDEES) seen[field] = fields[field];
  seen.attendees = sendsAttendees(settings) ? attendees.map((a) => ({ email: String(a.email ?? '').toLowerCase(), name: a.name ?? '', type: a.type ?? null })) : null;
  return hashSyncedFields(seen as SyncedFields);
}

/** The PATCH body reduced to the organizer's own properties, for an edit its attendees would not see. */
export function organizerOnly(body: Graph.Event): Graph.Event {
  const out: Record<string, unknown> = {};
  for (const property of ORGANIZER_ONLY) if (property in body) out[property] = body[property];
  return out as Graph.Event;
}
