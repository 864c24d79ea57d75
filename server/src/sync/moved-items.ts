// Items whose id changes when they move between scopes (a task moved to another To Do list): Graph
// reports a removal in the old scope and an unknown item in the new one, in whichever order the
// scopes are pulled, and nothing links the two ids. The adapter's moves.match pairs them by content.
//
// Every scope's round is read before any page is stored, so the pairing sees both sides whatever
// the order. The matched mappings are re-pointed to the new id and scope in one transaction before
// the first page is stored: that fact stands on its own, whatever is stored after it. The new
// scope's page then finds the mapping and updates the entry (its new scope, e.g. listName) instead
// of creating one, and the old scope's removal finds no mapping and deletes nothing. A run stopped
// anywhere after the re-point leaves the new scope's cursor before the new id, so the next run lists
// it again and finds the mapping.
import { hashOf, localSide, patchMapping, type ResourceRunContext } from './context';
import type { MoveCandidate, RemoteEntry, RemoteSnapshot, Scope } from './resources/types';
import { emptyMappingChanges, type Mapping } from './store';

export interface ReadRound {
  scope: Scope;
  /** A full round (no cursor, or Graph refused it): it lists every item of its scope. */
  fresh: boolean;
  entries: readonly RemoteEntry[];
}

export async function keepMovedItems(ctx: ResourceRunContext, rounds: readonly ReadRound[]): Promise<number> {
  const moves = ctx.adapter.moves;
  if (moves?.keepsId !== false) return 0;
  const seen = new Set<string>();
  const gone = new Map<string, Mapping>();
  const added: MoveCandidate[] = [];
  // A create of ours whose answer was lost shows up as an unknown item: the page claims it, it moved nowhere.
  const pendingHashes = new Set(ctx.mappings.pending().map((m) => m.localHash));
  for (const { scope, entries } of rounds) {
    for (const entry of entries) {
      const id = quietly(() => ctx.adapter.remoteIdOf?.(entry, scope) ?? entry.id);
      if (!id) continue;
      seen.add(id);
      if (entry['@removed']) {
        const mapping = ctx.mappings.byRemoteId(id);
        if (mapping) gone.set(id, mapping);
        continue;
      }
      // Errors are left for the page's own pass to record.
      const snapshot: RemoteSnapshot | null | undefined = quietly(() => ctx.adapter.fromRemote(entry, scope));
      if (!snapshot || ctx.mappings.byRemoteId(snapshot.id) || pendingHashes.has(hashOf(snapshot.fields))) continue;
      added.push({ remoteId: snapshot.id, scopeKey: scope.key, fields: snapshot.fields, createdDateTime: typeof entry.createdDateTime === 'string' ? entry.createdDateTime : null });
    }
  }
  if (added.length === 0) return 0;

  // A full round lists its whole scope and a scope no longer found holds nothing: stored items they
  // do not list are gone from there too (the round's own check would otherwise delete them).
  const live = new Set(ctx.scopes.map((s) => s.key));
  const full = new Set(rounds.filter((r) => r.fresh).map((r) => r.scope.key));
  for (const m of ctx.mappings.all()) {
    if (m.remoteId && m.scope !== null && !seen.has(m.remoteId) && (full.has(m.scope) || !live.has(m.scope))) gone.set(m.remoteId, m);
  }

  // Only entries unchanged in Strapi since the last sync: their content is the item's as it was then.
  const candidates = [...gone.values()].filter((m) => m.localId && !m.pendingCreateId && m.scope !== null);
  const locals = await ctx.local.find(candidates.map((m) => m.localId!));
  const removed: MoveCandidate[] = [];
  for (const m of candidates) {
    const entry = locals.get(m.localId!);
    const local = entry && quietly(() => localSide(ctx, entry));
    if (local && local.hash === m.localHash) removed.push({ remoteId: m.remoteId!, scopeKey: m.scope!, fields: local.fields });
  }
  if (removed.length === 0) return 0;

  const changes = emptyMappingChanges();
  for (const move of moves.match(removed, added)) {
    const mapping = ctx.mappings.byRemoteId(move.fromRemoteId);
    const to = ctx.scopes.find((s) => s.key === move.toScopeKey);
    if (!mapping || !to || ctx.mappings.byRemoteId(move.toRemoteId)) continue;
    // Hashes and version stay those of the last sync: the new scope's page sees a remote change.
    patchMapping(ctx, mapping, { remoteId: move.toRemoteId, scope: to.key, remoteParentId: to.remoteParentId ?? null });
    changes.update.push(mapping);
  }
  await ctx.local.saveMappings(changes);
  return changes.update.length;
}

function quietly<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}
