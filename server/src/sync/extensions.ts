// Optional hooks an adapter may offer beyond ResourceAdapter, for resources the base contract does not
// cover (To Do lists found at run time, mail attachments read separately). The runner checks for each
// one and works without it, so every resource still goes through the same engine.
import type { RemoteEntry, RemoteSnapshot, RemoteWrite, ResourceAdapter, Scope, SyncedFields } from './resources/types';

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

export interface AdapterExtensions {
  /** The id a delta entry is mapped under when it differs from entry.id (To Do: "<listId>/<taskId>"). */
  remoteIdOf?(entry: RemoteEntry, scope: Scope): string;
  /** Requests whose answers complete an entry before fromRemote (mail attachments). */
  detailRequests?(mailbox: string, entry: RemoteEntry): Array<{ key: string; url: string }>;
  withDetails?(entry: RemoteEntry, details: Record<string, unknown>): RemoteEntry;
  /** Scopes found on the remote side (To Do lists) through their own delta. */
  discoverScopesUrl?(mailbox: string): string;
  scopesFromEntries?(entries: readonly RemoteEntry[], known?: readonly Scope[]): Scope[];
  /** The scope a new local entry belongs in; null when it does not exist yet (then createScope). */
  scopeForLocal?(fields: SyncedFields, scopes: readonly Scope[]): Scope | null;
  createScope?(mailbox: string, fields: SyncedFields): RemoteWrite;
  scopeFromCreated?(created: Record<string, unknown>): Scope;
  /** A local edit moved the item to another scope, which Graph cannot do in place (To Do lists). */
  listChanged?(scope: Scope, fields: SyncedFields): boolean;
  /**
   * Items whose id changes when they move between scopes, with nothing linking the two ids (To Do
   * tasks): pairs the run's removed items with its new ones. The runner then reads every scope's
   * round before storing any (see moved-items.ts).
   */
  matchMoves?(removed: readonly MoveCandidate[], added: readonly MoveCandidate[]): ScopeMove[];
  /** The GET that reads one item, when the item's delete URL is not also its read URL. */
  itemUrl?(mailbox: string, remoteId: string): string;
  /** For the id of an entry derivedEntries made: the id of the item it was derived from (a cancelled occurrence's series). */
  derivedFrom?(remoteId: string): string | undefined;
  /**
   * Items that keep their id across scopes (messages moved between configured folders; see scope-moves.ts):
   * the GET that reads a scope's container, to learn its Graph id (a folder named by its well-known name)…
   */
  scopeUrl?(mailbox: string, scope: Scope): string;
  /** …and the Graph id of the container an item read by id lives in (a message's parentFolderId). */
  parentIdOf?(entry: RemoteEntry): string | null;
  /** What makes two entries of one mailbox the same item (a message's internetMessageId)… */
  identityKey?(snapshot: RemoteSnapshot): string | null;
  /** …and the local attribute holding it, to find the entry already stored for it. */
  identityAttribute?: string;
  /**
   * Imported only (email): nothing is ever written to Microsoft, so the run has no push step; Strapi's
   * edits and deletes of imported entries are put back instead (import-only.ts).
   */
  importOnly?: boolean;
}

export function extensionsOf(adapter: ResourceAdapter): AdapterExtensions {
  return adapter as unknown as AdapterExtensions;
}
