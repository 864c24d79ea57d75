import { NO_DRAFTS, VISIBLE } from './schema-helpers';

/** What the runner records of a mailbox's runs: written by the runner only, never by a form or another plugin. */
export const RUN_STATE_FIELDS = ['lastSyncAt', 'lastError', 'failingSince', 'attentionCode', 'resourceSyncedAt', 'lastHealthAlert'] as const;

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_mailboxes',
    info: { singularName: 'mailbox', pluralName: 'mailboxes', displayName: 'Mailbox', description: 'A Microsoft 365 mailbox synced with Strapi' },
    options: NO_DRAFTS,
    pluginOptions: VISIBLE,
    attributes: {
      address: { type: 'string', required: true, unique: true, maxLength: 254 },
      displayName: { type: 'string', maxLength: 256 },
      owner: { type: 'relation', relation: 'manyToOne', target: 'admin::user', configurable: false },
      enabled: { type: 'boolean', default: true, required: true },
      calendar: { type: 'boolean', default: true, required: true },
      tasks: { type: 'boolean', default: true, required: true },
      email: { type: 'boolean', default: true, required: true },
      lastSyncAt: { type: 'datetime', configurable: false },
      lastError: { type: 'text', configurable: false },
      failingSince: { type: 'datetime', configurable: false },
      attentionCode: { type: 'string', maxLength: 64, configurable: false },
      resourceSyncedAt: { type: 'json', configurable: false },
      lastHealthAlert: { type: 'json', configurable: false },
    },
  },
};
