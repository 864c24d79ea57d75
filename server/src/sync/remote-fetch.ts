// Reads single remote items in $batch envelopes (20 per envelope): series masters named by delta
// entries, items to verify after a full round, Microsoft's copy of an entry a one-way sync reverts.
// An item read also answers for the stored entries derived from it (a series' cancelled occurrences,
// which have no Graph item): those it no longer carries, or all of them when it is gone, come back gone.
import { batchPartError, type BatchRequest, type GatewayError } from '../graph';
import { toSyncError, withPrefer, type ResourceRunContext } from './context';
import type { RemoteEntry } from './resources/types';
import type { SyncError } from './run-types';

/** An error outcome keeps Graph's answer as a GatewayError too (`cause`), to tell an item's own failure from a passing one. */
export type FetchOutcome = { kind: 'found'; entry: RemoteEntry } | { kind: 'gone' } | { kind: 'error'; error: SyncError; cause: GatewayError };

export async function fetchRemoteItems(ctx: ResourceRunContext, items: ReadonlyArray<{ id: string; url: string }>): Promise<Map<string, FetchOutcome>> {
  const outcomes = new Map<string, FetchOutcome>();
  const unique = [...new Map(items.map((item) => [item.id, item])).values()];
  if (unique.length === 0) return outcomes;
  const requests: BatchRequest[] = unique.map((item, index) => ({ id: String(index + 1), method: 'GET', url: item.url, headers: withPrefer(undefined) }));
  const responses = await ctx.remote.batch(requests);
  responses.forEach((response, index) => {
    const item = unique[index]!;
    if (response.status >= 200 && response.status < 300 && response.body && typeof response.body === 'object') {
      const body = response.body as Record<string, unknown>;
      outcomes.set(item.id, { kind: 'found', entry: { ...body, id: typeof body.id === 'string' ? body.id : item.id } as RemoteEntry });
    } else if (response.status === 404) {
      outcomes.set(item.id, { kind: 'gone' });
    } else {
      const cause = batchPartError(requests[index]!, response);
      outcomes.set(item.id, { kind: 'error', error: toSyncError(cause, `reading ${item.id}`), cause });
    }
  });
  for (const [id, outcome] of [...outcomes]) {
    for (const derivedId of staleDerivedIds(ctx, id, outcome)) if (!outcomes.has(derivedId)) outcomes.set(derivedId, { kind: 'gone' });
  }
  return outcomes;
}

/**
 * Stored entries derived from the item just read that it no longer yields: cancelled occurrences of a
 * series that was deleted, or whose pattern changed (Outlook then forgets its cancellations). Nothing
 * when the item could not be read or its derived entries cannot be worked out.
 */
function staleDerivedIds(ctx: ResourceRunContext, itemId: string, outcome: FetchOutcome): string[] {
  const derivedFrom = ctx.adapter.derivedFrom;
  if (!derivedFrom || !ctx.adapter.derivedEntries || outcome.kind === 'error') return [];
  let current: Set<string>;
  try {
    current = new Set(outcome.kind === 'found' ? ctx.adapter.derivedEntries(outcome.entry).map((e) => e.id) : []);
  } catch {
    return []; // the item's own mapping reports the problem when the page is applied
  }
  return ctx.mappings
    .all()
    .map((m) => m.remoteId)
    .filter((remoteId): remoteId is string => typeof remoteId === 'string' && derivedFrom(remoteId) === itemId && !current.has(remoteId));
}

/**
 * The URL that reads one item: the adapter's own when it has one, else its delete request's, since a
 * GET on the URL a DELETE names reads the item. Throws when the item has neither (read-only resources).
 */
export function itemUrl(ctx: ResourceRunContext, remoteId: string): string {
  const own = ctx.adapter.itemUrl;
  return own ? own(ctx.mailbox.address, remoteId) : ctx.adapter.deleteRemote(ctx.mailbox.address, remoteId, null).url;
}
