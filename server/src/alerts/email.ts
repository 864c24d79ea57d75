// Alert emails through the configured mail sender (Strapi's email plugin, e.g. with this plugin's own
// provider): a mailbox's alerts to its owner and the super admins, the secret's to the super admins,
// one mail per person for everything sent at once. A failed send is logged and never stops anything.
import { safeLogMessage } from '../sync/safe-errors';
import type { Strapi } from '../utils/strapi';
import type { Alert } from './causes';
import { alertEmail } from './wording';

const SUPER_ADMIN_ROLE = 'strapi-super-admin';

interface EmailService {
  send(options: { to: string; subject: string; text: string }): Promise<unknown>;
}

async function superAdminEmails(strapi: Strapi): Promise<string[]> {
  const users = (await strapi.db.query('admin::user').findMany({
    where: { isActive: true, blocked: false, roles: { code: SUPER_ADMIN_ROLE } },
    select: ['email'],
  })) as Array<{ email: string | null }>;
  return users.flatMap((u) => (u.email ? [u.email.toLowerCase()] : []));
}

/** Who hears of each alert: email address → the alerts for them. */
export function recipientsOf(alerts: Alert[], superAdmins: string[]): Map<string, Alert[]> {
  const byRecipient = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const owner = alert.kind === 'mailbox' ? alert.mailbox.owner?.email?.toLowerCase() : undefined;
    for (const to of new Set([...(owner ? [owner] : []), ...superAdmins])) byRecipient.set(to, [...(byRecipient.get(to) ?? []), alert]);
  }
  return byRecipient;
}

export async function emailAlerts(strapi: Strapi, alerts: Alert[]): Promise<void> {
  const email = strapi.plugin('email')?.service('email') as EmailService | undefined;
  if (!email) {
    strapi.log.warn('[microsoft-365] alert emails are on but the email plugin is not available; no alert was emailed');
    return;
  }
  let recipients: Map<string, Alert[]>;
  try {
    recipients = recipientsOf(alerts, await superAdminEmails(strapi));
  } catch (error) {
    strapi.log.warn(`[microsoft-365] could not find who to email alerts to: ${safeLogMessage(error)}`);
    return;
  }
  const adminUrl = strapi.config.get('admin.absoluteUrl') as string | undefined;
  const settingsUrl = adminUrl && /^https?:\/\//.test(adminUrl) ? `${adminUrl.replace(/\/$/, '')}/settings/microsoft-365` : null;
  for (const [to, theirs] of recipients) {
    try {
      await email.send({ to, ...alertEmail(theirs, settingsUrl) });
    } catch (error) {
      strapi.log.warn(`[microsoft-365] could not email ${theirs.length} alert(s) to an admin: ${safeLogMessage(error)}`);
    }
  }
}
