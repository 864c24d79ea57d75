// Decide, the pull's second phase: what each gathered entry means for Strapi, by the reconciler, against
// the mapping and the page's local entries. No I/O: both functions take a DecideContext (neither Strapi
// nor Graph). planItems reads the entries; decideItems plans the local writes and changes the mappings in
// memory, which the apply phase (pull.ts) stores in one transaction or, when that fails, rolls back
// (MappingIndex.rollback).
import { heldOn, titleOf } from './deletion-guard';
import { INSTEAD_OF_WRITING_MICROSOFT, reconcile, type MappingSnapshot, type ReconcileActionKind, type SideState } from './reconcile';
import { countRefused } from './run-types';
import { hashOf, keptInStrapi, localSide, remoteAudienceHashOf, withFieldsOf, newMapping, newTransactionId, patchMapping, type DecideContext } from './context';
import { emptyLocalWrites, type LocalEntry, type LocalWrites } from './local-entries';
import type { ItemFailure } from './quarantine';
import type { RemoteEntry, RemoteSnapshot, Scope } from './resources/types';
import type { Mapping, MappingChanges } from './store';
import { guarded, isLiveScope, storedIdOf, type Page, type PlannedItem } from './pull-page';

/**
 * Each entry as the reconciler needs it: its snapshot and hash, its mapping (or the pending create it
 * turns out to be), its scope. An entry the adapter cannot read is set aside in `failures`.
 */
export function planItems(ctx: DecideContext, page: Page, entries: readonly RemoteEntry[], failures: Map<string, ItemFailure>): PlannedItem[] {
  const { scope, options } = page;
  const items: PlannedItem[] = [];
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
  return items;
}

/**
 * A remote item without a mapping may be one we created whose answer was never stored (the run
 * stopped after sending): it carries the transactionId of the pending create, or, for resources
 * without transactionId, exactly the content we sent.
 */
function claimPendingCreate(ctx: Pick<DecideContext, 'mappings' | 'adapter' | 'settings'>, entry: RemoteEntry, remoteHash: string, snapshot: RemoteSnapshot): Mapping | undefined {
  const transactionId = typeof entry.transactionId === 'string' ? entry.transactionId : null;
  let pending = transactionId ? ctx.mappings.pendingByTransactionId(transactionId) : undefined;
  if (!pending && !transactionId) pending = ctx.mappings.pending().find((m) => m.localHash === remoteHash);
  if (!pending) return undefined;
  // As if our create's answer had been stored: the remote side is what we sent, unchanged since.
  patchMapping(ctx, pending, { remoteId: snapshot.id, remoteHash, remoteAudienceHash: remoteAudienceHashOf(ctx, snapshot.fields), changeKey: snapshot.changeKey, pendingCreateId: null });
  return pending;
}

/** A local write and what its mapping becomes once the entry is written (its documentId known). */
/** Such an item follows Microsoft whatever the direction and conflict policy say; each time is counted. */
function followingMicrosoft(ctx: Pick<DecideContext, 'result'>, kind: ReconcileActionKind): ReconcileActionKind {
  const followed = INSTEAD_OF_WRITING_MICROSOFT[kind];
  if (!followed) return kind;
  countRefused(ctx.result, 'not-organizer');
  return followed;
}

/** What the mapping knows of whether Strapi may write the item, after Microsoft's latest answer. */
const readOnlyAfter = (mapping: Mapping | undefined, snapshot: RemoteSnapshot): boolean => (snapshot.readOnly === undefined ? Boolean(mapping?.remoteReadOnly) : Boolean(snapshot.readOnly));

export interface AfterWrite {
  mapping: Mapping;
  remoteHash: string;
  remoteAudienceHash: string | null;
  changeKey: string | null;
  scope: Scope;
}

export interface PagePlan {
  writes: LocalWrites;
  /** By the write's key (the remote id). */
  afterWrite: Map<string, AfterWrite>;
}

export interface DecideInput {
  scope: Scope;
  items: readonly PlannedItem[];
  /** The page's mapped local entries, by documentId. */
  locals: ReadonlyMap<string, LocalEntry>;
  /** Where an item whose mapping code fails is set aside. */
  failures: Map<string, ItemFailure>;
  /** Mapping rows to store with the page. */
  changes: MappingChanges;
  now: Date;
}

/** The reconciler's decision for every item, as local writes and mapping changes; no I/O. */
export function decideItems(ctx: DecideContext, { scope, items, locals, failures, changes, now }: DecideInput): PagePlan {
  const writes = emptyLocalWrites();
  const afterWrite = new Map<string, AfterWrite>();

  for (const item of items) {
    const { mapping, snapshot } = item;
    const entry: LocalEntry | undefined = mapping?.localId ? locals.get(mapping.localId) : undefined;
    const localState = entry ? guarded(ctx, failures, scope, item.remoteId, () => localSide(ctx, entry), entry.documentId) : null;
    if (localState === undefined) continue;
    // Microsoft's version as Strapi reads it: with Strapi's own values of what was never sent there.
    const kept = localState ? keptInStrapi(mapping) : [];
    const remoteFields = snapshot && kept.length ? withFieldsOf(snapshot.fields, localState!.fields, kept) : snapshot?.fields;
    const remoteHash = remoteFields && remoteFields !== snapshot?.fields ? hashOf(remoteFields) : item.remoteHash;
    const remoteState: SideState | null = snapshot ? { hash: remoteHash!, modifiedAt: snapshot.modifiedAt, changeKey: snapshot.changeKey } : null;
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
    if (mapping && snapshot && Boolean(mapping.remoteReadOnly) !== readOnlyAfter(mapping, snapshot)) {
      patchMapping(ctx, mapping, { remoteReadOnly: readOnlyAfter(mapping, snapshot) });
      changes.update.push(mapping);
    }
    if (mapping && snapshot && !mapping.viaReference && ctx.fetchedReferences.has(snapshot.id)) {
      patchMapping(ctx, mapping, { viaReference: true });
      changes.update.push(mapping);
    }

    const kind = mapping?.remoteReadOnly ? followingMicrosoft(ctx, decision.action.kind) : decision.action.kind;
    switch (kind) {
      case 'none':
        break;
      case 'link': {
        patchMapping(ctx, mapping!, {
          localHash: localState!.hash,
          remoteHash: remoteState!.hash,
          remoteAudienceHash: remoteAudienceHashOf(ctx, remoteFields!),
          changeKey: snapshot!.changeKey,
          syncedAt: now,
        });
        changes.update.push(mapping!);
        break;
      }
      case 'create-local':
      case 'update-local': {
        const key = item.remoteId;
        const data = guarded(ctx, failures, scope, key, () => ctx.adapter.toLocalData(remoteFields!, itemScope));
        if (!data) break;
        let target = mapping;
        if (!target) {
          target = { ...newMapping(ctx, scope), remoteReadOnly: readOnlyAfter(undefined, snapshot!) };
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
        afterWrite.set(key, { mapping: target, remoteHash: remoteState!.hash, remoteAudienceHash: remoteAudienceHashOf(ctx, remoteFields!), changeKey: snapshot!.changeKey, scope: itemScope });
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
        patchMapping(ctx, mapping!, { remoteId: null, remoteHash: null, remoteAudienceHash: null, keptInStrapi: null, changeKey: null, pendingCreateId: newTransactionId() });
        changes.update.push(mapping!);
        ctx.handedOver.add(mapping!);
        break;
      case 'update-remote':
        // Strapi's version wins: remember Microsoft's current state so the push step's If-Match holds.
        patchMapping(ctx, mapping!, { remoteHash: remoteState!.hash, remoteAudienceHash: remoteAudienceHashOf(ctx, remoteFields!), changeKey: snapshot!.changeKey });
        changes.update.push(mapping!);
        ctx.handedOver.add(mapping!);
        break;
      case 'delete-remote':
        // The mapping without its entry is what tells the push step to delete.
        ctx.handedOver.add(mapping!);
        break;
    }
  }
  return { writes, afterWrite };
}
