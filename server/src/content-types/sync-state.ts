import { HIDDEN, NO_DRAFTS, SYNC_KEY_ATTRIBUTES, syncKeyIndex } from './schema-helpers';

// Delta cursors: one row per mailbox, resource and scope (a mail folder or a To Do list). `deltaLink`
// holds where the next request starts: a nextLink while a round is under way, else its deltaLink.
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_states',
    info: { singularName: 'sync-state', pluralName: 'sync-states', displayName: 'Sync state' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    attributes: {
      ...SYNC_KEY_ATTRIBUTES,
      deltaLink: { type: 'text' },
      windowStart: { type: 'datetime' },
      windowEnd: { type: 'datetime' },
      /** On the row of a resource's scope discovery (To Do lists): the scopes known so far. */
      scopes: { type: 'json' },
    },
    indexes: [syncKeyIndex('ms365_sync_states')],
  },
};
