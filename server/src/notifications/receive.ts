// What Graph posts to the notification endpoint, read and checked: the notifications whose
// subscription is ours and whose clientState matches the one sealed with it. The rest are dropped
// without a word (the caller answers 202 either way), so a caller learns nothing by probing.
import { timingSafeEqual } from 'node:crypto';
import { isPlainObject } from '../../../shared/settings-validation';
import type { SubscriptionRow } from './subscription-store';

export const LIFECYCLE_EVENTS = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export interface IncomingNotification {
  subscriptionId: string;
  clientState: string;
  /** Set on lifecycle notifications. */
  lifecycleEvent?: LifecycleEvent;
}

/** The notifications of a posted body (`{ value: [...] }`); whatever is not one is left out. */
export function notificationsOf(body: unknown): IncomingNotification[] {
  if (!isPlainObject(body) || !Array.isArray(body.value)) return [];
  const out: IncomingNotification[] = [];
  for (const item of body.value.slice(0, 1000)) {
    if (!isPlainObject(item) || typeof item.subscriptionId !== 'string' || typeof item.clientState !== 'string') continue;
    const lifecycleEvent = LIFECYCLE_EVENTS.find((event) => event === item.lifecycleEvent);
    out.push({ subscriptionId: item.subscriptionId, clientState: item.clientState, ...(lifecycleEvent ? { lifecycleEvent } : {}) });
  }
  return out;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Each row with the notifications that are really for it: Graph's subscription id is one of ours and
 * the clientState is the one made with it.
 */
export function verifiedNotifications(
  notifications: IncomingNotification[],
  rows: SubscriptionRow[],
  openSealed: (sealed: string) => string | null,
): Map<SubscriptionRow, IncomingNotification[]> {
  const byId = new Map(rows.filter((row) => row.subscriptionId).map((row) => [row.subscriptionId!, row]));
  const secrets = new Map<SubscriptionRow, string | null>();
  const verified = new Map<SubscriptionRow, IncomingNotification[]>();
  for (const notification of notifications) {
    const row = byId.get(notification.subscriptionId);
    if (!row) continue;
    if (!secrets.has(row)) secrets.set(row, row.clientStateSealed ? openSealed(row.clientStateSealed) : null);
    const secret = secrets.get(row);
    if (!secret || !sameSecret(secret, notification.clientState)) continue;
    verified.set(row, [...(verified.get(row) ?? []), notification]);
  }
  return verified;
}
