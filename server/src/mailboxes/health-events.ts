// `microsoft-365.mailbox.health-changed` on Strapi's eventHub: after a run, for each mailbox whose
// health moved (healthy → needs-attention, needs-attention → healthy…), at most once a day per cause,
// so a mailbox that flaps does not flood whoever listens (a mail to its owner, a chat message).
import type { Mailbox, MailboxHealthState } from '../../../shared/api';
import { UID } from '../../../shared/plugin';
import type { Strapi } from '../utils/strapi';

export const HEALTH_CHANGED_EVENT = 'microsoft-365.mailbox.health-changed';
const DAY_MS = 86_400_000;

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
export type HealthAlert = NonNullable<Mailbox['lastHealthAlert']>;

/** Pure: which moves to announce, with the alert each leaves behind. A move back within a day to the same cause is not repeated. */
export function healthChanges(before: Mailbox[], after: Mailbox[], now: Date): Array<{ change: HealthChange; alert: HealthAlert }> {
  const was = new Map(before.map((m) => [m.documentId, m.health]));
  return after.flatMap((m) => {
    const previous = was.get(m.documentId);
    if (!previous || (previous.state === m.health.state && previous.reason === m.health.reason)) return [];
    const cause = `${m.health.state}:${m.health.reason ?? ''}`;
    const last = m.lastHealthAlert;
    if (last && last.cause === cause && now.getTime() - Date.parse(last.at) < DAY_MS) return [];
    const change: HealthChange = { mailbox: m.address, documentId: m.documentId, from: previous.state, to: m.health.state, reason: m.health.reason, since: m.health.since };
    return [{ change, alert: { cause, at: now.toISOString() } }];
  });
}

/** Emits the moves of this run and remembers each as the mailbox's last alert. */
export async function announceHealthChanges(strapi: Strapi, before: Mailbox[], after: Mailbox[]): Promise<void> {
  for (const { change, alert } of healthChanges(before, after, new Date())) {
    await strapi.db.query(UID.mailbox).updateMany({ where: { documentId: change.documentId }, data: { lastHealthAlert: alert } });
    await strapi.eventHub.emit(HEALTH_CHANGED_EVENT, change);
  }
}
