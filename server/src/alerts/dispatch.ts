// After each run (and after the daily look at the secret): announce what needs an admin, at most once
// a day per cause — the eventHub events, and the alert emails when the setting is on.
import type { AlertsView, SecretStatus, StoredMailbox } from '../../../shared/api';
import { announceHealthChanges } from '../mailboxes/health-events';
import { healthState } from '../mailboxes/health';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import { mailboxAlerts, mailboxCause, secretAlert, type Alert } from './causes';
import { emailAlerts } from './email';
import { claimAlert } from './ledger';
import { savedApp, storedSecretCheck } from './secret-check';
import { secretStatus } from './secret-expiry';

/** `microsoft-365.secret.alert`: the client secret is about to expire or has expired (payload: its SecretStatus). */
export const SECRET_ALERT_EVENT = 'microsoft-365.secret.alert';

/** The secret's state now, from the last look at it and from what the runs met (AADSTS7000222). */
export async function currentSecretStatus(strapi: Strapi, mailboxes: StoredMailbox[], now: Date = new Date()): Promise<SecretStatus> {
  const expiredByToken = mailboxes.some((m) => m.enabled && m.attentionCode === 'expired_secret');
  const app = await savedApp(strapi);
  return secretStatus(await storedSecretCheck(strapi), app ?? '', expiredByToken, now, pluginConfig(strapi).secretExpiryWarningDays);
}

/** GET /alerts: the secret and the mailboxes that need an admin or have failed for hours. */
export async function alertsView(strapi: Strapi): Promise<AlertsView> {
  const mailboxes = await pluginService(strapi, 'mailboxes').stored();
  const now = new Date();
  const { degradedAfterHours } = pluginConfig(strapi);
  return {
    secret: await currentSecretStatus(strapi, mailboxes, now),
    mailboxes: mailboxAlerts(mailboxes.map((m) => ({ documentId: m.documentId, address: m.address, health: healthState(m, now, degradedAfterHours) }))),
  };
}

export async function dispatchAlerts(strapi: Strapi): Promise<Alert[]> {
  const mailboxes = await pluginService(strapi, 'mailboxes').stored();
  const now = new Date();
  const sent: Alert[] = [];
  // A mailbox back to healthy (or switched off) is news, not an alert: always announced.
  await announceHealthChanges(strapi, mailboxes, async (change) => {
    const mailbox = mailboxes.find((m) => m.documentId === change.documentId);
    const health = { state: change.to, reason: change.reason, since: change.since };
    const cause = mailbox ? mailboxCause(mailbox.address, health) : null;
    if (!mailbox || !cause) return true;
    if (!(await claimAlert(strapi, cause, now))) return false;
    sent.push({ kind: 'mailbox', cause, mailbox, health });
    return true;
  });
  const secret = secretAlert(await currentSecretStatus(strapi, mailboxes, now));
  if (secret && (await claimAlert(strapi, secret.cause, now))) {
    await strapi.eventHub.emit(SECRET_ALERT_EVENT, secret.secret);
    sent.push(secret);
  }
  if (sent.length > 0 && (await pluginService(strapi, 'settings').get()).alerts.email) await emailAlerts(strapi, sent);
  return sent;
}
