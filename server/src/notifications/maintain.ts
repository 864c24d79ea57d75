// Keeps Graph's subscriptions in step with what the plugin wants (wanted.ts): creates the missing,
// renews those near expiry (or asked to by reauthorizationRequired), creates again those Graph
// removed, deletes those no longer wanted. Runs under a lease of its own, so two processes never
// create the same subscription twice; each row is written before and after its Graph request.
import { randomBytes } from 'node:crypto';
import type { Gateway } from '../graph';
import { isGatewayError } from '../graph';
import { safeLogMessage } from '../sync/safe-errors';
import { createLease } from '../sync/lease';
import { pluginConfig, type Strapi } from '../utils/strapi';
import {
  deleteSubscription,
  insertSubscription,
  listSubscriptions,
  markDue,
  updateSubscription,
  type SubscriptionRow,
} from './subscription-store';
import { subscriptionKey, type WantedSubscription } from './wanted';

export const SUBSCRIPTIONS_LEASE_NAME = 'subscriptions';
const MINUTE_MS = 60_000;
/** Asked of Graph: its maximum less this, so a clock a little ahead of Graph's is not refused. */
const EXPIRY_MARGIN_MINUTES = 10;
/** A create or renewal that failed is tried again after this. */
const RETRY_AFTER_MS = 5 * MINUTE_MS;

export interface MaintainInput {
  wanted: WantedSubscription[];
  /** Null when live updates are off: every subscription goes. */
  notificationUrl: string | null;
  gateway: () => Promise<Gateway>;
  seal: (plain: string) => string;
  now?: Date;
}

export interface MaintainReport {
  created: number;
  renewed: number;
  deleted: number;
  failed: number;
  /** False when another process held the lease (it does the work). */
  ran: boolean;
}

interface GraphSubscription {
  id: string;
  expirationDateTime: string;
}

/** When to renew: a third of the lifetime before expiry (days ahead of it for every resource). */
const renewAtFor = (expiresAt: Date, maxMinutes: number) => new Date(expiresAt.getTime() - (maxMinutes * MINUTE_MS) / 3);

const lifecycleUrlOf = (notificationUrl: string) => `${notificationUrl.replace(/\/$/, '')}/lifecycle`;

export async function maintainSubscriptions(strapi: Strapi, input: MaintainInput): Promise<MaintainReport> {
  const report: MaintainReport = { created: 0, renewed: 0, deleted: 0, failed: 0, ran: false };
  // Most passes find everything in order: they take no lease and write nothing.
  if (!hasWork(await listSubscriptions(strapi), input, input.now ?? new Date())) return report;
  const lease = createLease(strapi, { name: SUBSCRIPTIONS_LEASE_NAME, ttlMs: pluginConfig(strapi).leaseTtlSeconds * 1000 });
  if (!(await lease.acquire())) return report;
  report.ran = true;
  try {
    await maintainUnderLease(strapi, input, report);
  } finally {
    await lease.release();
  }
  return report;
}

/** Whether a pass would change anything: a row unwanted, stale or due for renewal, or a wanted one missing. */
function hasWork(rows: SubscriptionRow[], input: MaintainInput, now: Date): boolean {
  const wanted = input.notificationUrl ? new Map(input.wanted.map((w) => [subscriptionKey(w), w])) : new Map<string, WantedSubscription>();
  const keys = new Set(rows.map(subscriptionKey));
  if ([...wanted.keys()].some((key) => !keys.has(key))) return true;
  return rows.some((row) => {
    const want = wanted.get(subscriptionKey(row));
    return !want || row.graphResource !== want.graphResource || row.notificationUrl !== input.notificationUrl || !row.renewAt || row.renewAt <= now;
  });
}

async function maintainUnderLease(strapi: Strapi, input: MaintainInput, report: MaintainReport): Promise<void> {
  const now = input.now ?? new Date();
  const rows = await listSubscriptions(strapi);
  const wanted = input.notificationUrl ? new Map(input.wanted.map((w) => [subscriptionKey(w), w])) : new Map<string, WantedSubscription>();
  const byKey = new Map(rows.map((row) => [subscriptionKey(row), row]));
  let gateway: Gateway | null = null;
  const graph = async () => (gateway ??= await input.gateway());

  for (const row of rows) {
    const want = wanted.get(subscriptionKey(row));
    const stale = !want || row.graphResource !== want.graphResource || row.notificationUrl !== input.notificationUrl;
    if (!stale) continue;
    try {
      if (row.subscriptionId && !row.removed) await deleteInGraph(await graph(), row.subscriptionId);
      await deleteSubscription(strapi, row.id);
      byKey.delete(subscriptionKey(row));
      report.deleted++;
    } catch (error) {
      report.failed++;
      await updateSubscription(strapi, row.id, { lastError: safeLogMessage(error) });
    }
  }

  for (const [key, want] of wanted) {
    let row = byKey.get(key);
    const url = input.notificationUrl!;
    if (row && row.renewAt && row.renewAt > now) continue; // live, or failed lately and waiting to retry
    try {
      if (!row) {
        row = await insertSubscription(strapi, {
          mailbox: want.mailbox,
          resource: want.resource,
          scope: want.scope,
          subscriptionId: null,
          graphResource: want.graphResource,
          notificationUrl: url,
          clientStateSealed: '', // create() seals the subscription's own
          expiresAt: null,
          renewAt: null,
          removed: false,
          lastError: null,
        });
      }
      if (row.subscriptionId && !row.removed && (await renew(await graph(), row, want, now, strapi))) {
        report.renewed++;
        continue;
      }
      await create(await graph(), row, want, url, now, strapi, input.seal);
      report.created++;
    } catch (error) {
      report.failed++;
      if (row) await updateSubscription(strapi, row.id, { lastError: safeLogMessage(error), renewAt: new Date(now.getTime() + RETRY_AFTER_MS) });
      strapi.log.warn(`[microsoft-365] live updates for ${want.resource} of ${want.mailbox}: ${safeLogMessage(error)}`);
    }
  }
}

function expiryFor(want: WantedSubscription, now: Date): Date {
  return new Date(now.getTime() + (want.maxMinutes - EXPIRY_MARGIN_MINUTES) * MINUTE_MS);
}

/** PATCHes the expiry; false when Graph no longer has the subscription (it is then created again). */
async function renew(gateway: Gateway, row: SubscriptionRow, want: WantedSubscription, now: Date, strapi: Strapi): Promise<boolean> {
  try {
    const answer = await gateway.request<GraphSubscription>({
      method: 'PATCH',
      url: `/subscriptions/${encodeURIComponent(row.subscriptionId!)}`,
      body: { expirationDateTime: expiryFor(want, now).toISOString() },
    });
    const expiresAt = new Date(answer.expirationDateTime);
    await updateSubscription(strapi, row.id, { expiresAt, renewAt: renewAtFor(expiresAt, want.maxMinutes), lastError: null });
    return true;
  } catch (error) {
    if (isGatewayError(error) && error.status === 404) return false;
    throw error;
  }
}

/**
 * Creates the subscription in Graph (Graph validates the notification URL first) and marks the scope
 * due: changes made before Graph knew of it, or while it was gone, come with that delta run.
 */
async function create(gateway: Gateway, row: SubscriptionRow, want: WantedSubscription, url: string, now: Date, strapi: Strapi, seal: (plain: string) => string): Promise<void> {
  // A new secret with each subscription: one an attacker learnt from an old one opens nothing.
  const clientState = randomBytes(32).toString('base64url');
  await updateSubscription(strapi, row.id, { clientStateSealed: seal(clientState) });
  const answer = await gateway.request<GraphSubscription>({
    method: 'POST',
    url: '/subscriptions',
    body: {
      changeType: 'created,updated,deleted',
      notificationUrl: url,
      lifecycleNotificationUrl: lifecycleUrlOf(url),
      resource: want.graphResource,
      expirationDateTime: expiryFor(want, now).toISOString(),
      clientState,
      latestSupportedTlsVersion: 'v1_2',
    },
  });
  const expiresAt = new Date(answer.expirationDateTime);
  await updateSubscription(strapi, row.id, {
    subscriptionId: answer.id,
    expiresAt,
    renewAt: renewAtFor(expiresAt, want.maxMinutes),
    removed: false,
    lastError: null,
  });
  await markDue(strapi, row.id, 1, now);
}

async function deleteInGraph(gateway: Gateway, subscriptionId: string): Promise<void> {
  try {
    await gateway.request({ method: 'DELETE', url: `/subscriptions/${encodeURIComponent(subscriptionId)}` });
  } catch (error) {
    if (!(isGatewayError(error) && error.status === 404)) throw error;
  }
}
