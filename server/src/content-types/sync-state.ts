import { HIDDEN, NO_DRAFTS } from './schema-helpers';

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
      mailbox: { type: 'string', required: true },
      resource: { type: 'enumeration', enum: ['calendar', 'tasks', 'email'], required: true },
      scope: { type: 'string' },
      deltaLink: { type: 'text' },
      windowStart: { type: 'datetime' },
      windowEnd: { type: 'datetime' },
      /** On the row of a resource's scope discovery (To Do lists): the scopes known so far. */
      scopes: { type: 'json' },
    },
    indexes: [{ name: 'ms365_sync_states_mailbox_resource', columns: ['mailbox', 'resource'] }],
  },
};
