// A page of remote entries on its way through the pull (gather → decide → apply): its shapes, and the
// id each entry is stored under.
import { isItemFailure, itemFailure, type ItemFailure } from './quarantine';
import type { DecideContext } from './context';
import type { RemoteEntry, RemoteSnapshot, Scope } from './resources/types';
import type { Cursor, Mapping } from './store';

export interface PageOptions {
  /** Remote ids met in this round, to find stored items a full round no longer lists. */
  seen?: Set<string>;
  /** Stored with the page, in its transaction: where the next request starts. */
  cursor?: { cursor: Cursor; link: string | null; window?: { start: Date; end: Date } | null };
  /** Pass the pull checkpoints (default true); items read for other reasons do not. */
  checkpoints?: boolean;
}

/** A removal the runner made up for a stored item (read back as gone): its id is already the mapped one. */
export function removalOf(mappedId: string): RemoteEntry {
  return { id: mappedId, '@removed': { reason: 'deleted' }, [MAPPED_ID]: mappedId };
}

export const MAPPED_ID = '@microsoft365.mappedId';

/** A page on its way to the database: the entries read, and what failed of them before planning. */
export interface Page {
  scope: Scope;
  options: PageOptions;
  movedTo: Map<string, Scope>;
  /** Items that failed while the page was completed (an attachment list Graph refused), by stored id. */
  gathered: Map<string, ItemFailure>;
}

export interface PlannedItem {
  remoteId: string;
  snapshot: RemoteSnapshot | null;
  remoteHash: string | null;
  mapping: Mapping | undefined;
  /** The mapping was a pending create this entry turned out to be: store its remote id whatever the decision. */
  claimed?: boolean;
  /** The scope the item is stored in when not the page's own (a message found moved to another configured folder). */
  scope?: Scope;
}


/** The id an entry is stored under: a removal's mapped id, the adapter's compound id (To Do), else Graph's. */
export function storedIdOf(ctx: Pick<DecideContext, 'adapter'>, entry: RemoteEntry, scope: Scope): string {
  if (typeof entry[MAPPED_ID] === 'string') return entry[MAPPED_ID] as string;
  try {
    return ctx.adapter.remoteIdOf?.(entry, scope) ?? entry.id;
  } catch {
    return entry.id;
  }
}

/** Runs one item's mapping code; an error of the item's own quarantines it (recorded in `failures`), any other stops the page. */
export function guarded<T>(ctx: Pick<DecideContext, 'mappings'>, failures: Map<string, ItemFailure>, scope: Scope, remoteId: string, work: () => T, localId?: string): T | undefined {
  try {
    return work();
  } catch (error) {
    if (!isItemFailure(error)) throw error;
    failures.set(remoteId, itemFailure('pull', error, { scope: scope.key, remoteId, localId: localId ?? ctx.mappings.byRemoteId(remoteId)?.localId ?? null }));
    return undefined;
  }
}

export function isLiveScope(ctx: Pick<DecideContext, 'scopes'>, key: string): boolean {
  return ctx.scopes.some((s) => s.key === key);
}

