// How the Content Manager shows the synced types at install: the list's columns and default sort, the
// edit view's order and labels. Given as the content type's `config`, which @strapi/content-manager
// reads only when it creates a type's view configuration (the first boot that sees the type); after
// that the configuration stored in its core-store key is the admin's, and Strapi never re-applies this.

import { RUN_STATE_FIELDS } from './mailbox';

type Attribute = { type: string; visible?: boolean };
type Schema = { attributes: Record<string, Attribute> };

interface ViewSpec {
  /** The list's columns, in order. */
  list: string[];
  /** Fields placed first in the edit view; the rest follow in the schema's order. */
  editFirst: string[];
  sortBy: string;
  sortOrder: 'ASC' | 'DESC';
  /** What an entry is shown by (titles, relation pickers). */
  mainField: string;
  labels: Record<string, string>;
  /** Fields the edit view shows but does not let anyone change. */
  readOnly?: readonly string[];
}

const MAILBOX_SHOWN_BY = 'address';

export const VIEWS: Record<'mailbox' | 'calendar-event' | 'task' | 'email-message', ViewSpec> = {
  mailbox: {
    list: ['address', 'displayName', 'owner', 'enabled'],
    editFirst: ['address', 'displayName', 'owner', 'enabled', 'calendar', 'tasks', 'email'],
    // Found by address, not by age.
    sortBy: 'address',
    sortOrder: 'ASC',
    mainField: MAILBOX_SHOWN_BY,
    labels: { address: 'Address', displayName: 'Display name', owner: 'Owner', enabled: 'Enabled', calendar: 'Calendar', tasks: 'Tasks', email: 'Email', lastSyncAt: 'Last sync', lastError: 'Last error', failingSince: 'Failing since', attentionCode: 'Needs attention', resourceSyncedAt: 'Last sync per resource', lastHealthAlert: 'Last health alert' },
    readOnly: RUN_STATE_FIELDS,
  },
  'calendar-event': {
    // Cancelled too: a cancelled occurrence of a series is an entry of its own, and looks like any other.
    list: ['subject', 'start', 'end', 'isAllDay', 'isCancelled', 'mailbox'],
    editFirst: ['subject', 'mailbox', 'start', 'end', 'isAllDay', 'isCancelled', 'timeZone', 'location'],
    sortBy: 'start',
    sortOrder: 'DESC',
    mainField: 'subject',
    labels: { subject: 'Subject', start: 'Start', end: 'End', isAllDay: 'All day', isCancelled: 'Cancelled', mailbox: 'Mailbox', timeZone: 'Time zone', location: 'Location', body: 'Body', attendees: 'Attendees' },
  },
  task: {
    list: ['title', 'taskStatus', 'dueDate', 'listName', 'mailbox'],
    editFirst: ['title', 'mailbox', 'taskStatus', 'importance', 'dueDate', 'listName'],
    // Newest first: To Do's own creation time is not stored, so the entry's.
    sortBy: 'createdAt',
    sortOrder: 'DESC',
    mainField: 'title',
    labels: { title: 'Title', taskStatus: 'Status', dueDate: 'Due date', listName: 'List', mailbox: 'Mailbox', importance: 'Importance', body: 'Notes', completedAt: 'Completed', reminderAt: 'Reminder', isReminderOn: 'Reminder on' },
  },
  'email-message': {
    list: ['receivedAt', 'fromDisplay', 'subject', 'folder', 'mailbox'],
    editFirst: ['subject', 'mailbox', 'receivedAt', 'fromDisplay', 'folder'],
    sortBy: 'receivedAt',
    sortOrder: 'DESC',
    mainField: 'subject',
    labels: { receivedAt: 'Received', fromDisplay: 'From', from: 'From (address)', subject: 'Subject', folder: 'Folder', mailbox: 'Mailbox', sentAt: 'Sent', bodyPreview: 'Preview', body: 'Body' },
  },
};

const ROW = 12;
// The Content Manager's own field sizes (its field-sizes service): full rows for json, small for these.
const sizeOf = (type: string) => (type === 'json' ? ROW : ['boolean', 'date', 'integer', 'biginteger', 'float', 'decimal'].includes(type) ? 4 : 6);

function editLayout(schema: Schema, first: string[]): Array<Array<{ name: string; size: number }>> {
  const names = Object.keys(schema.attributes).filter((name) => schema.attributes[name]!.visible !== false);
  const ordered = [...first.filter((name) => names.includes(name)), ...names.filter((name) => !first.includes(name))];
  const rows: Array<Array<{ name: string; size: number }>> = [];
  let row: Array<{ name: string; size: number }> = [];
  let used = 0;
  for (const name of ordered) {
    const size = sizeOf(schema.attributes[name]!.type);
    if (used + size > ROW) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push({ name, size });
    used += size;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** The content type's Content Manager `config` (settings, metadatas, layouts) for its view spec. */
export function viewConfig(schema: Schema, spec: ViewSpec) {
  const metadatas: Record<string, { edit: Record<string, string | boolean>; list: Record<string, string> }> = {};
  for (const [name, label] of Object.entries(spec.labels)) {
    if (!(name in schema.attributes)) continue;
    metadatas[name] = { edit: { label }, list: { label } };
  }
  if (metadatas.mailbox) metadatas.mailbox.edit.mainField = MAILBOX_SHOWN_BY;
  for (const name of spec.readOnly ?? []) if (metadatas[name]) metadatas[name].edit.editable = false;
  return {
    settings: { bulkable: true, filterable: true, searchable: true, pageSize: 20, mainField: spec.mainField, defaultSortBy: spec.sortBy, defaultSortOrder: spec.sortOrder },
    metadatas,
    layouts: { list: spec.list, edit: editLayout(schema, spec.editFirst) },
  };
}

/** The content type definition with its install-time Content Manager view. */
export function withView<T extends { schema: Schema }>(definition: T, spec: ViewSpec): T {
  return { ...definition, schema: { ...definition.schema, config: viewConfig(definition.schema, spec) } };
}
