// The pull side: one page of remote entries (a delta page, or items read to verify a full round) goes
// through three phases: gather (pull-gather.ts: what the page needs from Graph), decide (pull-decide.ts:
// the reconciler per item, in memory) and apply (here: local writes, mappings, quarantine and the cursor
// in one transaction).
//
// Only local writes happen here. A decision to write to Microsoft is recorded in the mapping instead
// (its remote hash and change key brought up to date, or a pending create), and the push step that
// follows picks it up from there: a crash between the two cannot lose it, because the push step
// finds the same work from what is stored, whether or not this run gets that far.
import { forgetEntriesThatLeft } from './left-mailbox';
import { localSide, patchMapping, toSyncError, type ResourceRunContext } from './context';
import type { LocalEntry } from './local-entries';
import { isItemFailure, itemFailure, settlePulledItems, type ItemFailure } from './quarantine';
import type { RemoteEntry, Scope } from './resources/types';
import { emptyMappingChanges } from './store';
import { copiesOfStored } from './scope-moves';
import { gatherPage } from './pull-gather';
import { decideItems, planItems } from './pull-decide';
import { storedIdOf, type Page, type PageOptions, type PlannedItem } from './pull-page';

export { removalOf, type PageOptions } from './pull-page';

/**
 * Stores one page; resolves with the local entries it created (for events such as email.received).
 * A page that cannot be stored in one transaction is stored item by item: an item that still fails is
 * quarantined (quarantine.ts), and the cursor moves on with the rest, so one bad item never stalls the
 * mailbox.
 */
export async function applyRemotePage(ctx: ResourceRunContext, scope: Scope, entries: readonly RemoteEntry[], options: PageOptions = {}): Promise<LocalEntry[]> {
  const { page, entries: all } = await gatherPage(ctx, scope, entries, options);
  const checkpoints = options.checkpoints !== false;
  if (checkpoints) await ctx.checkpoint('pull:page-fetched');
  let created: LocalEntry[];
  try {
    created = await attempt(ctx, page, all, page.gathered, { cursor: options.cursor, checkpoints });
  } catch (error) {
    if (!isItemFailure(error)) throw error;
    created = await storeOneByOne(ctx, page, all);
  }
  if (checkpoints) await ctx.checkpoint('pull:page-stored');
  return created;
}

/**
 * The page again, one item per transaction: each item that fails on its own is quarantined; then the
 * quarantine and the cursor are stored together. A crash half way re-reads the page from the old
 * cursor, and the items already stored are found in step (nothing is duplicated).
 */
async function storeOneByOne(ctx: ResourceRunContext, page: Page, entries: readonly RemoteEntry[]): Promise<LocalEntry[]> {
  const created: LocalEntry[] = [];
  const failed = new Map(page.gathered);
  for (const entry of entries) {
    try {
      created.push(...(await attempt(ctx, page, [entry], new Map(), { checkpoints: false })));
    } catch (error) {
      if (!isItemFailure(error)) throw error;
      const remoteId = storedIdOf(ctx, entry, page.scope);
      failed.set(remoteId, itemFailure('pull', error, { scope: page.scope.key, remoteId }, refusedAttribute(ctx, entry, page)));
    }
  }
  created.push(...(await attempt(ctx, page, [], failed, { cursor: page.options.cursor, checkpoints: false })));
  return created;
}

/**
 * Plans `entries` and stores them in one transaction with `failures` (and the cursor when given).
 * If the transaction fails, what planning and storing changed in memory (mappings, counts, work
 * handed to the push) is put back as it was, so the page can be tried again item by item.
 */
async function attempt(ctx: ResourceRunContext, page: Page, entries: readonly RemoteEntry[], failures: Map<string, ItemFailure>, store: StoreOptions): Promise<LocalEntry[]> {
  const undo = markRunState(ctx);
  try {
    const recorded = new Map(failures);
    const items = await withoutStoredCopies(ctx, planItems(ctx, page, entries, recorded));
    const handled = [...entries.map((e) => storedIdOf(ctx, e, page.scope)), ...items.map((i) => i.remoteId)];
    const { created, committed } = await storePage(ctx, page.scope, items, { ...store, failures: recorded, handled });
    ctx.mappings.commit();
    committed();
    return created;
  } catch (error) {
    undo();
    throw error;
  }
}

/**
 * The same item listed under another id (one message in two folders) is stored once: a copy of an
 * item already stored is left out, so it neither makes a second entry nor a second event.
 */
async function withoutStoredCopies(ctx: ResourceRunContext, items: PlannedItem[]): Promise<PlannedItem[]> {
  const copies = await copiesOfStored(ctx, items.flatMap((i) => (!i.mapping && i.snapshot ? [{ remoteId: i.remoteId, snapshot: i.snapshot }] : [])));
  return copies.size > 0 ? items.filter((i) => i.mapping || !copies.has(i.remoteId)) : items;
}

/** Remembers the run's in-memory state; the function returned puts it back. */
function markRunState(ctx: ResourceRunContext): () => void {
  ctx.mappings.mark();
  const { result } = ctx;
  const counts = { conflicts: result.conflicts, refused: result.refused && { ...result.refused }, pulled: { ...result.pulled }, errors: result.errors.length };
  const handedOver = ctx.handedOver.size;
  return () => {
    ctx.mappings.rollback();
    result.conflicts = counts.conflicts;
    if (counts.refused) result.refused = counts.refused;
    else delete result.refused;
    Object.assign(result.pulled, counts.pulled);
    result.errors.length = counts.errors;
    // A Set keeps insertion order: what this attempt handed over comes last.
    if (ctx.handedOver.size > handedOver) {
      const kept = [...ctx.handedOver].slice(0, handedOver);
      ctx.handedOver.clear();
      for (const mapping of kept) ctx.handedOver.add(mapping);
    }
  };
}

/** The Strapi attribute a refused row is likely refused for: a value longer than its column, an unknown enumeration value. */
function refusedAttribute(ctx: ResourceRunContext, entry: RemoteEntry, page: Page): string | null {
  if (entry['@removed']) return null;
  try {
    const snapshot = ctx.adapter.fromRemote(entry, page.movedTo.get(entry.id) ?? page.scope);
    if (!snapshot) return null;
    return ctx.local.attributeAtFault(ctx.adapter.toLocalData(snapshot.fields, page.movedTo.get(entry.id) ?? page.scope));
  } catch {
    return null;
  }
}

interface StoreOptions {
  cursor?: PageOptions['cursor'];
  checkpoints: boolean;
}

interface StoreInput extends StoreOptions {
  /** Items of the page that are quarantined (recorded in the same transaction) and where planning adds its own. */
  failures: Map<string, ItemFailure>;
  /** Stored ids the page handled: a quarantined one among them leaves quarantine. */
  handled: readonly string[];
}

async function storePage(ctx: ResourceRunContext, scope: Scope, items: PlannedItem[], options: StoreInput): Promise<{ created: LocalEntry[]; committed: () => void }> {
  const { failures } = options;
  return ctx.local.transaction(async () => {
    const locals = await ctx.local.find(items.map((i) => i.mapping?.localId).filter((id): id is string => Boolean(id)));
    const changes = emptyMappingChanges();
    // A mapped entry that left the mailbox is no local delete: its item is taken as new to the mailbox.
    const missing = items.flatMap((i) => (i.mapping?.localId && !locals.has(i.mapping.localId) ? [i.mapping] : []));
    const left = await forgetEntriesThatLeft(ctx, missing, changes);
    // Parked (out of scope, link kept): Microsoft's change waits until the entry is back. Flagged as
    // unlisted, the item is read by id after each round (resource-sync.ts verifyUnlisted) until then,
    // and settled like any change once its entry is in scope again.
    const inScope = ctx.local.parksEntriesThatLeave ? items.filter((item) => !(item.mapping && left.has(item.mapping))) : items;
    for (const mapping of ctx.local.parksEntriesThatLeave ? left : []) {
      if (mapping.awaitingDelta) continue;
      mapping.awaitingDelta = true;
      changes.update.push(mapping);
    }
    if (!ctx.local.parksEntriesThatLeave) for (const item of items) if (item.mapping && left.has(item.mapping)) item.mapping = undefined;
    const now = new Date();
    const { writes, afterWrite } = decideItems(ctx, { scope, items: inScope, locals, failures, changes, now });

    const written = await ctx.local.apply(writes);
    for (const [key, { mapping, remoteHash, remoteAudienceHash, changeKey, scope: itemScope }] of afterWrite) {
      const entry = written.get(key);
      if (!entry) throw new Error(`the local write for ${key} did not come back`);
      patchMapping(ctx, mapping, {
        viaReference: mapping.viaReference || ctx.fetchedReferences.has(key),
        localId: String(entry.documentId),
        localHash: localSide(ctx, entry).hash,
        remoteId: key,
        remoteHash,
        remoteAudienceHash,
        changeKey,
        pendingCreateId: null,
        scope: itemScope.key,
        remoteParentId: itemScope.remoteParentId ?? null,
        syncedAt: now,
      });
    }
    await ctx.local.saveMappings(changes);
    const committed = await settlePulledItems(ctx, failures, options.handled);
    if (options.cursor) {
      const { cursor, link, window } = options.cursor;
      cursor.link = link;
      if (window !== undefined) {
        cursor.windowStart = window?.start ?? null;
        cursor.windowEnd = window?.end ?? null;
      }
      await ctx.local.saveCursor(cursor);
    }
    if (options.checkpoints) await ctx.checkpoint('pull:before-commit');
    return { created: writes.create.map((c) => written.get(c.key)).filter((e): e is LocalEntry => Boolean(e)), committed };
  });
}

/** Runs one entry's mapping code; an error (an adapter's ItemError or any other) is recorded for that entry only. */
export function safely<T>(ctx: ResourceRunContext, documentId: string, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    ctx.result.errors.push(toSyncError(error, `item ${documentId}`, { localId: documentId }));
    return undefined;
  }
}
