// A mailbox's live-updates state for its health, from its subscription rows.
import type { LiveUpdates } from '../../../shared/api';
import type { SubscriptionRow } from './subscription-store';

export function liveUpdatesOf(enabled: boolean, rows: SubscriptionRow[], now = new Date()): LiveUpdates {
  if (!enabled) return { state: 'off', until: null, subscriptions: 0, error: null };
  const live = rows.filter((row) => row.subscriptionId && !row.removed && row.expiresAt && row.expiresAt > now);
  const failed = rows.find((row) => row.lastError);
  const expiries = live.map((row) => row.expiresAt!.getTime());
  return {
    state: failed ? 'failing' : rows.length > 0 && live.length === rows.length ? 'on' : 'pending',
    until: expiries.length > 0 ? new Date(Math.min(...expiries)).toISOString() : null,
    subscriptions: live.length,
    error: failed?.lastError ?? null,
  };
}
