// The deletion breaker (issue 9 §3): a run never deletes in bulk by surprise. When one run would
// delete more than `minItems` and more than `share` of a mailbox × resource's items on one side, those
// deletions are held for an admin's review instead (the run ends partial, saying so), and carried out
// or undone from the settings page (services/deletions.ts).
//
// Microsoft's deletions arrive page by page, so the pull only stages them (the mapping records the
// staged delete in the page's transaction, with the cursor) and this module decides once every page
// is in. Strapi's deletions are all planned before the push sends anything, so the push decides
// before it sends. A held item stays as it is on both sides, linked, until the review.
import type { ResourceRunContext } from './context';
import { emptyLocalWrites } from './local-entries';
import { applyRemotePage } from './pull';
import { fetchRemoteItems, itemUrl } from './remote-fetch';
import type { DeletionGuard, RemoteEntry, Scope } from './resources/types';
import { emptyMappingChanges, type DeletionSide, type Mapping } from './store';

/** Whether `count` deletions among `total` items trip the breaker. */
export function breakerTrips(count: number, total: number, guard: DeletionGuard | undefined): boolean {
  if (!guard) return false;
  return count > guard.minItems && count > guard.share * total;
}

/** What an admin recognises an item by in the review list. */
export function titleOf(entry: Record<string, unknown> | undefined): string | null {
  const title = entry?.subject ?? entry?.title;
  return typeof title === 'string' && title !== '' ? title.slice(0, 500) : null;
}

export function heldOn(mapping: Mapping, side: DeletionSide, state = mapping.held?.state): boolean {
  return mapping.held?.side === side && mapping.held.state === state;
}

/**
 * After the pull: the deletions Microsoft made in this run, staged page by page, are carried out in
 * Strapi, or all held when they trip the breaker.
 */
export async function settlePulledDeletions(ctx: ResourceRunContext): Promise<void> {
  const staged = ctx.mappings.all().filter((m) => heldOn(m, 'strapi', 'staged'));
  if (staged.length === 0) return;
  const changes = emptyMappingChanges();
  if (breakerTrips(staged.length, ctx.mappings.size, ctx.settings.deletionGuard)) {
    for (const mapping of staged) {
      mapping.held = { ...mapping.held!, state: 'held' };
      changes.update.push(mapping);
    }
    await ctx.local.saveMappings(changes);
    return;
  }
  await ctx.local.transaction(async () => {
    const entries = await ctx.local.find(staged.map((m) => m.localId!).filter(Boolean));
    const writes = emptyLocalWrites();
    for (const mapping of staged) {
      const entry = mapping.localId ? entries.get(mapping.localId) : undefined;
      if (entry) {
        writes.remove.push({ id: entry.id });
        ctx.result.pulled.deleted++;
      }
      ctx.mappings.remove(mapping);
      changes.remove.push(mapping);
    }
    await ctx.local.apply(writes);
    await ctx.local.saveMappings(changes);
  });
}

/** Holds Strapi's deletions of `mappings` (the push found them tripping the breaker), titled from Microsoft's copies. */
export async function holdPushedDeletions(ctx: ResourceRunContext, mappings: readonly Mapping[]): Promise<void> {
  const copies = await fetchRemoteItems(
    ctx,
    mappings.flatMap((m) => {
      try {
        return [{ id: m.remoteId!, url: itemUrl(ctx, m.remoteId!) }];
      } catch {
        return []; // an item without its own URL (an occurrence) goes untitled
      }
    }),
  );
  const changes = emptyMappingChanges();
  const at = new Date();
  for (const mapping of mappings) {
    const copy = copies.get(mapping.remoteId!);
    mapping.held = { side: 'microsoft', state: 'held', at, title: copy?.kind === 'found' ? titleOf(copy.entry) : null };
    changes.update.push(mapping);
  }
  await ctx.local.saveMappings(changes);
}

/** One error per side with deletions held, so the run ends partial and says why. */
export function reportHeldDeletions(ctx: ResourceRunContext): void {
  const held = (side: DeletionSide) => ctx.mappings.all().filter((m) => heldOn(m, side, 'held')).length;
  const total = ctx.mappings.size;
  const inStrapi = held('strapi');
  if (inStrapi > 0) {
    ctx.result.errors.push({ code: 'deletions_held', message: `Microsoft deleted ${inStrapi} of ${total} items: their deletion in Strapi is held for review on the settings page` });
  }
  const inMicrosoft = held('microsoft');
  if (inMicrosoft > 0) {
    ctx.result.errors.push({ code: 'deletions_held', message: `Strapi deleted ${inMicrosoft} of ${total} items: their deletion in Microsoft is held for review on the settings page` });
  }
}

/**
 * Strapi deletions an admin discarded: each entry comes back from Microsoft's copy, as a new entry
 * of the mailbox (its old mapping goes once the copy is stored; an item gone meanwhile is forgotten).
 */
export async function restoreDiscardedDeletions(ctx: ResourceRunContext): Promise<void> {
  const discarded = ctx.mappings.all().filter((m) => heldOn(m, 'microsoft', 'restore') && m.remoteId);
  if (discarded.length === 0) return;
  const copies = await fetchRemoteItems(ctx, discarded.map((m) => ({ id: m.remoteId!, url: itemUrl(ctx, m.remoteId!) })));
  const byScope = new Map<string, { scope: Scope; entries: RemoteEntry[] }>();
  const done: Mapping[] = [];
  for (const mapping of discarded) {
    const copy = copies.get(mapping.remoteId!);
    if (!copy || copy.kind === 'error') {
      if (copy?.kind === 'error') ctx.result.errors.push(copy.error);
      continue; // tried again next run
    }
    done.push(mapping);
    ctx.mappings.remove(mapping);
    if (copy.kind === 'gone') continue;
    const key = mapping.scope ?? '';
    const group = byScope.get(key) ?? { scope: ctx.scopes.find((s) => s.key === key) ?? { key, ...(mapping.remoteParentId ? { remoteParentId: mapping.remoteParentId } : {}) }, entries: [] };
    group.entries.push(copy.entry);
    byScope.set(key, group);
  }
  for (const { scope, entries } of byScope.values()) await applyRemotePage(ctx, scope, entries, { checkpoints: false });
  const changes = emptyMappingChanges();
  changes.remove.push(...done);
  await ctx.local.saveMappings(changes);
}

