// An entry missing from its mailbox was deleted only when it is gone from Strapi altogether. One that
// still exists elsewhere left the mailbox: its mailbox was removed (the entries stay, unlinked), or an
// editor moved it to another mailbox. Read as a delete, a removed-and-re-added mailbox would delete
// every synced item in Outlook and To Do; so such an entry's mapping is forgotten instead, and neither
// side is touched.
import type { ResourceRunContext } from './context';
import type { MappingChanges, Mapping } from './store';

/**
 * Forgets the mappings among `missing` (entries not found in the mailbox) whose entry exists elsewhere;
 * returns them. A side that parks such entries (LocalSide.parksEntriesThatLeave) keeps their mappings
 * instead: the callers then leave those items alone on both sides.
 */
export async function forgetEntriesThatLeft(ctx: ResourceRunContext, missing: readonly Mapping[], changes: MappingChanges): Promise<Set<Mapping>> {
  const candidates = missing.filter((m) => m.localId);
  if (candidates.length === 0) return new Set();
  const elsewhere = await ctx.local.elsewhere(candidates.map((m) => m.localId!));
  const left = new Set(candidates.filter((m) => elsewhere.has(m.localId!)));
  if (ctx.local.parksEntriesThatLeave) return left;
  for (const mapping of left) {
    ctx.mappings.remove(mapping);
    changes.remove.push(mapping);
  }
  return left;
}
