// Syncs one mailbox × resource: pull every scope's delta (page by page, each page stored with its
// cursor), then push what changed in Strapi (for an import-only resource: put back what changed).
import { FullResyncRequired } from '../graph';
import { announceCreated, announceLeftovers } from './announcements';
import { RunAborted, toSyncError, type ResourceRunContext } from './context';
import { LeaseLostError } from './fence';
import { reportHeldDeletions, restoreDiscardedDeletions, settlePulledDeletions } from './deletion-guard';
import { restoreImportedEntries } from './import-only';
import { keepMovedItems, type ReadRound } from './moved-items';
import { applyRemotePage } from './pull';
import { pushLocalChanges } from './push';
import { pullItems } from './read-items';
import type { RemoteEntry, Scope, SyncWindow } from './resources/types';
import { windowRestartsRound } from './resource-settings';
import { resolveScopes } from './scopes';
import { releaseQuarantined, type QuarantinedItem } from './quarantine';
import { type Cursor, type Mapping } from './store';

const DAY_MS = 86_400_000;

interface RoundPage {
  items: RemoteEntry[];
  nextLink?: string;
  deltaLink?: string;
}

export async function syncResource(ctx: ResourceRunContext): Promise<void> {
  await announceLeftovers(ctx);
  const stored = await ctx.local.loadCursors();
  // From scratch: each round starts from the adapter's initial URL, as after a 410, and is reconciled
  // against the mappings; the rows stay, so the new links replace the old ones.
  const cursors = ctx.fromScratch ? new Map([...stored].map(([key, cursor]) => [key, { ...cursor, link: null }])) : stored;
  ctx.scopes = await resolveScopes(ctx, cursors);
  const pulled = scopesToPull(ctx);
  const cursorOf = (scope: Scope): Cursor =>
    cursors.get(scope.key) ?? { mailbox: ctx.mailbox.address, resource: ctx.adapter.resource, scope: scope.key, link: null, windowStart: null, windowEnd: null };
  // A scope whose delta fails (a list or folder Graph refuses, an outage past the retries) is left for
  // the next run (its cursor stays) while the other scopes and the push go on; when every scope fails,
  // nothing was pulled and the resource fails as a whole. A stop (lost lease, checkpoint) ends the run.
  const failures: unknown[] = [];
  const orRecord = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (error instanceof RunAborted || error instanceof LeaseLostError) throw error;
      failures.push(error);
    }
  };
  if (ctx.adapter.moves?.keepsId === false) {
    // Items change id when they move between scopes: every round is read first, so a move is seen
    // from both ends whichever scope comes first, then the rounds are stored page by page as usual.
    const rounds: Array<ReadRound & { cursor: Cursor; pages: RoundPage[] }> = [];
    for (const scope of pulled) await orRecord(async () => void rounds.push({ scope, cursor: cursorOf(scope), ...(await readRound(ctx, scope, cursorOf(scope))) }));
    await keepMovedItems(ctx, rounds);
    for (const round of rounds) {
      await orRecord(async () => {
        await walkRound(ctx, round.scope, round.cursor, round.fresh, round.pages);
        await afterRound(ctx, round.scope);
      });
    }
  } else {
    for (const scope of pulled) await orRecord(() => pullScope(ctx, scope, cursorOf(scope)));
  }
  if (failures.length > 0 && failures.length >= pulled.length) throw failures[0];
  for (const error of failures) ctx.result.errors.push(toSyncError(error));
  if (ctx.only) {
    // A notification's pull: what Microsoft changed is stored and its deletions settled; the push,
    // quarantine retries and orphan reads are the schedule's.
    await settlePulledDeletions(ctx);
    reportHeldDeletions(ctx);
    return;
  }
  await retryQuarantined(ctx);
  await readOrphans(ctx);
  await settlePulledDeletions(ctx);
  await restoreDiscardedDeletions(ctx);
  // An import-only resource (email) never pushes: it only puts back what Strapi changed of its entries.
  if (ctx.adapter.importOnly) await restoreImportedEntries(ctx);
  else await pushLocalChanges(ctx);
  reportHeldDeletions(ctx);
}

/**
 * The scopes this run pulls: all of them, or those a notification named. When items change id as they
 * move between scopes (To Do), one scope's removal may be another's arrival, so every scope is pulled.
 */
function scopesToPull(ctx: ResourceRunContext): Scope[] {
  const only = ctx.only;
  if (!only || ctx.adapter.moves?.keepsId === false) return ctx.scopes;
  return ctx.scopes.filter((scope) => only.scopes.has(scope.key));
}

/**
 * Quarantined Microsoft items are read again by id and applied like a page: those stored (or gone)
 * leave quarantine. One whose scope is no longer synced (a folder taken off the list) leaves it unread.
 */
async function retryQuarantined(ctx: ResourceRunContext): Promise<void> {
  const byScope = new Map<Scope, string[]>();
  const outOfScope: QuarantinedItem[] = [];
  for (const item of ctx.quarantine.untried()) {
    const scope = ctx.scopes.find((s) => s.key === (item.scope ?? ''));
    if (!scope) outOfScope.push(item);
    else byScope.set(scope, [...(byScope.get(scope) ?? []), item.remoteId!]);
  }
  await releaseQuarantined(ctx, outOfScope);
  for (const [scope, ids] of byScope) await readAndApply(ctx, scope, ids);
}

/**
 * Stored items whose scope is gone (a To Do list deleted, a mail folder no longer configured): no
 * delta lists them any more, so each is read to learn whether it still exists.
 */
async function readOrphans(ctx: ResourceRunContext): Promise<void> {
  const live = new Set(ctx.scopes.map((s) => s.key));
  const byScope = new Map<string, Mapping[]>();
  for (const m of ctx.mappings.all()) {
    if (!m.remoteId || m.scope === null || live.has(m.scope)) continue;
    byScope.set(m.scope, [...(byScope.get(m.scope) ?? []), m]);
  }
  for (const [key, mappings] of byScope) {
    const scope: Scope = { key, ...(mappings[0]!.remoteParentId ? { remoteParentId: mappings[0]!.remoteParentId } : {}) };
    await readAndApply(ctx, scope, mappings.map((m) => m.remoteId!));
  }
}

/**
 * Pulls one scope's delta. A round starts afresh (from the adapter's initial URL) when there is no
 * cursor, when the sync window moved, or when Graph no longer accepts the cursor (410 / resync codes);
 * then every item comes again and is reconciled against the stored mappings, so nothing is duplicated,
 * and stored items the round did not list are read one by one to learn whether they still exist.
 */
async function pullScope(ctx: ResourceRunContext, scope: Scope, cursor: Cursor): Promise<void> {
  const fresh = startsFresh(ctx, cursor);
  try {
    await walkRound(ctx, scope, cursor, fresh, deltaOf(ctx, scope, cursor, fresh));
  } catch (error) {
    if (!(error instanceof FullResyncRequired)) throw error;
    await walkRound(ctx, scope, cursor, true, deltaOf(ctx, scope, cursor, true));
  }
  await afterRound(ctx, scope);
}

/** One scope's whole round, read without storing anything (its cursor stays until its pages are stored). */
async function readRound(ctx: ResourceRunContext, scope: Scope, cursor: Cursor): Promise<{ fresh: boolean; pages: RoundPage[]; entries: RemoteEntry[] }> {
  const read = async (fresh: boolean) => {
    const pages: RoundPage[] = [];
    for await (const page of deltaOf(ctx, scope, cursor, fresh)) pages.push(page);
    return { fresh, pages, entries: pages.flatMap((p) => p.items) };
  };
  const fresh = startsFresh(ctx, cursor);
  try {
    return await read(fresh);
  } catch (error) {
    if (!(error instanceof FullResyncRequired)) throw error;
    return read(true);
  }
}

function startsFresh(ctx: ResourceRunContext, cursor: Cursor): boolean {
  return !cursor.link || (windowRestartsRound(ctx.adapter.resource) && windowMoved(cursor, ctx.settings.window ?? null));
}

function deltaOf(ctx: ResourceRunContext, scope: Scope, cursor: Cursor, fresh: boolean): AsyncIterable<RoundPage> {
  const url = fresh ? ctx.adapter.initialDeltaUrl(ctx.mailbox.address, scope, ctx.settings) : cursor.link!;
  return ctx.remote.deltaPages<RemoteEntry>({ url, maxPageSize: ctx.pageSize, prefetch: true });
}

async function afterRound(ctx: ResourceRunContext, scope: Scope): Promise<void> {
  if (ctx.unknownRemovals) await refreshReferencedItems(ctx, scope);
  ctx.unknownRemovals = false;
}

async function walkRound(ctx: ResourceRunContext, scope: Scope, cursor: Cursor, fresh: boolean, pages: AsyncIterable<RoundPage> | Iterable<RoundPage>): Promise<void> {
  const window = ctx.settings.window ?? null;
  const seen = new Set<string>();
  let completed = false;
  for await (const page of pages) {
    const link = page.nextLink ?? page.deltaLink ?? null;
    const created = await applyRemotePage(ctx, scope, page.items, { seen, cursor: { cursor, link, ...(fresh ? { window: window && dayRounded(window) } : {}) } });
    await announceCreated(ctx, created);
    if (page.deltaLink) completed = true;
  }
  if (completed) await verifyUnlisted(ctx, scope, seen, fresh);
}

/**
 * Delta removed items no mapping knows: occurrences of a series, deleted with their series or
 * cancelled one by one. Neither shows on the series master, which delta never lists: read the
 * masters again (those not read in this run already) so their deletion or new exceptions arrive.
 */
async function refreshReferencedItems(ctx: ResourceRunContext, scope: Scope): Promise<void> {
  const stale = ctx.mappings.all().filter((m) => m.remoteId && m.viaReference && (m.scope ?? scope.key) === scope.key && !ctx.fetchedReferences.has(m.remoteId));
  for (const m of stale) ctx.fetchedReferences.add(m.remoteId!);
  await readAndApply(ctx, scope, stale.map((m) => m.remoteId!));
}

/**
 * Items a completed round should have listed but did not, read one by one to learn whether they exist:
 * - after a full round, every stored item: it was deleted in Microsoft, or left the window (a moved
 *   window, an item moved out of it while the cursor was lost);
 * - after any round, the items we created since the previous one: delta reports changes against what
 *   the previous round listed, so an item created and deleted in between would never be reported.
 *   (One that exists but was not listed lies outside the window; reading it clears its flag.)
 */
async function verifyUnlisted(ctx: ResourceRunContext, scope: Scope, seen: Set<string>, all: boolean): Promise<void> {
  const unlisted = ctx.mappings
    .all()
    .filter((m) => m.remoteId && (all || m.awaitingDelta) && !seen.has(m.remoteId) && (m.scope ?? scope.key) === scope.key && !ctx.fetchedReferences.has(m.remoteId));
  await readAndApply(ctx, scope, unlisted.map((m) => m.remoteId!));
}

/** Reads stored items by id and applies what is found, or their removal, like a page of `scope`. */
function readAndApply(ctx: ResourceRunContext, scope: Scope, remoteIds: string[]): Promise<void> {
  return pullItems(ctx, remoteIds.map((remoteId) => ({ scope, remoteId })));
}

/** The window is kept to whole days so the same day's runs continue one delta round. */
function dayRounded(window: SyncWindow): { start: Date; end: Date } {
  return { start: new Date(Math.floor(window.start.getTime() / DAY_MS) * DAY_MS), end: new Date(Math.ceil(window.end.getTime() / DAY_MS) * DAY_MS) };
}

function windowMoved(cursor: Cursor, window: SyncWindow | null): boolean {
  if (!window) return false;
  const wanted = dayRounded(window);
  return cursor.windowStart?.getTime() !== wanted.start.getTime() || cursor.windowEnd?.getTime() !== wanted.end.getTime();
}
