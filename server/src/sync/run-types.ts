// A run's shapes (declared in shared/api.ts with the rest of the admin API) and its checkpoints.
import { RESOURCES, type ResourceName } from '../../../shared/plugin';
import { TRIGGERS, type ChangeCounts, type SyncError, type SyncRequest, type SyncResult, type SyncRun, type SyncRunStatus, type SyncTrigger, type ReadOnlyReason } from '../../../shared/api';

export { RESOURCES, TRIGGERS };
export type { ChangeCounts, SyncError, SyncRequest, SyncResult, SyncRun, SyncRunStatus, SyncTrigger };

/**
 * Named points a run passes; a test makes the hook throw at one of them to stop the run there, as a
 * crash would, and then checks that a re-run loses and duplicates nothing.
 */
export type Checkpoint =
  | 'pull:page-fetched' // a delta page (and its referenced items) is in memory, nothing stored
  | 'pull:before-commit' // the page's local writes, mappings and cursor are written but not committed
  | 'pull:page-stored' // the page and its cursor are committed
  | 'push:planned' // local changes are planned, nothing written
  | 'push:pending-stored' // pending creates (with their transactionId) are stored, nothing sent
  | 'push:sent' // Microsoft has the writes, their answers are not stored
  | 'push:stored' // the answers are stored in the mappings
  | 'revert:fetched' // one-way: Microsoft's copies of reverted entries are fetched, not yet written
  | 'run:finishing'; // every resource is done, the run is not yet recorded as finished

export const CHECKPOINTS: readonly Checkpoint[] = [
  'pull:page-fetched',
  'pull:before-commit',
  'pull:page-stored',
  'push:planned',
  'push:pending-stored',
  'push:sent',
  'push:stored',
  'revert:fetched',
  'run:finishing',
];

export type CheckpointHook = (point: Checkpoint, detail: { mailbox?: string; resource?: ResourceName }) => void | Promise<void>;

/** Counts a Strapi change the run did not write to Microsoft, by reason. */
export function countRefused(result: SyncResult, reason: ReadOnlyReason): void {
  const refused = (result.refused ??= {});
  refused[reason] = (refused[reason] ?? 0) + 1;
}

export function emptyResult(mailbox: string, resource: ResourceName): SyncResult {
  return {
    mailbox,
    resource,
    pulled: { created: 0, updated: 0, deleted: 0 },
    pushed: { created: 0, updated: 0, deleted: 0 },
    conflicts: 0,
    graphRequests: 0,
    errors: [],
  };
}
