// What the plugin's admin API takes and answers, declared once: the server's controllers and stores
// produce these shapes and the admin page reads them (README "Admin API").
import type { ResourceName } from './plugin';

export type { ResourceName };

// ---- Mailboxes -------------------------------------------------------------------------------

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
  /** Since when runs of this mailbox have failed without an admin's fault (throttling, outages); null when the last run went through. */
  failingSince: string | null;
  /** The error code of a failure only an admin can mend (expired_secret, missing_permission, mailbox_blocked…); null when none. */
  attentionCode: string | null;
  /** When each resource last went through a run without failing (ISO); absent for one that never did. */
  resourceSyncedAt: Partial<Record<ResourceName, string>> | null;
  /** The last microsoft-365.mailbox.health-changed announced for it: `state:reason` and when (once a day per cause). */
  lastHealthAlert: { cause: string; at: string } | null;
  health: MailboxHealth;
}

/** A mailbox as stored, before its health is read from it and from what it holds (GET /mailboxes adds that). */
export type StoredMailbox = Omit<Mailbox, 'health'>;

export const MAILBOX_HEALTH_STATES = ['healthy', 'degraded', 'needs-attention', 'disabled'] as const;
export type MailboxHealthState = (typeof MAILBOX_HEALTH_STATES)[number];

/**
 * healthy: the last run went through, or failed only transiently for less than the configured time;
 * degraded: transient failures for longer (degradedAfterHours, default 6); needs-attention: a failure
 * only an admin can mend (attentionCode); disabled: the mailbox is switched off.
 */
export interface MailboxHealth {
  state: MailboxHealthState;
  /** attentionCode for needs-attention, 'transient' for degraded, else null. */
  reason: string | null;
  /** When the current streak of failed runs began (failingSince), whatever the state; null when none. */
  since: string | null;
  /** Each resource the mailbox syncs: when it last went through (the lag is the time since), and what it holds. */
  resources: ResourceHealth[];
  /**
   * During a transient streak, when the schedule tries the mailbox again (the wait doubles with the
   * streak, up to maxRetryBackoffMinutes); null otherwise. GET /mailboxes sets it.
   */
  retryAt?: string | null;
  /** Graph change notifications for the mailbox (README "Live updates"); GET /mailboxes sets it. */
  liveUpdates?: LiveUpdates;
}

/**
 * off: no notificationUrl in the plugin config (the schedule alone syncs); pending: subscriptions not
 * made yet; on: every subscription live; failing: Graph refused one (its error says why).
 */
export const LIVE_UPDATE_STATES = ['off', 'pending', 'on', 'failing'] as const;
export type LiveUpdateState = (typeof LIVE_UPDATE_STATES)[number];

export interface LiveUpdates {
  state: LiveUpdateState;
  /** The earliest expiry of the mailbox's subscriptions (they are renewed well before). */
  until: string | null;
  subscriptions: number;
  error: string | null;
}

export interface ResourceHealth {
  resource: ResourceName;
  lastSuccessAt: string | null;
  /** Items linked on both sides (mappings with a Strapi entry and a Microsoft item). */
  items: number;
  /** Items kept aside (GET /quarantine). */
  quarantined: number;
  /** Deletions held for review (GET /deletions). */
  heldDeletions: number;
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

// ---- Sync runs -------------------------------------------------------------------------------

/** notification: a Graph change notification made one scope due (README "Live updates"). */
export const TRIGGERS = ['schedule', 'manual', 'api', 'notification'] as const;
export type SyncTrigger = (typeof TRIGGERS)[number];
export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;
export type SyncRunStatus = (typeof RUN_STATUSES)[number];
/**
 * What a run did: sync (a delta run), resync (from scratch), or a recovery tool that ends a mailbox's
 * sync: unlink (its entries stay, detached) or purge (its entries are deleted in Strapi only).
 */
export const RUN_ACTIONS = ['sync', 'resync', 'unlink', 'purge'] as const;
export type SyncRunAction = (typeof RUN_ACTIONS)[number];
/** POST /mailboxes/:documentId/unlink and /purge. */
export type RecoveryTool = Extract<SyncRunAction, 'unlink' | 'purge'>;

export interface ChangeCounts {
  created: number;
  updated: number;
  deleted: number;
}

export interface SyncError {
  code: string;
  message: string;
  /** The item the error is about, when it is about one: its Strapi entry (documentId) and/or its Microsoft id. */
  localId?: string | null;
  remoteId?: string | null;
  /**
   * The entry's subject (or title) as Strapi holds it now: added by GET /sync/runs/:id when the entry
   * still exists, never stored with the run (a purge leaves no subject behind in the history).
   */
  title?: string | null;
}

/** Why a Strapi change was not written to Microsoft: 'not-organizer', a meeting another mailbox organizes. */
export type ReadOnlyReason = 'not-organizer';

/** One mailbox × resource of a run. */
export interface SyncResult {
  mailbox: string;
  resource: ResourceName;
  pulled: ChangeCounts;
  pushed: ChangeCounts;
  conflicts: number;
  /**
   * Strapi changes not written to Microsoft, by reason (present only when there were some): in
   * bidirectional mode each was put back to Microsoft's version.
   */
  refused?: Partial<Record<ReadOnlyReason, number>>;
  graphRequests: number;
  errors: SyncError[];
  /** Unlink and purge runs: the mailbox's entries of this resource detached (unlink) or deleted in Strapi (purge). */
  entriesUnlinked?: number;
  entriesPurged?: number;
}

export interface SyncRun {
  id: string;
  trigger: SyncTrigger;
  action: SyncRunAction;
  status: SyncRunStatus;
  startedAt: string;
  finishedAt: string | null;
  results: SyncResult[];
}

/** POST /sync's body (and the sync service's run()). */
export interface SyncRequest {
  /** Mailbox addresses or documentIds; all enabled mailboxes when absent. */
  mailboxes?: string[];
  resources?: ResourceName[];
  trigger?: SyncTrigger;
  /**
   * Read every scope again from the start instead of from its delta cursor, and match what comes with
   * what Strapi holds (by mapping, then by content): nothing is duplicated or deleted. For items that
   * seem to be missing, e.g. after a database restore.
   */
  fromScratch?: boolean;
}

/** What POST /sync answers at once (202): the run goes on in the background. */
export interface StartedSyncRun {
  id: string;
  status: SyncRunStatus;
}

export interface SyncStatus {
  running: boolean;
  nextRunAt: string | null;
  lastRun: SyncRun | null;
}

/** GET /sync/runs's filters; each narrows the list, together they all apply. */
export interface SyncRunFilters {
  /** Runs that covered this mailbox (address). */
  mailbox?: string;
  status?: SyncRunStatus;
  trigger?: SyncTrigger;
  action?: SyncRunAction;
}

export interface SyncRunPage {
  runs: SyncRun[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

// ---- Connection test -------------------------------------------------------------------------

export type ConnectionCheckName = 'token' | 'calendar' | 'tasks' | 'mail';

export interface ConnectionCheck {
  name: ConnectionCheckName;
  ok: boolean;
  message: string;
  /** GatewayError code when the check failed (e.g. 'missing_permission'). */
  code?: string;
}

export interface ConnectionReport {
  ok: boolean;
  /** The mailbox the resource checks ran against (given, or the first user with a mailbox). */
  mailbox?: string;
  checks: ConnectionCheck[];
}

// ---- Held deletions --------------------------------------------------------------------------

/** Where held deletions would delete: in Strapi (Microsoft deleted the items) or in Microsoft (Strapi did). */
export type DeletionSide = 'strapi' | 'microsoft';

/** GET /deletions: one mailbox × resource × side whose deletions the breaker holds. */
export interface HeldDeletionGroup {
  mailbox: string;
  resource: ResourceName;
  side: DeletionSide;
  count: number;
  since: string;
  items: Array<{ id: number; title: string | null; localId: string | null; remoteId: string | null }>;
}

export type DeletionDecision = 'approve' | 'discard';

// ---- Quarantine ------------------------------------------------------------------------------

/** pull: a Microsoft 365 item Strapi could not store; push: a Strapi entry Microsoft 365 could not take. */
export type QuarantineSide = 'pull' | 'push';

/** Why one item cannot be synced as it stands: its ids, the field at fault, a plain reason. */
export interface ItemFailure {
  side: QuarantineSide;
  scope: string | null;
  remoteId: string | null;
  localId: string | null;
  /** The synced field (or Strapi attribute) at fault, when the failure names one. */
  field: string | null;
  code: string;
  reason: string;
}

/** A quarantined item as GET /quarantine lists it (the server keeps the same record with Date stamps). */
export interface QuarantinedItem extends ItemFailure {
  id: number;
  resource: ResourceName;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

/** GET /quarantine: one mailbox's items kept aside because they cannot be synced as they stand. */
export interface QuarantineGroup {
  mailbox: string;
  count: number;
  items: QuarantinedItem[];
}

// ---- Alerts ----------------------------------------------------------------------------------

/**
 * The Azure app's client secret, as the plugin last read it (GET /applications(appId=…)?$select=
 * passwordCredentials, with Application.Read.All) or as the identity platform answered (AADSTS7000222).
 * ok: ends later than warningDays from now (or never); expiring: ends within warningDays; expired: its
 * end date has passed or the token endpoint said so; unknown: its end date could not be read (`note`).
 */
export const SECRET_STATES = ['ok', 'expiring', 'expired', 'unknown'] as const;
export type SecretState = (typeof SECRET_STATES)[number];

/** Why the end date is not known: permission — Application.Read.All not granted; not-found — the app is registered in another tenant; not-checked — not read yet for the saved app; unreachable — Graph did not answer; no-secret — the app has no client secret listed. */
export type SecretNote = 'permission' | 'not-found' | 'not-checked' | 'unreachable' | 'no-secret';

export interface SecretStatus {
  state: SecretState;
  /** End of the secret taken to be the one in use (README "Alerts"); null when not known. */
  endsAt: string | null;
  /** How the state is known: the end date read from Graph, or the token endpoint's AADSTS7000222. */
  source: 'end-date' | 'token' | null;
  note: SecretNote | null;
  /** When the end date was last asked of Graph. */
  checkedAt: string | null;
  /** The secret's description in the app registration, to find it under Certificates & secrets. */
  secretName: string | null;
  /** The plugin config's secretExpiryWarningDays. */
  warningDays: number;
}

/** A mailbox that needs an admin or has failed for hours, as the banner and the home widget list it. */
export interface MailboxAlert {
  documentId: string;
  address: string;
  state: Extract<MailboxHealthState, 'needs-attention' | 'degraded'>;
  reason: string | null;
  since: string | null;
}

/** GET /alerts: what needs an admin now. */
export interface AlertsView {
  secret: SecretStatus;
  mailboxes: MailboxAlert[];
}
