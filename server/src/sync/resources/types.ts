// The contract between the sync runner (one engine) and each resource (calendar, tasks, email).
// An adapter is pure mapping plus the Graph URLs of its resource: it does no I/O itself.
import type { ResourceName } from '../../../../shared/plugin';
import type { Direction, ConflictResolution } from '../../../../shared/settings';
import type { ReadOnlyReason } from '../../../../shared/api';

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
  /** Calendar: whether attendees are sent to Microsoft (which then mails them); absent = never. */
  sendInvitations?: boolean;
}

/** What a write is built with besides the fields: the resource's settings, and what the mapping knows of Microsoft's side. */
export interface WriteOptions {
  settings: ResourceSettings;
  /** AudienceView.hash of Microsoft's version as last synced; null when unknown (then the whole item is sent). */
  remoteAudienceHash?: string | null;
}

/**
 * Items other people see (a meeting's attendees, who are mailed whenever the organizer changes what they
 * see): the part they see is hashed on its own and kept per mapping, so that a write which changes
 * nothing of it is sent without it and mails nobody.
 */
export interface AudienceView {
  /** Hash of what the item's audience sees (with these settings), or null when it has no audience to tell. */
  hash(fields: SyncedFields, settings: ResourceSettings): string | null;
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
  /**
   * Why Strapi may not write this item, when it may not: 'not-organizer' for a meeting another mailbox
   * organizes (writing it would change or cancel someone else's meeting from this mailbox); false when
   * Strapi may write it; absent when the answer does not tell (the stored knowledge then stands).
   */
  readOnly?: ReadOnlyReason | false;
}


export interface RemoteWrite {
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Synced fields the write leaves out although Strapi holds them (attendees when invitations are off):
   * Microsoft's answer lacks them, so Strapi keeps its own values instead of taking the answer's.
   */
  unsent?: readonly string[];
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

/** A scope's Graph change notifications: the subscription's resource, and how long Graph lets it live. */
export interface ChangeNotificationSource {
  /** The subscription resource, relative to the Graph version, e.g. users/{m}/events. */
  resource(mailbox: string, scope: Scope): string;
  /** Graph's longest subscription for this resource, in minutes. */
  readonly maxMinutes: number;
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
  createRemote(mailbox: string, scope: Scope, fields: SyncedFields, transactionId: string, options?: WriteOptions): RemoteWrite;
  /** Synced fields → the PATCH, with If-Match on the change key where Graph supports it. */
  updateRemote(mailbox: string, remoteId: string, fields: SyncedFields, changeKey: string | null, options?: WriteOptions): RemoteWrite;
  deleteRemote(mailbox: string, remoteId: string, changeKey: string | null): RemoteWrite;
  /** What Graph change notifications of a scope are subscribed on (README "Live updates"). */
  readonly changeNotifications: ChangeNotificationSource;

  // What a resource adds to the base contract. Each capability is one object, present as a whole or
  // absent, so the compiler tells a resource that offers half of one; the engine checks for the object.

  /** Scopes found in Microsoft (To Do lists) instead of fixed by settings. */
  readonly discoveredScopes?: DiscoveredScopes;
  /**
   * A delta removal does not tell a deletion from an item outside the view: calendarView delta reports
   * events outside its window that were added, changed or deleted as `@removed` "deleted" ("event:
   * delta", Response). A removal of a stored item is then read by id before it deletes anything.
   */
  readonly removalsMayBeOutOfView?: true;
  /** Items others are told about when they change (meetings): writes leave out what they see when it did not change. */
  readonly audience?: AudienceView;
  /** Items that move between scopes (a task to another list, a message to another folder). */
  readonly moves?: ScopeMoves;
  /** Entries Graph sends incomplete, completed by further reads before fromRemote (mail attachments). */
  readonly details?: ItemDetails;
  /** Entries of one mailbox that are the same item though listed under two remote ids (one message in two folders). */
  readonly identity?: ItemIdentity;
  /**
   * Imported only (email): nothing is ever written to Microsoft, so the run has no push step; Strapi's
   * edits and deletes of imported entries are put back instead (import-only.ts).
   */
  readonly importOnly?: true;
  /** The id a delta entry is mapped under when it differs from entry.id (To Do: "<listId>/<taskId>"). */
  remoteIdOf?(entry: RemoteEntry, scope: Scope): string;
  /** The GET that reads one item, when the item's delete URL is not also its read URL. */
  itemUrl?(mailbox: string, remoteId: string): string;
  /** For the id of an entry derivedEntries made: the id of the item it was derived from (a cancelled occurrence's series). */
  derivedFrom?(remoteId: string): string | undefined;
}

/**
 * Scopes whose containers live in Microsoft (To Do lists). The engine pages `deltaUrl` (a delta: its
 * link is kept like any other cursor, under the scopes module's DISCOVERY_CURSOR), feeds every entry of
 * the round to `fromEntries`, then syncs each scope. A scope that disappears (list deleted in To Do)
 * arrives as an `@removed` entry: its items are then deleted remotely too, which the per-scope delta
 * reports on its own.
 */
export interface DiscoveredScopes {
  deltaUrl(mailbox: string): string;
  /** Delta entries (lists, or @removed) merged over the scopes known so far (by key). */
  fromEntries(entries: readonly RemoteEntry[], known?: readonly Scope[]): Scope[];
  /** The scope a new local entry belongs in; null when none exists yet (then `create`). */
  forLocal(fields: SyncedFields, scopes: readonly Scope[]): Scope | null;
  /** The request that creates the container a local entry names (a To Do list for an unknown listName). */
  create(mailbox: string, fields: SyncedFields): RemoteWrite;
  /** The created container (Graph's answer to `create`) as a scope. */
  fromCreated(created: Record<string, unknown>): Scope;
  /** A local edit moved the item out of `scope`, which Graph cannot do in place: the engine creates it anew there and deletes the old one. */
  leftBy(scope: Scope, fields: SyncedFields): boolean;
}

/** An item as a run saw it on one side of a possible move: removed from a scope, or new in one. */
export interface MoveCandidate {
  remoteId: string;
  scopeKey: string;
  /** Removed: its Strapi entry's synced fields (unchanged since the last sync); new: Microsoft's. */
  fields: SyncedFields;
  createdDateTime?: string | null;
}

/** A removed item and a new one that are the same item, moved to another scope under a new id. */
export interface ScopeMove {
  fromRemoteId: string;
  toRemoteId: string;
  toScopeKey: string;
}

export type ScopeMoves =
  /**
   * The id changes with the scope and nothing links the two (To Do tasks): the run's removed items are
   * paired with its new ones by content, every scope's round read before any is stored (moved-items.ts).
   */
  | { readonly keepsId: false; match(removed: readonly MoveCandidate[], added: readonly MoveCandidate[]): ScopeMove[] }
  /**
   * The id survives the move (messages with ImmutableId): a removal is read by id before it deletes
   * (scope-moves.ts), through the GET of a scope's container (its Graph id) and the container an item lives in.
   */
  | { readonly keepsId: true; scopeUrl(mailbox: string, scope: Scope): string; parentIdOf(entry: RemoteEntry): string | null };

export interface ItemDetails {
  /** The reads an entry needs, each answered into `details[key]`; [] when the entry is complete. */
  requests(mailbox: string, entry: RemoteEntry): Array<{ key: string; url: string }>;
  /** The entry with the answers (Graph collection bodies) merged in. */
  merge(entry: RemoteEntry, details: Record<string, unknown>): RemoteEntry;
}

export interface ItemIdentity {
  /** What makes two entries the same item (a message's internetMessageId); null when it has none. */
  key(snapshot: RemoteSnapshot): string | null;
  /** The local attribute holding it, to find the entry already stored for it. */
  readonly attribute: string;
}
