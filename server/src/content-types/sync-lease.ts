import { HIDDEN, NO_DRAFTS } from './schema-helpers';

// A row per lease name: who holds it and until when. Taken with a conditional update so that only one
// Strapi process sharing the database runs a sync at a time; an expired lease may be taken over.
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_leases',
    info: { singularName: 'sync-lease', pluralName: 'sync-leases', displayName: 'Sync lease' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    attributes: {
      name: { type: 'string', required: true, unique: true },
      holder: { type: 'string' },
      expiresAt: { type: 'biginteger' },
    },
  },
};
