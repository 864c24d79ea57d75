import { HIDDEN, NO_DRAFTS } from './schema-helpers';

// One row per synced item: which local entry is which remote item, and what both looked like at the last sync.
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_mappings',
    info: { singularName: 'sync-mapping', pluralName: 'sync-mappings', displayName: 'Sync mapping' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    attributes: {
      mailbox: { type: 'string', required: true },
      resource: { type: 'enumeration', enum: ['calendar', 'tasks', 'email'], required: true },
      localId: { type: 'string' },
      remoteId: { type: 'string' },
      remoteParentId: { type: 'string' },
      localHash: { type: 'string' },
      remoteHash: { type: 'string' },
      changeKey: { type: 'string' },
      pendingCreateId: { type: 'string' },
      syncedAt: { type: 'datetime' },
    },
  },
};
