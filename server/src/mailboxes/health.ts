// A mailbox's health as the page and GET /mailboxes show it, from what the last runs recorded
// (sync/runner.ts → recordMailboxOutcome). Pure: the stored columns and the clock in, the state out.
import type { MailboxHealth } from '../../../shared/api';

export interface HealthColumns {
  enabled: boolean;
  failingSince: string | Date | null;
  attentionCode: string | null;
}

export function mailboxHealth(mailbox: HealthColumns, now: Date, degradedAfterHours: number): MailboxHealth {
  if (!mailbox.enabled) return { state: 'disabled', reason: null, since: null };
  const since = mailbox.failingSince ? new Date(mailbox.failingSince).toISOString() : null;
  if (mailbox.attentionCode) return { state: 'needs-attention', reason: mailbox.attentionCode, since };
  if (since && now.getTime() - Date.parse(since) >= degradedAfterHours * 3_600_000) return { state: 'degraded', reason: 'transient', since };
  return { state: 'healthy', reason: null, since };
}
