// Items that keep their id across scopes (Outlook messages with ImmutableId moved between configured
// mail folders) and items stored once though listed in several scopes (one message in two folders).
//
// Delta reports a move as a removal in the old folder and an update in the new one, in whichever
// order the folders are pulled. A removal is therefore checked before it deletes anything: the item is
// read by id and, when it now lives in another configured scope, its mapping and entry move there.
import type { ResourceRunContext } from './context';
import { fetchRemoteItems, itemUrl } from './remote-fetch';
import type { RemoteEntry, RemoteSnapshot, Scope, ScopeMoves } from './resources/types';

/** The moves capability of a resource whose items keep their id across scopes, if it is one. */
function sameIdMoves(ctx: ResourceRunContext): Extract<ScopeMoves, { keepsId: true }> | undefined {
  const moves = ctx.adapter.moves;
  return moves?.keepsId ? moves : undefined;
}

/** Whether a removal reported in one scope has to be checked against the others before it deletes. */
export function removalsNeedChecking(ctx: ResourceRunContext): boolean {
  return ctx.scopes.length > 1 && sameIdMoves(ctx) !== undefined;
}

// Graph ids of the run's scopes, read once per run.
const scopeIdsOfRun = new WeakMap<ResourceRunContext, Map<string, string>>();

/**
 * Reads the removed items (and the ids of scopes not read yet in this run) in $batch. Returns, for
 * each item that now lives in another of the run's scopes, what was read and that scope; the others
 * (gone, or in a container the run does not sync) are real removals. A read that fails throws, so the
 * page is not stored and its cursor stays: the next run checks again rather than deleting blindly.
 */
export async function locateRemoved(ctx: ResourceRunContext, scope: Scope, ids: readonly string[]): Promise<Map<string, { entry: RemoteEntry; scope: Scope }>> {
  const moved = new Map<string, { entry: RemoteEntry; scope: Scope }>();
  const hooks = sameIdMoves(ctx);
  if (ids.length === 0 || !hooks) return moved;
  let scopeIds = scopeIdsOfRun.get(ctx);
  if (!scopeIds) scopeIds = new Map();
  scopeIdsOfRun.set(ctx, scopeIds);
  const scopeReads = ctx.scopes.filter((s) => !scopeIds!.has(s.key)).map((s) => ({ id: `#scope\n${s.key}`, url: hooks.scopeUrl(ctx.mailbox.address, s), scopeKey: s.key }));
  const outcomes = await fetchRemoteItems(ctx, [...scopeReads, ...ids.map((id) => ({ id, url: itemUrl(ctx, id) }))]);
  for (const read of scopeReads) {
    const outcome = outcomes.get(read.id)!;
    // A configured folder that does not exist holds nothing: an id no item has.
    if (outcome.kind === 'error') throw new Error(outcome.error.message);
    scopeIds.set(read.scopeKey, outcome.kind === 'found' && typeof outcome.entry.id === 'string' ? outcome.entry.id : '');
  }
  const scopeOfParent = new Map<string, Scope>();
  for (const s of ctx.scopes) {
    const id = scopeIds.get(s.key);
    if (id) scopeOfParent.set(id, s);
    if (s.remoteParentId) scopeOfParent.set(s.remoteParentId, s);
  }
  for (const id of ids) {
    const outcome = outcomes.get(id)!;
    if (outcome.kind === 'error') throw new Error(outcome.error.message);
    if (outcome.kind === 'gone') continue;
    const parentId = hooks.parentIdOf(outcome.entry);
    const target = parentId ? scopeOfParent.get(parentId) : undefined;
    if (target && target.key !== scope.key) moved.set(id, { entry: outcome.entry, scope: target });
  }
  return moved;
}

/**
 * Entries new to the mapping table that are copies of an item already stored under another remote
 * id (the same message in two folders): by the adapter's identity key, one query per page. Returns
 * the remote ids to leave unstored. Within the page, the first entry of a key stands for the others.
 */
export async function copiesOfStored(ctx: ResourceRunContext, candidates: ReadonlyArray<{ remoteId: string; snapshot: RemoteSnapshot }>): Promise<Set<string>> {
  const copies = new Set<string>();
  const identity = ctx.adapter.identity;
  if (!identity || candidates.length === 0) return copies;
  const attribute = identity.attribute;
  const keyOf = new Map<string, string>();
  const firstOfKey = new Map<string, string>();
  for (const { remoteId, snapshot } of candidates) {
    let key: string | null = null;
    try {
      key = identity.key(snapshot);
    } catch {
      key = null; // no identity: stored as its own item
    }
    if (!key) continue;
    keyOf.set(remoteId, key);
    if (!firstOfKey.has(key)) firstOfKey.set(key, remoteId);
    else copies.add(remoteId);
  }
  if (firstOfKey.size === 0) return copies;
  const stored = new Set<string>();
  const keys = [...firstOfKey.keys()];
  // Only an entry the sync keeps in step counts: a Strapi-only entry with the same key is not the item.
  for (const { documentId, value } of await ctx.local.withValues(attribute, keys)) if (ctx.mappings.byLocalId(documentId)?.remoteId) stored.add(value);
  for (const [remoteId, key] of keyOf) if (stored.has(key)) copies.add(remoteId);
  return copies;
}
