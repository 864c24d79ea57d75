// Shapes of what the plugin's admin API returns (SPEC §3); the settings types come from the server's shared module.
export type {
  ConflictResolution,
  Cloud,
  Direction,
  PublicSettings,
  SettingsPatch,
} from '../../../server/src/settings/types';

export interface MailboxOwner {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email: string;
}

export interface Mailbox {
  id: number;
  documentId: string;
  address: string;
  displayName: string | null;
  owner: MailboxOwner | null;
  enabled: boolean;
  calendar: boolean;
  tasks: boolean;
  email: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
}

/** What the mailbox form sends on create and update. */
export interface MailboxDraft {
  address: string;
  displayName: string | null;
  owner: number | null;
  enabled: boolean;
  calendar: boolean;
  tasks: boolean;
  email: boolean;
}

export type SyncResource = 'calendar' | 'tasks' | 'email';

interface Counts {
  created: number;
  updated: number;
  deleted: number;
}

export interface SyncRunResult {
  mailbox: string;
  resource: SyncResource;
  pulled: Counts;
  pushed: Counts;
  conflicts: number;
  graphRequests: number;
  errors: Array<{ code: string; message: string }>;
}

export interface SyncRun {
  id: string;
  trigger: 'schedule' | 'manual' | 'api';
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  results: SyncRunResult[];
}

export interface SyncStatus {
  running: boolean;
  nextRunAt: string | null;
  lastRun: SyncRun | null;
}

export interface SyncRunPage {
  runs: SyncRun[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** What POST /sync answers at once (202): the run goes on in the background. */
export interface StartedSyncRun {
  id: string;
  status: SyncRun['status'];
}

// The connection check's report goes to the browser as the server makes it.
export type { CheckName as ConnectionCheckName, ConnectionCheck, ConnectionReport } from '../../../server/src/graph/connection-check';

/** Where held deletions would delete: in Strapi (Microsoft deleted the items) or in Microsoft (Strapi did). */
export type DeletionSide = 'strapi' | 'microsoft';

/** GET /deletions: one mailbox × resource × side whose deletions the breaker holds. */
export interface HeldDeletionGroup {
  mailbox: string;
  resource: SyncResource;
  side: DeletionSide;
  count: number;
  since: string;
  items: Array<{ id: number; title: string | null; localId: string | null; remoteId: string | null }>;
}

export type DeletionDecision = 'approve' | 'discard';

/** GET /quarantine: one mailbox's items kept aside because they cannot be synced as they stand. */
export interface QuarantineGroup {
  mailbox: string;
  count: number;
  items: QuarantinedItem[];
}

export interface QuarantinedItem {
  id: number;
  resource: SyncResource;
  /** pull: a Microsoft 365 item Strapi could not store; push: a Strapi entry Microsoft 365 could not take. */
  side: 'pull' | 'push';
  scope: string | null;
  remoteId: string | null;
  localId: string | null;
  field: string | null;
  code: string;
  reason: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}
