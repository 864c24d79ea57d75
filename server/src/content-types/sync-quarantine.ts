import { HIDDEN, NO_DRAFTS, SYNC_KEY_ATTRIBUTES, syncKeyIndex } from './schema-helpers';

// Items kept aside because they cannot be synced as they stand (sync/quarantine.ts): one row per item
// and side, with what failed. Never the item's content: ids, the field and a plain reason only.
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_quarantine',
    info: { singularName: 'sync-quarantine', pluralName: 'sync-quarantines', displayName: 'Sync quarantine' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    attributes: {
      ...SYNC_KEY_ATTRIBUTES,
      /** pull: a Microsoft item Strapi could not store; push: a Strapi entry Microsoft could not take. */
      side: { type: 'enumeration', enum: ['pull', 'push'], required: true },
      remoteId: { type: 'text' },
      localId: { type: 'string' },
      field: { type: 'string' },
      code: { type: 'string' },
      reason: { type: 'text' },
      attempts: { type: 'integer', default: 1 },
      firstFailedAt: { type: 'datetime' },
      lastFailedAt: { type: 'datetime' },
    },
    indexes: [syncKeyIndex('ms365_sync_quarantine')],
  },
};
