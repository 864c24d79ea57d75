// Shared pieces of the plugin's content-type schemas.
import { IMPORTANCES } from '../../../shared/enums';
import { RESOURCES, UID } from '../../../shared/plugin';

export const VISIBLE = {
  'content-manager': { visible: true },
  'content-type-builder': { visible: false },
} as const;

export const HIDDEN = {
  'content-manager': { visible: false },
  'content-type-builder': { visible: false },
} as const;

export const NO_DRAFTS = { draftAndPublish: false } as const;

export const mailboxRelation = {
  type: 'relation',
  relation: 'manyToOne',
  target: UID.mailbox,
} as const;

export const IMPORTANCE = { type: 'enumeration', enum: [...IMPORTANCES], default: 'normal' } as const;

/** What every row of the sync's own bookkeeping (mappings, cursors) is found by. */
export const SYNC_KEY_ATTRIBUTES = {
  mailbox: { type: 'string', required: true },
  resource: { type: 'enumeration', enum: [...RESOURCES], required: true },
  /** The cursor scope the row belongs to (calendar, a To Do list, a mail folder). */
  scope: { type: 'string' },
} as const;

/** A run reads the rows of one mailbox and resource at once. */
export const syncKeyIndex = (collectionName: string) => ({ name: `${collectionName}_mailbox_resource`, columns: ['mailbox', 'resource'] });
