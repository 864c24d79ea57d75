import { HIDDEN, NO_DRAFTS } from './schema-helpers';

// A row per alert cause (a mailbox's needs-attention code, a degraded mailbox, the secret expiring or
// expired): when it was last sent. An alert for a cause goes out at most once a day; the row is claimed
// with a conditional update, so several processes sharing the database send it once between them.
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_alert_logs',
    info: { singularName: 'alert-log', pluralName: 'alert-logs', displayName: 'Alert log' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    // A real unique index (see sync-lease.ts): two processes inserting the first row of a cause at once.
    indexes: [{ name: 'ms365_alert_logs_key_uq', columns: ['key'], type: 'unique' }],
    attributes: {
      /** sha256 of the cause: an address makes causes longer than an indexable string. */
      key: { type: 'string', required: true, unique: true, maxLength: 64 },
      cause: { type: 'text', required: true },
      sentAt: { type: 'datetime', required: true },
    },
  },
};
