// The contract between the sync runner (one engine) and each resource (calendar, tasks, email).
// An adapter is pure mapping plus the Graph URLs of its resource: it does no I/O itself.
import type { ResourceName } from '../../../../shared/plugin';
import type { Direction, ConflictResolution } from '../../../../shared/settings';

export type { ResourceName };

/** Plain JSON of the fields that sync, in one canonical shape for both sides: equal content ⇒ equal hash. */
export type SyncedFields = Record<string, unknown>;

/** What a resource syncs within: the calendar (one scope), a To Do list, a mail folder. */
export interface Scope {
  /** Stable key for the cursor row (sync-state.scope): e.g. 'calendar', a list id, a folder name. */
  key: string;
  /** Graph id of the container when there is one (To Do list id, mail folder id). */
  remoteParentId?: string;
  /** Human label (list name, folder name), e.g. task.listName or email-message.folder. */
  label?: string;
}

export interface SyncWindow {
  start: Date;
  end: Date;
}

export interface ResourceSettings {
  direction: Direction;
  conflictResolution: ConflictResolution;
  window?: SyncWindow;
  /** When a run's deletions on one side are held for review (deletion-guard.ts); absent = never held. */
  deletionGuard?: DeletionGuard;
}

export interface DeletionGuard {
  minItems: number;
  share: number;
}

/** A delta entry as Graph returns it (only `id` and `@removed` are sure to be there). */
export type RemoteEntry = Record<string, unknown> & { id: string; '@removed'?: { reason?: string } };

/** A remote item reduced to what the reconciler and the runner need. */
export interface RemoteSnapshot {
  id: string;
  changeKey: string | null;
  modifiedAt: string | null;
  fields: SyncedFields;
}

export interface RemoteWrite {
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One item cannot be synced as it stands (e.g. recurrence JSON typed wrong in the Content Manager, a
 * change Outlook does not allow): adapters throw it from their mapping and write methods, the runner
 * records { code, message } in the run's errors and goes on with the next item.
 */
export class ItemError extends Error {
  readonly code: string;
  /** The synced field at fault, when one is (recorded with the item when it is quarantined). */
  readonly field: string | undefined;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'ItemError';
    this.code = code;
    this.field = field;
  }
}

export interface ResourceAdapter {
  readonly resource: ResourceName;
  /** The local content type. */
  readonly uid: string;
  /** Attributes the adapter reads from local entries (plus documentId, updatedAt). */
  readonly localFields: readonly string[];

  /** The scopes of a mailbox when they are fixed (the calendar: one). Resources with discovered scopes (To Do lists) add a discovery step later. */
  fixedScopes(settings: ResourceSettings): Scope[];

  /** First delta request for a scope (relative to /v1.0), e.g. calendarView/delta with the window. */
  initialDeltaUrl(mailbox: string, scope: Scope, settings: ResourceSettings): string;

  /** Remote entry → snapshot; null when the entry is not an item this resource stores (e.g. a plain occurrence). */
  fromRemote(entry: RemoteEntry, scope: Scope): RemoteSnapshot | null;
  /**
   * Items an entry stands for without carrying them, fetched once per run however many entries name them:
   * calendarView delta yields occurrences, whose series master (GET /users/{m}/events/{seriesMasterId}) is the item.
   */
  referencedItems?(mailbox: string, entry: RemoteEntry): Array<{ id: string; url: string }>;
  /**
   * Entries an item carries for other items, to be handled like delta entries of the same page (each
   * through fromRemote): a series master lists its cancelled occurrences, which delta never yields.
   */
  derivedEntries?(entry: RemoteEntry): RemoteEntry[];

  /** Local entry (with localFields) → synced fields. */
  fromLocal(entry: Record<string, unknown>): SyncedFields;

  /** Synced fields → data for strapi.documents(uid) / the query engine (mailbox relation set by the runner). */
  toLocalData(fields: SyncedFields, scope: Scope): Record<string, unknown>;
  /** Synced fields → the Graph request that creates the item (POST), with transactionId where Graph takes one. */
  createRemote(mailbox: string, scope: Scope, fields: SyncedFields, transactionId: string): RemoteWrite;
  /** Synced fields → the PATCH, with If-Match on the change key where Graph supports it. */
  updateRemote(mailbox: string, remoteId: string, fields: SyncedFields, changeKey: string | null): RemoteWrite;
  deleteRemote(mailbox: string, remoteId: string, changeKey: string | null): RemoteWrite;
}
