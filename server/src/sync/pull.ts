// The pull side: one page of remote entries (a delta page, or items read to verify a full round) is
// planned with the reconciler and stored in one transaction together with its cursor.
//
// Only local writes happen here. A decision to write to Microsoft is recorded in the mapping instead
// (its remote hash and change key brought up to date, or a pending create), and the push step that
// follows picks it up from there: a crash between the two cannot lose it, because the push step
// finds the same work from what is stored, whether or not this run gets that far.
import { heldOn, titleOf } from './deletion-guard';
import { forgetEntriesThatLeft } from './left-mailbox';
import { reconcile, type MappingSnapshot, type SideState } from './reconcile';
import { hashOf, localSide, newMapping, newTransactionId, patchMapping, toSyncError, type ResourceRunContext } from './context';
import { emptyLocalWrites, type LocalEntry } from './local-entries';
import { fetchRemoteItems } from './remote-fetch';
import { attributeAtFault, isItemFailure, itemFailure, settlePulledItems, type ItemFailure } from './quarantine';
import { copiesOfStored, locateRemoved, removalsNeedChecking } from './scope-moves';
import type { RemoteEntry, RemoteSnapshot, Scope } from './resources/types';
import { emptyMappingChanges, saveCursor, saveMappings, type Cursor, type Mapping } from './store';
import { transaction } from './db';

interface PlannedItem {
  remoteId: string;
  snapshot: RemoteSnapshot | null;
  remoteHash: string | null;
  mapping: Mapping | undefined;
  /** The mapping was a pending create this entry turned out to be: store its remote id whatever the decision. */
  claimed?: boolean;
  /** The scope the item is stored in when not the page's own (a message found moved to another configured folder). */
  scope?: Scope;
}

export interface PageOptions {
  /** Remote ids met in this round, to find stored items a full round no longer lists. */
  seen?: Set<string>;
  /** Stored with the page, in its transaction: where the next request starts. */
  cursor?: { cursor: Cursor; link: string | null; window?: { start: Date; end: Date } | null };
  /** Pass the pull checkpoints (default true); items read for other reasons do not. */
  checkpoints?: boolean;
}

/** A removal the runner made up for a stored item (read back as gone): its id is already the mapped one. */
export function removalOf(mappedId: string): RemoteEntry {
  return { id: mappedId, '@removed': { reason: 'deleted' }, [MAPPED_ID]: mappedId };
}

const MAPPED_ID = '@microsoft365.mappedId';

/** A page on its way to the database: the entries read, and what failed of them before planning. */
interface Page {
  scope: Scope;
  options: PageOptions;
  movedTo: Map<string, Scope>;
  /** Items that failed while the page was completed (an attachment list Graph refused), by stored id. */
  gathered: Map<string, ItemFailure>;
}

/**
 * Stores one page; resolves with the local entries it created (for events such as email.received).
 * A page that cannot be stored in one transaction is stored item by item: an item that still fails is
 * quarantined (quarantine.ts), and the cursor moves on with the rest, so one bad item never stalls the
 * mailbox.
 */
export async function applyRemotePage(ctx: ResourceRunContext, scope: Scope, entries: readonly RemoteEntry[], options: PageOptions = {}): Promise<LocalEntry[]> {
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

  const all = [...byId.values()];
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
    const items = await planItems(ctx, page, entries, recorded);
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

/** Remembers the run's in-memory state; the function returned puts it back. */
function markRunState(ctx: ResourceRunContext): () => void {
  ctx.mappings.mark();
  const { result } = ctx;
  const counts = { conflicts: result.conflicts, pulled: { ...result.pulled }, errors: result.errors.length };
  const handedOver = ctx.handedOver.size;
  return () => {
    ctx.mappings.rollback();
    result.conflicts = counts.conflicts;
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

/** The id an entry is stored under: a removal's mapped id, the adapter's compound id (To Do), else Graph's. */
function storedIdOf(ctx: ResourceRunContext, entry: RemoteEntry, scope: Scope): string {
  if (typeof entry[MAPPED_ID] === 'string') return entry[MAPPED_ID] as string;
  try {
    return ctx.adapter.remoteIdOf?.(entry, scope) ?? entry.id;
  } catch {
    return entry.id;
  }
}

/** The Strapi attribute a refused row is likely refused for: a value longer than its column, an unknown enumeration value. */
function refusedAttribute(ctx: ResourceRunContext, entry: RemoteEntry, page: Page): string | null {
  if (entry['@removed']) return null;
  try {
    const snapshot = ctx.adapter.fromRemote(entry, page.movedTo.get(entry.id) ?? page.scope);
    if (!snapshot) return null;
    return attributeAtFault(ctx.strapi, ctx.adapter.uid, ctx.adapter.toLocalData(snapshot.fields, page.movedTo.get(entry.id) ?? page.scope));
  } catch {
    return null;
  }
}

async function planItems(ctx: ResourceRunContext, page: Page, entries: readonly RemoteEntry[], failures: Map<string, ItemFailure>): Promise<PlannedItem[]> {
  const { scope, options } = page;
  let items: PlannedItem[] = [];
  for (const entry of entries) {
    options.seen?.add(entry.id);
    if (entry['@removed']) {
      const mappedId = storedIdOf(ctx, entry, scope);
      options.seen?.add(mappedId);
      const mapping = ctx.mappings.byRemoteId(mappedId);
      // The item moved to another scope and is stored there already: this scope's removal is old news.
      if (mapping && mapping.scope && mapping.scope !== scope.key && isLiveScope(ctx, mapping.scope)) continue;
      if (mapping) items.push({ remoteId: mappedId, snapshot: null, remoteHash: null, mapping });
      // An unknown id may be an occurrence of a series, and a known one may be an exception cancelled in
      // Outlook: either way the series masters are read again, since only they tell what became of it.
      if (!mapping || ctx.adapter.referencedItems) ctx.unknownRemovals = true;
      continue;
    }
    const itemScope = page.movedTo.get(entry.id) ?? scope;
    const planned = guarded(ctx, failures, scope, storedIdOf(ctx, entry, scope), () => {
      const snapshot = ctx.adapter.fromRemote(entry, itemScope);
      return snapshot ? { snapshot, remoteHash: hashOf(snapshot.fields) } : null;
    });
    if (!planned) continue; // not an item this resource stores (a plain occurrence of a series), or quarantined
    const { snapshot, remoteHash } = planned;
    options.seen?.add(snapshot.id);
    const mapped = ctx.mappings.byRemoteId(snapshot.id);
    const claimed = mapped ? undefined : claimPendingCreate(ctx, entry, remoteHash, snapshot);
    items.push({ remoteId: snapshot.id, snapshot, remoteHash, mapping: mapped ?? claimed, claimed: Boolean(claimed), ...(itemScope !== scope ? { scope: itemScope } : {}) });
  }
  // The same item listed under another id (one message in two folders) is stored once: a copy of an
  // item already stored is left out, so it neither makes a second entry nor a second event.
  const copies = await copiesOfStored(ctx, items.flatMap((i) => (!i.mapping && i.snapshot ? [{ remoteId: i.remoteId, snapshot: i.snapshot }] : [])));
  if (copies.size > 0) items = items.filter((i) => i.mapping || !copies.has(i.remoteId));
  return items;
}

function isLiveScope(ctx: ResourceRunContext, key: string): boolean {
  return ctx.scopes.some((s) => s.key === key);
}

/**
 * Delta removals of items stored in this scope, when the resource syncs several scopes whose items
 * keep their id across them (mail folders): each is read (in $batch) before it deletes anything. One
 * that now lives in another of the run's scopes replaces its removal and is stored in that scope;
 * the others stay removals. Removals the runner made up from a read (already known gone) are not read.
 */
async function checkRemovals(ctx: ResourceRunContext, scope: Scope, byId: Map<string, RemoteEntry>): Promise<Map<string, Scope>> {
  const movedTo = new Map<string, Scope>();
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

/**
 * A remote item without a mapping may be one we created whose answer was never stored (the run
 * stopped after sending): it carries the transactionId of the pending create, or, for resources
 * without transactionId, exactly the content we sent.
 */
function claimPendingCreate(ctx: ResourceRunContext, entry: RemoteEntry, remoteHash: string, snapshot: RemoteSnapshot): Mapping | undefined {
  const transactionId = typeof entry.transactionId === 'string' ? entry.transactionId : null;
  let pending = transactionId ? ctx.mappings.pendingByTransactionId(transactionId) : undefined;
  if (!pending && !transactionId) pending = ctx.mappings.pending().find((m) => m.localHash === remoteHash);
  if (!pending) return undefined;
  // As if our create's answer had been stored: the remote side is what we sent, unchanged since.
  patchMapping(ctx, pending, { remoteId: snapshot.id, remoteHash, changeKey: snapshot.changeKey, pendingCreateId: null });
  return pending;
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
  const { strapi } = ctx;
  const { failures } = options;
  return transaction(strapi, async () => {
    const locals = await ctx.local.find(items.map((i) => i.mapping?.localId).filter((id): id is string => Boolean(id)));
    const writes = emptyLocalWrites();
    const changes = emptyMappingChanges();
    // A mapped entry that left the mailbox is no local delete: its item is taken as new to the mailbox.
    const missing = items.flatMap((i) => (i.mapping?.localId && !locals.has(i.mapping.localId) ? [i.mapping] : []));
    const left = await forgetEntriesThatLeft(ctx, missing, changes);
    for (const item of items) if (item.mapping && left.has(item.mapping)) item.mapping = undefined;
    // What each local write is for, by its key, to finish the mapping once the entry is written.
    const afterWrite = new Map<string, { mapping: Mapping; remoteHash: string; changeKey: string | null; scope: Scope }>();
    const now = new Date();

    for (const item of items) {
      const { mapping, snapshot } = item;
      const entry: LocalEntry | undefined = mapping?.localId ? locals.get(mapping.localId) : undefined;
      const localState = entry ? guarded(ctx, failures, scope, item.remoteId, () => localSide(ctx, entry), entry.documentId) : null;
      if (localState === undefined) continue;
      const remoteState: SideState | null = snapshot ? { hash: item.remoteHash!, modifiedAt: snapshot.modifiedAt, changeKey: snapshot.changeKey } : null;
      const mappingState: MappingSnapshot | null =
        mapping && mapping.remoteId ? { localHash: mapping.localHash ?? '', remoteHash: mapping.remoteHash ?? '', changeKey: mapping.changeKey } : null;
      const decision = reconcile({
        mapping: mappingState,
        local: localState,
        remote: remoteState,
        direction: ctx.settings.direction,
        conflictResolution: ctx.settings.conflictResolution,
      });
      if (decision.conflict) ctx.result.conflicts++;
      if (item.claimed) changes.update.push(mapping!);
      // Listed again: a deletion staged or held for it no longer stands.
      if (mapping?.held?.side === 'strapi' && snapshot) {
        patchMapping(ctx, mapping, { held: null });
        changes.update.push(mapping);
      }
      if (mapping?.awaitingDelta && snapshot && mapping.remoteId === snapshot.id) {
        patchMapping(ctx, mapping, { awaitingDelta: false });
        changes.update.push(mapping);
      }
      const itemScope = item.scope ?? scope;
      // Listed in another of the run's scopes than the one it was stored in (moved with its id kept):
      // it belongs there now, whatever the decision, so the old scope's removal no longer touches it.
      if (mapping && snapshot && mapping.scope && mapping.scope !== itemScope.key && isLiveScope(ctx, itemScope.key)) {
        patchMapping(ctx, mapping, { scope: itemScope.key, remoteParentId: itemScope.remoteParentId ?? null });
        changes.update.push(mapping);
      }
      if (mapping && snapshot && !mapping.viaReference && ctx.fetchedReferences.has(snapshot.id)) {
        patchMapping(ctx, mapping, { viaReference: true });
        changes.update.push(mapping);
      }

      switch (decision.action.kind) {
        case 'none':
          break;
        case 'link': {
          patchMapping(ctx, mapping!, { localHash: localState!.hash, remoteHash: remoteState!.hash, changeKey: snapshot!.changeKey, syncedAt: now });
          changes.update.push(mapping!);
          break;
        }
        case 'create-local':
        case 'update-local': {
          const key = item.remoteId;
          const data = guarded(ctx, failures, scope, key, () => ctx.adapter.toLocalData(snapshot!.fields, itemScope));
          if (!data) break;
          let target = mapping;
          if (!target) {
            target = newMapping(ctx, scope);
            changes.insert.push(target);
          } else changes.update.push(target);
          // Restored from Microsoft (an edit there beats Strapi's held delete): nothing is held any more.
          patchMapping(ctx, target, { held: null });
          if (entry) {
            writes.update.push({ key, id: entry.id, data });
            ctx.result.pulled.updated++;
          } else {
            writes.create.push({ key, data });
            ctx.result.pulled.created++;
          }
          afterWrite.set(key, { mapping: target, remoteHash: remoteState!.hash, changeKey: snapshot!.changeKey, scope: itemScope });
          break;
        }
        case 'delete-local':
          if (entry) {
            // Staged, not done: the breaker decides once the whole pull is in (deletion-guard.ts).
            if (!heldOn(mapping!, 'strapi', 'held')) patchMapping(ctx, mapping!, { held: { side: 'strapi', state: 'staged', at: now, title: titleOf(entry) } });
            changes.update.push(mapping!);
            break;
          }
          ctx.mappings.remove(mapping!);
          changes.remove.push(mapping!);
          break;
        case 'forget':
          ctx.mappings.remove(mapping!);
          changes.remove.push(mapping!);
          break;
        case 'create-remote':
          // Microsoft deleted it but the Strapi entry must stay there: a new create, sent by the push step.
          patchMapping(ctx, mapping!, { remoteId: null, remoteHash: null, changeKey: null, pendingCreateId: newTransactionId() });
          changes.update.push(mapping!);
          ctx.handedOver.add(mapping!);
          break;
        case 'update-remote':
          // Strapi's version wins: remember Microsoft's current state so the push step's If-Match holds.
          patchMapping(ctx, mapping!, { remoteHash: remoteState!.hash, changeKey: snapshot!.changeKey });
          changes.update.push(mapping!);
          ctx.handedOver.add(mapping!);
          break;
        case 'delete-remote':
          // The mapping without its entry is what tells the push step to delete.
          ctx.handedOver.add(mapping!);
          break;
      }
    }

    const written = await ctx.local.apply(writes);
    for (const [key, { mapping, remoteHash, changeKey, scope: itemScope }] of afterWrite) {
      const entry = written.get(key);
      if (!entry) throw new Error(`the local write for ${key} did not come back`);
      patchMapping(ctx, mapping, {
        viaReference: mapping.viaReference || ctx.fetchedReferences.has(key),
        localId: String(entry.documentId),
        localHash: localSide(ctx, entry).hash,
        remoteId: key,
        remoteHash,
        changeKey,
        pendingCreateId: null,
        scope: itemScope.key,
        remoteParentId: itemScope.remoteParentId ?? null,
        syncedAt: now,
      });
    }
    await saveMappings(strapi, changes);
    const committed = await settlePulledItems(ctx, failures, options.handled);
    if (options.cursor) {
      const { cursor, link, window } = options.cursor;
      cursor.link = link;
      if (window !== undefined) {
        cursor.windowStart = window?.start ?? null;
        cursor.windowEnd = window?.end ?? null;
      }
      await saveCursor(strapi, cursor);
    }
    if (options.checkpoints) await ctx.checkpoint('pull:before-commit');
    return { created: writes.create.map((c) => written.get(c.key)).filter((e): e is LocalEntry => Boolean(e)), committed };
  });
}

/** Runs one item's mapping code; an error of the item's own quarantines it (recorded in `failures`), any other stops the page. */
function guarded<T>(ctx: ResourceRunContext, failures: Map<string, ItemFailure>, scope: Scope, remoteId: string, work: () => T, localId?: string): T | undefined {
  try {
    return work();
  } catch (error) {
    if (!isItemFailure(error)) throw error;
    failures.set(remoteId, itemFailure('pull', error, { scope: scope.key, remoteId, localId: localId ?? ctx.mappings.byRemoteId(remoteId)?.localId ?? null }));
    return undefined;
  }
}

/** Runs one item's mapping code; an error (an adapter's ItemError or any other) is recorded for that item only. */
export function safely<T>(ctx: ResourceRunContext, itemId: string, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    ctx.result.errors.push(toSyncError(error, `item ${itemId}`));
    return undefined;
  }
}
