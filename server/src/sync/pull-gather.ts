// Gather, the pull's first phase: everything a page needs from Graph before anything is decided. Removals
// checked against the other scopes (moved messages), series masters the entries stand for, attachment
// lists, and the entries an item carries for others (cancelled occurrences). A read Graph refuses for one
// item alone sets that item aside (quarantine); any other failure stops the page, its cursor unmoved.
import type { ResourceRunContext } from './context';
import { fetchRemoteItems, itemUrl } from './remote-fetch';
import { isItemFailure, itemFailure } from './quarantine';
import { locateRemoved, removalsNeedChecking } from './scope-moves';
import type { RemoteEntry, Scope } from './resources/types';
import { MAPPED_ID, guarded, removalOf, storedIdOf, type Page, type PageOptions } from './pull-page';

/** The page's entries by id, completed from Graph, and what failed of them on the way. */
export async function gatherPage(ctx: ResourceRunContext, scope: Scope, entries: readonly RemoteEntry[], options: PageOptions): Promise<{ page: Page; entries: RemoteEntry[] }> {
  const byId = new Map<string, RemoteEntry>();
  for (const entry of entries) if (entry && typeof entry.id === 'string') byId.set(entry.id, entry);
  const page: Page = { scope, options, movedTo: await checkRemovals(ctx, scope, byId), gathered: new Map() };
  await addReferencedItems(ctx, [...byId.values()], byId);
  await addDetails(ctx, page, byId);
  if (ctx.adapter.derivedEntries) {
    for (const entry of [...byId.values()]) {
      for (const derived of guarded(ctx, page.gathered, scope, storedIdOf(ctx, entry, scope), () => ctx.adapter.derivedEntries!(entry)) ?? []) {
        if (derived && typeof derived.id === 'string' && !byId.has(derived.id)) byId.set(derived.id, derived);
      }
    }
  }
  return { page, entries: [...byId.values()] };
}

/**
 * Delta removals of items stored in this scope, when the resource syncs several scopes whose items
 * keep their id across them (mail folders): each is read (in $batch) before it deletes anything. One
 * that now lives in another of the run's scopes replaces its removal and is stored in that scope;
 * the others stay removals. Removals the runner made up from a read (already known gone) are not read.
 */
async function checkRemovals(ctx: ResourceRunContext, scope: Scope, byId: Map<string, RemoteEntry>): Promise<Map<string, Scope>> {
  const movedTo = new Map<string, Scope>();
  if (ctx.adapter.removalsMayBeOutOfView) await keepRemovalsStillThere(ctx, byId);
  if (!removalsNeedChecking(ctx)) return movedTo;
  const ids: string[] = [];
  for (const entry of byId.values()) {
    if (!entry['@removed'] || typeof entry[MAPPED_ID] === 'string') continue;
    const mapping = ctx.mappings.byRemoteId(entry.id);
    if (mapping && (mapping.scope ?? scope.key) === scope.key) ids.push(entry.id);
  }
  for (const [id, found] of await locateRemoved(ctx, scope, ids)) {
    byId.set(id, found.entry);
    movedTo.set(id, found.scope);
  }
  return movedTo;
}

/**
 * Removals of stored items that may only mean "outside the view" (an event moved out of the calendar
 * window, or changed there) are read by id first: an item still there replaces its removal with what it
 * holds now, so Strapi follows it instead of deleting it; only one Graph answers 404 for is removed.
 * Ids without a Graph item of their own (cancelled occurrences) stay removals. A failed read stops the
 * page, its cursor unmoved, rather than deleting blindly.
 */
async function keepRemovalsStillThere(ctx: ResourceRunContext, byId: Map<string, RemoteEntry>): Promise<void> {
  const reads: Array<{ id: string; url: string }> = [];
  for (const entry of byId.values()) {
    if (!entry['@removed'] || typeof entry[MAPPED_ID] === 'string' || !ctx.mappings.byRemoteId(entry.id)) continue;
    try {
      reads.push({ id: entry.id, url: itemUrl(ctx, entry.id) });
    } catch {
      // no item of its own to read: its removal stands
    }
  }
  if (reads.length === 0) return;
  const outcomes = await fetchRemoteItems(ctx, reads);
  for (const { id } of reads) {
    const outcome = outcomes.get(id)!;
    if (outcome.kind === 'error') throw new Error(outcome.error.message);
    if (outcome.kind === 'found') byId.set(id, outcome.entry);
  }
}

/**
 * Entries that need more than delta gives (a message's attachment list) are completed first. A read
 * Graph refuses for that item alone quarantines the item; any other failure (throttling, an outage)
 * stops the page, so its cursor stays and the next run reads the page again. An item gone in the
 * meantime is left for the delta to report.
 */
async function addDetails(ctx: ResourceRunContext, page: Page, byId: Map<string, RemoteEntry>): Promise<void> {
  const details = ctx.adapter.details;
  if (!details) return;
  const wanted: Array<{ id: string; url: string; entryId: string; key: string }> = [];
  for (const entry of byId.values()) {
    for (const detail of guarded(ctx, page.gathered, page.scope, storedIdOf(ctx, entry, page.scope), () => details.requests(ctx.mailbox.address, entry)) ?? []) {
      wanted.push({ id: `${entry.id}\n${detail.key}`, url: detail.url, entryId: entry.id, key: detail.key });
    }
  }
  if (wanted.length === 0) return;
  const outcomes = await fetchRemoteItems(ctx, wanted);
  const answers = new Map<string, Record<string, unknown>>();
  for (const want of wanted) {
    const outcome = outcomes.get(want.id)!;
    if (outcome.kind === 'error') {
      if (!isItemFailure(outcome.cause)) throw new Error(outcome.error.message);
      const entry = byId.get(want.entryId);
      if (!entry) continue;
      const remoteId = storedIdOf(ctx, entry, page.scope);
      page.gathered.set(remoteId, itemFailure('pull', outcome.cause, { scope: page.scope.key, remoteId }, want.key));
      byId.delete(want.entryId);
      answers.delete(want.entryId);
      continue;
    }
    if (outcome.kind === 'gone' || !byId.has(want.entryId)) continue;
    const { id: _id, ...body } = outcome.entry;
    answers.set(want.entryId, { ...(answers.get(want.entryId) ?? {}), [want.key]: body });
  }
  for (const [entryId, found] of answers) byId.set(entryId, details.merge(byId.get(entryId)!, found));
}

/**
 * Items the page's entries stand for without carrying them (a series master behind occurrences),
 * read in $batch, each at most once per run. A master that is gone comes back as a removal.
 */
async function addReferencedItems(ctx: ResourceRunContext, entries: RemoteEntry[], byId: Map<string, RemoteEntry>): Promise<void> {
  if (!ctx.adapter.referencedItems) return;
  const wanted: Array<{ id: string; url: string }> = [];
  for (const entry of entries) {
    for (const ref of ctx.adapter.referencedItems(ctx.mailbox.address, entry)) {
      if (ctx.fetchedReferences.has(ref.id) || byId.has(ref.id)) continue;
      ctx.fetchedReferences.add(ref.id);
      wanted.push(ref);
    }
  }
  const outcomes = await fetchRemoteItems(ctx, wanted);
  for (const [id, outcome] of outcomes) {
    if (outcome.kind === 'found') byId.set(outcome.entry.id, outcome.entry);
    else if (outcome.kind === 'gone') byId.set(id, removalOf(id));
    else {
      ctx.result.errors.push(outcome.error);
      ctx.fetchedReferences.delete(id); // let a later page of this run try again
    }
  }
}

