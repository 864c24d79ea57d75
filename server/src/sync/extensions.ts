// Optional hooks an adapter may offer beyond ResourceAdapter, for resources the base contract does not
// cover (To Do lists found at run time, mail attachments read separately). The runner checks for each
// one and works without it, so every resource still goes through the same engine.
import type { RemoteEntry, RemoteWrite, ResourceAdapter, Scope, SyncedFields } from './resources/types';

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
  /** The GET that reads one item, when the item's delete URL is not also its read URL. */
  itemUrl?(mailbox: string, remoteId: string): string;
  /** For the id of an entry derivedEntries made: the id of the item it was derived from (a cancelled occurrence's series). */
  derivedFrom?(remoteId: string): string | undefined;
}

export function extensionsOf(adapter: ResourceAdapter): AdapterExtensions {
  return adapter as unknown as AdapterExtensions;
}
