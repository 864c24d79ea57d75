// `microsoft-365.mailbox.health-changed` on Strapi's eventHub: after a run, for each mailbox whose
// health moved (healthy → needs-attention, needs-attention → healthy…), and once a day while a mailbox
// stays unhealthy, so whoever listens (a mail to its owner, a chat message) hears of it without a flood.
import type { MailboxHealthState, StoredMailbox } from '../../../shared/api';
import { UID } from '../../../shared/plugin';
import { pluginConfig, type Strapi } from '../utils/strapi';
import { healthState } from './health';

export const HEALTH_CHANGED_EVENT = 'microsoft-365.mailbox.health-changed';
const DAY_MS = 86_400_000;
const HEALTHY_CAUSE = 'healthy:';

export interface HealthChange {
  mailbox: string;
  documentId: string;
  from: MailboxHealthState;
  to: MailboxHealthState;
  /** The error code that needs an admin, 'transient' for degraded, else null. */
  reason: string | null;
  since: string | null;
}

/** The last announcement of a mailbox (mailbox.lastHealthAlert). */
export type HealthAlert = NonNullable<StoredMailbox['lastHealthAlert']>;

/**
 * Pure: what to announce, with the alert each leaves behind. A mailbox's health is compared with the last
 * one announced for it (none: healthy), not with its health before the run, so a move the clock makes
 * (transient failures growing past degradedAfterHours between runs) is announced too; a state that is
 * not healthy is announced again once a day while it lasts, never more often.
 */
export function healthChanges(mailboxes: StoredMailbox[], now: Date, degradedAfterHours: number): Array<{ change: HealthChange; alert: HealthAlert }> {
  return mailboxes.flatMap((m) => {
    const health = healthState(m, now, degradedAfterHours);
    const cause = `${health.state}:${health.reason ?? ''}`;
    const last = m.lastHealthAlert ?? { cause: HEALTHY_CAUSE, at: new Date(0).toISOString() };
    const remind = health.state !== 'healthy' && now.getTime() - Date.parse(last.at) >= DAY_MS;
    if (cause === last.cause && !remind) return [];
    const from = last.cause.slice(0, last.cause.indexOf(':')) as MailboxHealthState;
    const change: HealthChange = { mailbox: m.address, documentId: m.documentId, from, to: health.state, reason: health.reason, since: health.since };
    return [{ change, alert: { cause, at: now.toISOString() } }];
  });
}

/**
 * Emits what this run's outcome gives to announce and remembers each as the mailbox's last alert.
 * `mayAnnounce` holds back a change (alerts/dispatch.ts: the once-a-day rule per cause); one held back
 * is proposed again after the next run. Returns what was announced.
 */
export async function announceHealthChanges(
  strapi: Strapi,
  mailboxes: StoredMailbox[],
  mayAnnounce: (change: HealthChange) => Promise<boolean> = async () => true,
): Promise<HealthChange[]> {
  const announced: HealthChange[] = [];
  for (const { change, alert } of healthChanges(mailboxes, new Date(), pluginConfig(strapi).degradedAfterHours)) {
    if (!(await mayAnnounce(change))) continue;
    await strapi.db.query(UID.mailbox).updateMany({ where: { documentId: change.documentId }, data: { lastHealthAlert: alert } });
    await strapi.eventHub.emit(HEALTH_CHANGED_EVENT, change);
    announced.push(change);
  }
  return announced;
}
