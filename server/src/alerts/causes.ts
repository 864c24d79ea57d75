// Pure: the alerts that stand now and the cause each is counted under for the once-a-day rule. A
// mailbox's cause names its state and code (needs-attention:missing_permission is another cause than
// needs-attention:expired_secret, so a new cause alerts at once); the secret's names its state.
import type { MailboxAlert, SecretStatus, StoredMailbox } from '../../../shared/api';
import type { HealthState } from '../mailboxes/health';

export type MailboxAlertCause = { kind: 'mailbox'; cause: string; mailbox: StoredMailbox; health: HealthState };
export type SecretAlertCause = { kind: 'secret'; cause: string; secret: SecretStatus };
export type Alert = MailboxAlertCause | SecretAlertCause;

export function mailboxCause(address: string, health: HealthState): string | null {
  if (health.state === 'needs-attention') return `mailbox:${address.toLowerCase()}:needs-attention:${health.reason ?? ''}`;
  if (health.state === 'degraded') return `mailbox:${address.toLowerCase()}:degraded`;
  return null;
}

export function secretAlert(secret: SecretStatus): SecretAlertCause | null {
  return secret.state === 'expiring' || secret.state === 'expired' ? { kind: 'secret', cause: `secret:${secret.state}`, secret } : null;
}

/** The mailboxes the banner and the home widget list, most urgent first. */
export function mailboxAlerts(mailboxes: Array<{ documentId: string; address: string; health: HealthState }>): MailboxAlert[] {
  const listed = mailboxes.flatMap(({ documentId, address, health }) =>
    health.state === 'needs-attention' || health.state === 'degraded' ? [{ documentId, address, state: health.state, reason: health.reason, since: health.since }] : [],
  );
  return listed.sort((a, b) => (a.state === b.state ? a.address.localeCompare(b.address) : a.state === 'needs-attention' ? -1 : 1));
}
