import { HIDDEN, NO_DRAFTS } from './schema-helpers';

// A row per lease name: who holds it and until when (ms since the epoch, by the database's clock).
// Taken with a conditional update so that only one Strapi process sharing the database runs a sync
// at a time; an expired lease may be taken over (see server/src/sync/lease.ts).
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_leases',
    info: { singularName: 'sync-lease', pluralName: 'sync-leases', displayName: 'Sync lease' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    // Strapi's attribute-level `unique` is only checked by its validator, not the database; two
    // processes creating the row at once need a real unique index so one of the inserts fails.
    indexes: [{ name: 'ms365_sync_leases_name_uq', columns: ['name'], type: 'unique' }],
    attributes: {
      name: { type: 'string', required: true, unique: true },
      holder: { type: 'string' },
      expiresAt: { type: 'biginteger' },
    },
  },
};
