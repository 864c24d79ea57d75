// Live updates (README "Live updates"): Graph change notifications make a scope due, and a short
// debounce later its delta is pulled through the sync service, under the sync lease like every run.
// A notification is persisted before it is answered, so one a process received and could not act on
// (it died, or a run held the lease) is taken by the next dispatch here or by any process's tick.
import type { LiveUpdates } from '../../../shared/api';
import { UID, type ResourceName } from '../../../shared/plugin';
import { maintainSubscriptions, type MaintainReport } from '../notifications/maintain';
import { liveUpdatesOf } from '../notifications/live-updates';
import { notificationsOf, verifiedNotifications } from '../notifications/receive';
import { clearDue, dueSubscriptions, listSubscriptions, markDue, subscriptionsByGraphId, updateSubscription } from '../notifications/subscription-store';
import { wantedSubscriptions, type WantedSubscription } from '../notifications/wanted';
import { query } from '../sync/db';
import type { Scope } from '../sync/resources/types';
import { safeLogMessage } from '../sync/safe-errors';
import { DISCOVERY_CURSOR } from '../sync/scopes';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import { SyncInProgressError } from './sync';

const MAINTAIN_DELAY_MS = 1_000;

export type NotificationKind = 'change' | 'lifecycle';

export default ({ strapi }: { strapi: Strapi }) => {
  let dispatchTimer: NodeJS.Timeout | null = null;
  let maintainTimer: NodeJS.Timeout | null = null;
  let dispatching: Promise<void> | null = null;
  let maintaining: Promise<MaintainReport> | null = null;
  let stopped = false;

  const notificationUrl = () => pluginConfig(strapi).notificationUrl || null;
  const debounceMs = () => pluginConfig(strapi).notificationDebounceMs;

  /** What should be subscribed: enabled mailboxes × resources × scopes (To Do lists as found so far). */
  async function wanted(): Promise<WantedSubscription[]> {
    const [settings, mailboxes, discoveryRows] = await Promise.all([
      pluginService(strapi, 'settings').get(),
      pluginService(strapi, 'mailboxes').stored(),
      query(strapi, UID.syncState).findMany({ where: { scope: DISCOVERY_CURSOR } }),
    ]);
    const discovered = new Map<string, Scope[]>();
    for (const row of discoveryRows) discovered.set(`${String(row.mailbox).toLowerCase()}\u0000${row.resource}`, Array.isArray(row.scopes) ? (row.scopes as Scope[]) : []);
    return wantedSubscriptions(settings, mailboxes, (mailbox, resource) => discovered.get(`${mailbox}\u0000${resource}`) ?? []);
  }

  /** One pass of maintenance at a time in this process; the lease keeps processes apart. */
  function maintain(): Promise<MaintainReport> {
    maintaining ??= (async () => {
      const url = notificationUrl();
      // Off and nothing left to delete: no lease, no Graph.
      if (!url && (await query(strapi, UID.syncSubscription).count()) === 0) return { created: 0, renewed: 0, deleted: 0, failed: 0, ran: false };
      const settings = pluginService(strapi, 'settings');
      return maintainSubscriptions(strapi, {
        wanted: url ? await wanted() : [],
        notificationUrl: url,
        gateway: () => pluginService(strapi, 'graph').getGateway(),
        seal: (plain) => settings.sealSecret(plain),
      });
    })().finally(() => (maintaining = null));
    return maintaining;
  }

  /**
   * Soon, once: after a mailbox or the settings changed, or a run found new To Do lists (the tick would
   * do it too, later). A moment later, so the write that asked has committed and a burst asks once.
   */
  function requestMaintain(): void {
    if (stopped || maintainTimer || notificationUrl() === null) return;
    maintainTimer = setTimeout(() => {
      maintainTimer = null;
      if (stopped) return;
      maintain()
        .then(() => scheduleDispatch(debounceMs()))
        .catch((error: unknown) => strapi.log.warn(`[microsoft-365] could not update live-update subscriptions: ${safeLogMessage(error)}`));
    }, MAINTAIN_DELAY_MS);
  }

  function scheduleDispatch(delayMs: number): void {
    if (stopped || dispatchTimer) return;
    dispatchTimer = setTimeout(() => {
      dispatchTimer = null;
      dispatch().catch((error: unknown) => strapi.log.warn(`[microsoft-365] live update failed: ${safeLogMessage(error)}`));
    }, delayMs);
  }

  /**
   * Pulls every due scope in one run. A row stays due when the run failed as a whole, or when a
   * notification came while it ran; it is then dispatched again after the debounce.
   * @param dueBefore only rows due since before this (a tick leaves fresh ones to their receiver)
   */
  function dispatch(dueBefore?: Date): Promise<void> {
    if (dispatching) return dispatching;
    dispatching = (async () => {
      const rows = await dueSubscriptions(strapi, dueBefore);
      if (rows.length === 0) return;
      let done;
      try {
        ({ done } = await pluginService(strapi, 'sync').pullScopes(rows.map(({ mailbox, resource, scope }) => ({ mailbox, resource, scope }))));
      } catch (error) {
        if (!(error instanceof SyncInProgressError)) throw error;
        scheduleDispatch(debounceMs());
        return;
      }
      const run = await done;
      let again = run.status === 'failed';
      if (run.status !== 'failed') for (const row of rows) if (!(await clearDue(strapi, row.id, row.notifyCount))) again = true;
      if (again) scheduleDispatch(debounceMs());
    })().finally(() => (dispatching = null));
    return dispatching;
  }

  return {
    enabled: () => notificationUrl() !== null,
    maintain,
    requestMaintain,
    dispatch,

    /**
     * Persists what Graph posted and returns: change notifications make their scope due, lifecycle
     * events ask for a renewal (reauthorizationRequired), a new subscription and a delta
     * (subscriptionRemoved), or a delta (missed). Nothing slow happens before the caller answers.
     */
    async receive(body: unknown, kind: NotificationKind): Promise<void> {
      const incoming = notificationsOf(body);
      if (incoming.length === 0) return;
      const rows = await subscriptionsByGraphId(strapi, [...new Set(incoming.map((n) => n.subscriptionId))]);
      const settings = pluginService(strapi, 'settings');
      const verified = verifiedNotifications(incoming, rows, (sealed) => settings.openSecret(sealed));
      let renew = false;
      for (const [row, notifications] of verified) {
        const events = new Set(notifications.map((n) => n.lifecycleEvent));
        if (kind === 'change' || events.has('missed') || events.has('subscriptionRemoved')) await markDue(strapi, row.id, notifications.length);
        if (kind === 'lifecycle' && (events.has('reauthorizationRequired') || events.has('subscriptionRemoved'))) {
          await updateSubscription(strapi, row.id, { renewAt: new Date(), ...(events.has('subscriptionRemoved') ? { removed: true } : {}) });
          renew = true;
        }
      }
      if (verified.size === 0) return;
      if (renew) requestMaintain();
      scheduleDispatch(debounceMs());
    },

    /** The schedule's tick: renewals and new or unwanted subscriptions, and due scopes no process took. */
    async tick(): Promise<void> {
      await maintain();
      await dispatch(new Date(Date.now() - debounceMs()));
    },

    /** Each mailbox's live-updates state, by lower-case address. */
    async liveUpdates(): Promise<(mailbox: string, resources: ResourceName[]) => LiveUpdates> {
      const enabled = notificationUrl() !== null;
      const rows = enabled ? await listSubscriptions(strapi) : [];
      const now = new Date();
      return (mailbox, resources) =>
        liveUpdatesOf(
          enabled && resources.length > 0,
          rows.filter((row) => row.mailbox.toLowerCase() === mailbox.toLowerCase() && resources.includes(row.resource)),
          now,
        );
    },

    /** Stops the timers and waits for a dispatch in progress (the plugin's destroy). */
    async stop(): Promise<void> {
      stopped = true;
      if (dispatchTimer) clearTimeout(dispatchTimer);
      if (maintainTimer) clearTimeout(maintainTimer);
      dispatchTimer = maintainTimer = null;
      await Promise.allSettled([dispatching, maintaining]);
    },
  };
};
