// Content mappings: a collection type of the host app synced as one resource (calendar or To Do tasks)
// instead of the plugin's own type. Pure types and catalogues, shared by the server and the admin page.
import type { ConflictResolution, Direction } from './settings';

export const MAPPABLE_RESOURCES = ['calendar', 'tasks'] as const;
export type MappableResource = (typeof MAPPABLE_RESOURCES)[number];

/** How one synced field is filled from the host type. */
export type FieldSource =
  /** An attribute of the host type; `values` maps the attribute's values to Graph's (enumerations). */
  | { attribute: string; values?: Record<string, string> }
  /** The same value for every entry (sent to Microsoft, never written back). */
  | { value: string | number | boolean };

/** Which mailbox an entry belongs to: one for the whole mapping, or the one an attribute names. */
export type MailboxSource =
  | { address: string }
  /** An email/string attribute holding the mailbox's address, or a relation to the plugin's mailbox type. */
  | { attribute: string };

export interface ContentMapping {
  /** Stable key: the bookkeeping of the mapping's mailboxes × resource is kept under it. */
  id: string;
  /** The host collection type, e.g. api::meeting.meeting. Fixed once saved. */
  uid: string;
  resource: MappableResource;
  mailbox: MailboxSource;
  /** Synced field (as in MAPPABLE_FIELDS) → its source; a field not listed keeps Graph's default and is never sent on updates. */
  fields: Record<string, FieldSource>;
  direction: Direction;
  conflictResolution: ConflictResolution;
  /** A Strapi filter object on the host type: entries outside it are out of scope (never deleted for it). */
  filters?: Record<string, unknown> | null;
  /** i18n types: the one locale the mapping syncs. */
  locale?: string | null;
  /** Draft & Publish types: whether unpublishing deletes the item in Microsoft (default: it leaves the scope). */
  unpublishDeletes?: boolean;
  enabled?: boolean;
}

/** Attributes Strapi itself keeps on every document: never a synced field's source, nor a mailbox. */
export const SYSTEM_ATTRIBUTES: readonly string[] = ['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'];

/** Attribute types (Strapi's) that can feed each kind of synced field. */
export type FieldKind = 'title' | 'body' | 'text' | 'datetime' | 'date' | 'boolean' | 'integer' | 'choice' | 'list';

export const KIND_ATTRIBUTE_TYPES: Record<FieldKind, readonly string[]> = {
  title: ['string', 'text', 'email', 'uid'],
  body: ['string', 'text', 'richtext', 'blocks'],
  text: ['string', 'text', 'email'],
  datetime: ['datetime', 'date'],
  date: ['date', 'datetime'],
  boolean: ['boolean'],
  integer: ['integer', 'biginteger'],
  choice: ['enumeration', 'string', 'boolean'],
  list: ['json'],
};

export interface MappableField {
  name: string;
  kind: FieldKind;
  /** Graph's values of a choice field. */
  values?: readonly string[];
  /** Needed for an item to be sent to Microsoft. */
  required?: boolean;
}

export const MAPPABLE_FIELDS: Record<MappableResource, readonly MappableField[]> = {
  calendar: [
    { name: 'subject', kind: 'title', required: true },
    { name: 'body', kind: 'body' },
    { name: 'location', kind: 'text' },
    { name: 'start', kind: 'datetime', required: true },
    { name: 'end', kind: 'datetime' },
    { name: 'isAllDay', kind: 'boolean' },
    { name: 'timeZone', kind: 'text' },
    { name: 'showAs', kind: 'choice', values: ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'] },
    { name: 'importance', kind: 'choice', values: ['low', 'normal', 'high'] },
    { name: 'sensitivity', kind: 'choice', values: ['normal', 'personal', 'private', 'confidential'] },
    { name: 'categories', kind: 'list' },
    { name: 'isReminderOn', kind: 'boolean' },
    { name: 'reminderMinutesBeforeStart', kind: 'integer' },
  ],
  tasks: [
    { name: 'title', kind: 'title', required: true },
    { name: 'body', kind: 'body' },
    { name: 'status', kind: 'choice', values: ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'] },
    { name: 'importance', kind: 'choice', values: ['low', 'normal', 'high'] },
    { name: 'dueDate', kind: 'date' },
    { name: 'reminderAt', kind: 'datetime' },
    { name: 'isReminderOn', kind: 'boolean' },
    { name: 'completedAt', kind: 'datetime' },
    { name: 'categories', kind: 'list' },
    { name: 'listName', kind: 'text' },
  ],
};

export function mappableField(resource: MappableResource, name: string): MappableField | undefined {
  return MAPPABLE_FIELDS[resource].find((field) => field.name === name);
}
