// A mailbox's health as the page and GET /mailboxes show it, from what the last runs recorded
// (sync/runner.ts → recordMailboxOutcome) and what its mappings and quarantine hold. Pure: the stored
// columns, the counts and the clock in, the health out.
import { RESOURCES, type ResourceName } from '../../../shared/plugin';
import type { MailboxHealth, ResourceHealth } from '../../../shared/api';
import { pairKey, type CountsByPair } from './resource-counts';

export interface HealthColumns {
  address?: string;
  enabled: boolean;
  failingSince: string | Date | null;
  attentionCode: string | null;
  resourceSyncedAt?: Partial<Record<ResourceName, string>> | null;
  calendar?: boolean;
  tasks?: boolean;
  email?: boolean;
}

export type HealthState = Omit<MailboxHealth, 'resources'>;

export function mailboxHealth(mailbox: HealthColumns, now: Date, degradedAfterHours: number, counts: CountsByPair = new Map()): MailboxHealth {
  return { ...healthState(mailbox, now, degradedAfterHours), resources: resourcesOf(mailbox, counts) };
}

/** The state alone, from the stored columns: what a change of health is about (health-events.ts). */
export function healthState(mailbox: HealthColumns, now: Date, degradedAfterHours: number): HealthState {
  if (!mailbox.enabled) return { state: 'disabled', reason: null, since: null };
  const since = mailbox.failingSince ? new Date(mailbox.failingSince).toISOString() : null;
  if (mailbox.attentionCode) return { state: 'needs-attention', reason: mailbox.attentionCode, since };
  if (since && now.getTime() - Date.parse(since) >= degradedAfterHours * 3_600_000) return { state: 'degraded', reason: 'transient', since };
  return { state: 'healthy', reason: null, since };
}

/** The resources the mailbox is switched on for, and what it holds of the others (a resource switched off keeps its items). */
function resourcesOf(mailbox: HealthColumns, counts: CountsByPair): ResourceHealth[] {
  return RESOURCES.flatMap((resource) => {
    const held = counts.get(pairKey(mailbox.address ?? '', resource)) ?? { items: 0, quarantined: 0, heldDeletions: 0 };
    const lastSuccessAt = mailbox.resourceSyncedAt?.[resource] ?? null;
    if (!mailbox[resource] && !lastSuccessAt && held.items === 0) return [];
    return [{ resource, lastSuccessAt, ...held }];
  });
}
