import { HIDDEN, NO_DRAFTS, SYNC_KEY_ATTRIBUTES, syncKeyIndex } from './schema-helpers';

// Graph change-notification subscriptions: one row per mailbox, resource and scope the plugin wants
// to hear about. A row is also where a notification is persisted before it is answered: `dueSince`
// says the scope waits for a delta run, `notifyCount` tells a run that started before the latest
// notification from one that covers it (notifications/subscription-store.ts).
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_subscriptions',
    info: { singularName: 'sync-subscription', pluralName: 'sync-subscriptions', displayName: 'Sync subscription' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    attributes: {
      ...SYNC_KEY_ATTRIBUTES,
      /** Graph's id; null until Graph has accepted the subscription. */
      subscriptionId: { type: 'string' },
      /** The resource path given to Graph, e.g. users/adele@contoso.com/events. */
      graphResource: { type: 'text' },
      /** Where Graph posts: the plugin config's notificationUrl when the subscription was made. */
      notificationUrl: { type: 'text' },
      /** The random secret Graph echoes in every notification, sealed like the client secret. */
      clientStateSealed: { type: 'text' },
      expiresAt: { type: 'datetime' },
      /** When the subscription is renewed: before expiry, or at once after reauthorizationRequired. */
      renewAt: { type: 'datetime' },
      /** Graph said it is gone (subscriptionRemoved, 404 on renewal): create it again. */
      removed: { type: 'boolean', default: false },
      dueSince: { type: 'datetime' },
      notifyCount: { type: 'integer', default: 0 },
      lastNotifiedAt: { type: 'datetime' },
      /** Why the last create or renewal failed (safe message), null once it works. */
      lastError: { type: 'text' },
    },
    indexes: [syncKeyIndex('ms365_sync_subscriptions')],
  },
};
