// The public shape of a sync run (SPEC §3 SyncRun) and what a caller may ask for.
import type { ResourceName } from './resources/types';

export type SyncTrigger = 'schedule' | 'manual' | 'api';
export type SyncRunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export const RESOURCES: readonly ResourceName[] = ['calendar', 'tasks', 'email'];
export const TRIGGERS: readonly SyncTrigger[] = ['schedule', 'manual', 'api'];

export interface ChangeCounts {
  created: number;
  updated: number;
  deleted: number;
}

export interface SyncError {
  code: string;
  message: string;
}

export interface SyncResult {
  mailbox: string;
  resource: ResourceName;
  pulled: ChangeCounts;
  pushed: ChangeCounts;
  conflicts: number;
  graphRequests: number;
  errors: SyncError[];
}

export interface SyncRun {
  id: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  startedAt: string;
  finishedAt: string | null;
  results: SyncResult[];
}

export interface SyncRequest {
  /** Mailbox addresses or documentIds; all enabled mailboxes when absent. */
  mailboxes?: string[];
  resources?: ResourceName[];
  trigger?: SyncTrigger;
}

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
