// The Content Manager API queries the calendar view sends: which entries a visible range needs.
// Pure, so that the unit tests check the filters without a browser.
import { UID } from '../../../../../shared/plugin';

const DAY_MS = 86400000;

/** The fields the calendar places an event by (the Content Manager would otherwise send bodies too). */
export const EVENT_FIELDS = ['subject', 'start', 'end', 'isAllDay', 'timeZone', 'isCancelled', 'recurrence', 'seriesMasterId', 'originalStart'] as const;
export const TASK_FIELDS = ['title', 'dueDate', 'taskStatus', 'importance', 'listName'] as const;
/** Only the mailbox's address and name come with each entry. */
export const MAILBOX_POPULATE = { mailbox: { fields: ['address', 'displayName'] } } as const;

/** `mailbox` = a mailbox's documentId, or null for every mailbox the admin may read. */
const mailboxFilter = (mailbox: string | null) => (mailbox ? [{ mailbox: { documentId: { $eq: mailbox } } }] : []);

/**
 * Filters for the events a range needs. Three kinds of entries: those that overlap it; series masters
 * begun before its end (their occurrences are computed here, whatever the master's own dates); and
 * exceptions whose original occurrence falls in it (they replace that occurrence, even when moved away).
 * All-day events are stored at UTC midnights and read in the viewer's zone, so the range is widened by a
 * day either side; the page then keeps what really overlaps.
 */
export function eventFilters(range: { start: Date; end: Date }, mailbox: string | null): Record<string, unknown> {
  const from = new Date(range.start.getTime() - DAY_MS).toISOString();
  const to = new Date(range.end.getTime() + DAY_MS).toISOString();
  return {
    $and: [
      ...mailboxFilter(mailbox),
      {
        $or: [
          { $and: [{ start: { $lt: to } }, { end: { $gt: from } }] },
          { $and: [{ recurrence: { $notNull: true } }, { start: { $lt: to } }] },
          { $and: [{ originalStart: { $gte: from } }, { originalStart: { $lt: to } }] },
        ],
      },
    ],
  };
}

/** Filters for the task list: the chosen mailbox's tasks, or all the admin may read. */
export function taskFilters(mailbox: string | null): Record<string, unknown> {
  return mailbox ? { $and: mailboxFilter(mailbox) } : {};
}

/** The Content Manager's address of an entry, below the admin's base path. */
export function entryPath(uid: (typeof UID)['calendarEvent'] | (typeof UID)['task'], documentId: string): string {
  return `/content-manager/collection-types/${uid}/${encodeURIComponent(documentId)}`;
}
