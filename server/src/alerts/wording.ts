// The English words of an alert email (the admin page has its own, translated, in en.json).
import type { Alert } from './causes';

const REASONS: Record<string, string> = {
  expired_secret: 'the client secret of the Azure app has expired (AADSTS7000222)',
  invalid_secret: 'the client secret is wrong',
  invalid_certificate: 'the certificate credential was refused',
  unknown_client: 'the Azure app is unknown or disabled in the tenant',
  unknown_tenant: 'the tenant is not found',
  auth_failed: 'no token could be had for the Azure app',
  token_rejected: 'Microsoft Graph rejected the access token',
  missing_permission: 'a permission was lost or never granted (check the API permissions and admin consent)',
  mailbox_blocked: 'an Exchange application access policy blocks the mailbox',
  mailbox_not_found: 'the mailbox does not exist or has no Exchange Online licence',
  invalid_config: 'the connection settings are incomplete',
};

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'an unknown date');

export function alertLine(alert: Alert): string {
  if (alert.kind === 'secret') {
    const { secret } = alert;
    const name = secret.secretName ? ` "${secret.secretName}"` : '';
    if (secret.state === 'expired') return `The client secret${name} of the Azure app has expired${secret.endsAt ? ` (${day(secret.endsAt)})` : ''}: no mailbox syncs until a new secret is saved.`;
    return `The client secret${name} of the Azure app expires on ${day(secret.endsAt)}: create a new one under Certificates & secrets and save it in the settings.`;
  }
  const { mailbox, health } = alert;
  if (health.state === 'degraded') return `Mailbox ${mailbox.address} has failed to sync since ${day(health.since)} (Microsoft throttling or outages).`;
  return `Mailbox ${mailbox.address} needs attention: ${REASONS[health.reason ?? ''] ?? health.reason ?? 'a failure only an admin can mend'}.`;
}

export function alertEmail(alerts: Alert[], settingsUrl: string | null): { subject: string; text: string } {
  const subject = alerts.length === 1 ? `Microsoft 365 sync: ${alerts[0]!.kind === 'secret' ? 'the client secret needs attention' : `${(alerts[0] as { mailbox: { address: string } }).mailbox.address} needs attention`}` : `Microsoft 365 sync: ${alerts.length} alerts`;
  const lines = alerts.map((a) => `- ${alertLine(a)}`);
  const where = settingsUrl ? `Open ${settingsUrl} to see and fix them.` : 'See Settings > Integrations > Microsoft Settings in the Strapi admin.';
  return { subject, text: [...lines, '', where, '', 'Each alert is sent at most once a day while it lasts.'].join('\n') };
}
