// Syncs one mailbox × resource: pull every scope's delta (page by page, each page stored with its
// cursor), then push what changed in Strapi.
import { FullResyncRequired } from '../graph';
import type { ResourceRunContext } from './context';
import { applyRemotePage, removalOf } from './pull';
import { pushLocalChanges } from './push';
import { fetchRemoteItems, itemUrl } from './remote-fetch';
import type { RemoteEntry, Scope, SyncWindow } from './resources/types';
import type { LocalEntry } from './local-entries';
import { CREATED_EVENTS, windowRestartsRound } from './resource-settings';
import { resolveScopes } from './scopes';
import { loadCursors, type Cursor, type Mapping } from './store';

const DAY_MS = 86_400_000;

export async function syncResource(ctx: ResourceRunContext): Promise<void> {
  const cursors = await loadCursors(ctx.strapi, ctx.mailbox.address, ctx.adapter.resource);
  ctx.scopes = await resolveScopes(ctx, cursors);
  for (const scope of ctx.scopes) {
    const cursor = cursors.get(scope.key) ?? { mailbox: ctx.mailbox.address, resource: ctx.adapter.resource, scope: scope.key, link: null, windowStart: null, windowEnd: null };
    await pullScope(ctx, scope, cursor);
  }
  await readOrphans(ctx);
  await pushLocalChanges(ctx);
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
    await readAndApply(ctx, scope, mappings);
  }
}

async function announceCreated(ctx: ResourceRunContext, created: LocalEntry[]): Promise<void> {
  const event = CREATED_EVENTS[ctx.adapter.resource];
  if (!event) return;
  for (const entry of created) await ctx.strapi.eventHub.emit(event, entry);
}

/**
 * Pulls one scope's delta. A round starts afresh (from the adapter's initial URL) when there is no
 * cursor, when the sync window moved, or when Graph no longer accepts the cursor (410 / resync codes);
 * then every item comes again and is reconciled against the stored mappings, so nothing is duplicated,
 * and stored items the round did not list are read one by one to learn whether they still exist.
 */
async function pullScope(ctx: ResourceRunContext, scope: Scope, cursor: Cursor): Promise<void> {
  const window = ctx.settings.window ?? null;
  const fresh = !cursor.link || (windowRestartsRound(ctx.adapter.resource) && windowMoved(cursor, window));
  try {
    await walkRound(ctx, scope, cursor, fresh);
  } catch (error) {
    if (!(error instanceof FullResyncRequired)) throw error;
    await walkRound(ctx, scope, cursor, true);
  }
  if (ctx.unknownRemovals) await refreshReferencedItems(ctx, scope);
  ctx.unknownRemovals = false;
}

async function walkRound(ctx: ResourceRunContext, scope: Scope, cursor: Cursor, fresh: boolean): Promise<void> {
  const window = ctx.settings.window ?? null;
  const url = fresh ? ctx.adapter.initialDeltaUrl(ctx.mailbox.address, scope, ctx.settings) : cursor.link!;
  const seen = new Set<string>();
  let completed = false;
  for await (const page of ctx.gateway.deltaPages<RemoteEntry>({ url, maxPageSize: ctx.pageSize, prefetch: true }, ctx.counter)) {
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
  await readAndApply(ctx, scope, stale);
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
  await readAndApply(ctx, scope, unlisted);
}

/** Reads stored items one by one ($batch) and applies what is found, or their removal, like a delta page. */
async function readAndApply(ctx: ResourceRunContext, scope: Scope, mappings: Mapping[]): Promise<void> {
  if (mappings.length === 0) return;
  // Items without a Graph item of their own (a cancelled occurrence) have no URL: their series tells.
  const wanted = mappings.flatMap((m) => {
    try {
      return [{ id: m.remoteId!, url: itemUrl(ctx, m.remoteId!) }];
    } catch {
      return [];
    }
  });
  if (wanted.length === 0) return;
  const outcomes = await fetchRemoteItems(ctx, wanted);
  const entries: RemoteEntry[] = [];
  for (const [id, outcome] of outcomes) {
    if (outcome.kind === 'found') entries.push(outcome.entry);
    else if (outcome.kind === 'gone') entries.push(removalOf(id));
    else ctx.result.errors.push(outcome.error);
  }
  for (let i = 0; i < entries.length; i += ctx.pageSize) {
    await announceCreated(ctx, await applyRemotePage(ctx, scope, entries.slice(i, i + ctx.pageSize), { checkpoints: false }));
  }
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
