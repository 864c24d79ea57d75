// Items pulled by id rather than listed by a delta round.
import { announceCreated } from './announcements';
import type { ResourceRunContext } from './context';
import { applyRemotePage, removalOf } from './pull';
import { fetchRemoteItems, itemUrl } from './remote-fetch';
import type { RemoteEntry, Scope } from './resources/types';

/**
 * The pull of named items: each is read by id ($batch) and what is found, or its removal, goes through
 * the pull's page pipeline like a delta page of its scope. The one path for every read by id: items a
 * round should have listed, series masters to refresh, quarantined and orphaned items, and Microsoft's
 * copy of the entries a one-way run puts back (push.ts, with its checkpoint between reading and applying).
 */
export async function pullItems(ctx: ResourceRunContext, items: ReadonlyArray<{ scope: Scope; remoteId: string }>, afterRead?: () => Promise<void>): Promise<void> {
  if (items.length === 0) return;
  const scopeOf = new Map(items.map((item) => [item.remoteId, item.scope]));
  // Items without a Graph item of their own (a cancelled occurrence) have no URL: their series tells.
  const wanted = items.flatMap(({ remoteId }) => {
    try {
      return [{ id: remoteId, url: itemUrl(ctx, remoteId) }];
    } catch {
      return [];
    }
  });
  const outcomes = await fetchRemoteItems(ctx, wanted);
  await afterRead?.();
  const byScope = new Map<string, { scope: Scope; entries: RemoteEntry[] }>();
  for (const [id, outcome] of outcomes) {
    if (outcome.kind === 'error') {
      ctx.result.errors.push(outcome.error);
      continue;
    }
    // A derived entry (a cancelled occurrence) goes with the scope of the item it derives from.
    const scope = scopeOf.get(id) ?? scopeOf.get(ctx.adapter.derivedFrom?.(id) ?? '');
    if (!scope) continue;
    const group = byScope.get(scope.key) ?? { scope, entries: [] };
    group.entries.push(outcome.kind === 'found' ? outcome.entry : removalOf(id));
    byScope.set(scope.key, group);
  }
  for (const { scope, entries } of byScope.values()) {
    for (let i = 0; i < entries.length; i += ctx.pageSize) {
      await announceCreated(ctx, await applyRemotePage(ctx, scope, entries.slice(i, i + ctx.pageSize), { checkpoints: false }));
    }
  }
}
