import { HIDDEN, NO_DRAFTS, SYNC_KEY_ATTRIBUTES, syncKeyIndex } from './schema-helpers';

// One row per synced item: which local entry is which remote item, and what both looked like at the last sync.
// A row with a localId and a pendingCreateId but no remoteId is a create sent (or about to be sent) to
// Microsoft whose answer is not stored yet: re-sending it with the same transactionId cannot duplicate.
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_mappings',
    info: { singularName: 'sync-mapping', pluralName: 'sync-mappings', displayName: 'Sync mapping' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    attributes: {
      ...SYNC_KEY_ATTRIBUTES,
      localId: { type: 'string' },
      remoteId: { type: 'string' },
      remoteParentId: { type: 'string' },
      localHash: { type: 'string' },
      remoteHash: { type: 'string' },
      /** Hash of what a meeting's attendees see in Microsoft's version as last synced: a Strapi edit that leaves it alone is sent without it, so nobody is mailed. */
      remoteAudienceHash: { type: 'string' },
      /** Synced fields Strapi holds that Microsoft's item lacks because they were not sent (attendees with invitations off), comma-separated. */
      keptInStrapi: { type: 'string' },
      changeKey: { type: 'string' },
      pendingCreateId: { type: 'string' },
      /** Created in Microsoft by us and not yet listed by a delta round: a delete before that round is invisible to delta. */
      awaitingDelta: { type: 'boolean', default: false },
      /** Read as an item other entries stand for (a series master): delta never lists it itself. */
      viaReference: { type: 'boolean', default: false },
      /** Imported, and its created event (email.received) not emitted yet: emitted after commit, or by the next run. */
      announcePending: { type: 'boolean', default: false },
      /** Microsoft's item may not be written from Strapi (a meeting another mailbox organizes): a Strapi edit of it is put back, never sent. */
      remoteReadOnly: { type: 'boolean', default: false },
      syncedAt: { type: 'datetime' },
      /** A deletion the breaker holds or stages (deletion-guard.ts): on which side it would delete, its state, since when, and the item's title. */
      heldSide: { type: 'string' },
      heldState: { type: 'string' },
      heldAt: { type: 'datetime' },
      heldTitle: { type: 'text' },
    },
    indexes: [syncKeyIndex('ms365_sync_mappings')],
  },
};
