// The push side: compare every local entry of the mailbox with its mapping, plan with the reconciler
// (Microsoft's side taken as it was at the last sync, or as the pull step just recorded it), then
// send the writes in $batch envelopes with If-Match on the change key, and store the answers.
//
// Crash safety: a create is first stored as a pending mapping carrying its transactionId, so a run
// stopped after sending re-sends the same id (Graph answers with the event it already made) or finds
// the event in the next delta by that id. Updates and deletes need no such guard: re-planned from
// the stored mapping they either repeat harmlessly or meet equal content and only refresh it.
import { batchPartError, type BatchRequest, type BatchResponse } from '../graph';
import { reconcile } from './reconcile';
import { hashOf, localSide, newMapping, newTransactionId, patchMapping, toSyncError, withPrefer, type ResourceRunContext } from './context';
import { emptyLocalWrites, type LocalEntry } from './local-entries';
import { transaction } from './db';
import { breakerTrips, heldOn, holdPushedDeletions } from './deletion-guard';
import { forgetEntriesThatLeft } from './left-mailbox';
import { applyRemotePage, removalOf, safely } from './pull';
import { fetchRemoteItems, itemUrl } from './remote-fetch';
import { isItemFailure, notePushFailure, settlePushedEntries } from './quarantine';
import type { RemoteEntry, RemoteWrite, Scope, SyncedFields } from './resources/types';
import { emptyMappingChanges, saveMappings, type Mapping } from './store';

type PushKind = 'create' | 'update' | 'delete';

/** Microsoft's answer to a write, which becomes Strapi's content too. */
interface WriteBack {
  mapping: Mapping;
  scope: Scope;
  fields: SyncedFields;
}

interface PushPlan {
  kind: PushKind;
  mapping: Mapping;
  scope: Scope;
  write: RemoteWrite;
  /** Hash of the local fields sent (creates and updates). */
  localHash: string | null;
  /** A delete Strapi asked for (not the old item of a move): the deletion breaker counts it. */
  guarded?: boolean;
}

/** The push, then its quarantine: entries that failed on their own are kept aside, the others leave it. */
export async function pushLocalChanges(ctx: ResourceRunContext): Promise<void> {
  await pushChanges(ctx);
  await settlePushedEntries(ctx);
}

async function pushChanges(ctx: ResourceRunContext): Promise<void> {
  // Local entries are read a page at a time; only those a write was planned for are kept (write-back).
  const seen = new Set<string>();
  const locals = new Map<string, LocalEntry>();
  const plans: PushPlan[] = [];
  const reverts: Mapping[] = [];
  const changes = emptyMappingChanges();
  const now = new Date();

  const discovered = ctx.adapter.discoveredScopes;
  const plan = async (mapping: Mapping | undefined, entry: LocalEntry | undefined): Promise<void> => {
    const local = entry ? pushSafely(ctx, { localId: entry.documentId, mapping }, () => localSide(ctx, entry)) : null;
    if (local === undefined) return;
    const known = mapping?.remoteId ? mapping : undefined;
    const decision = reconcile({
      mapping: known ? { localHash: known.localHash ?? '', remoteHash: known.remoteHash ?? '', changeKey: known.changeKey } : null,
      local: local ? { hash: local.hash, modifiedAt: local.modifiedAt } : null,
      remote: known ? { hash: known.remoteHash ?? '', changeKey: known.changeKey, modifiedAt: null } : null,
      direction: ctx.settings.direction,
      conflictResolution: ctx.settings.conflictResolution,
    });
    if (decision.conflict && !(mapping && ctx.handedOver.has(mapping))) ctx.result.conflicts++;
    switch (decision.action.kind) {
      case 'create-remote': {
        const scope = mapping?.scope ? scopeOfMapping(ctx, mapping) : await chooseScope(ctx, entry!.documentId, local!.fields);
        if (!scope) break;
        // A pending create keeps its transactionId: the create may already have reached Microsoft.
        const transactionId = mapping?.pendingCreateId ?? newTransactionId();
        const write = pushSafely(ctx, { localId: entry!.documentId, mapping, scope }, () => ctx.adapter.createRemote(ctx.mailbox.address, scope, local!.fields, transactionId));
        if (!write) break;
        let target = mapping;
        if (!target) {
          target = newMapping(ctx, scope);
          patchMapping(ctx, target, { localId: entry!.documentId, localHash: local!.hash, pendingCreateId: transactionId });
          changes.insert.push(target);
        }
        plans.push({ kind: 'create', mapping: target, scope, localHash: local!.hash, write });
        break;
      }
      case 'update-remote': {
        const current = scopeOfMapping(ctx, mapping!);
        if (discovered && pushSafely(ctx, { localId: entry!.documentId, mapping }, () => discovered.leftBy(current, local!.fields))) {
          await planMove(mapping!, entry!, local!);
          break;
        }
        const write = pushSafely(ctx, { localId: entry!.documentId, mapping }, () => ctx.adapter.updateRemote(ctx.mailbox.address, mapping!.remoteId!, local!.fields, mapping!.changeKey));
        if (write) plans.push({ kind: 'update', mapping: mapping!, scope: current, localHash: local!.hash, write });
        break;
      }
      case 'delete-remote': {
        const write = pushSafely(ctx, { localId: mapping!.localId ?? mapping!.remoteId!, mapping }, () => ctx.adapter.deleteRemote(ctx.mailbox.address, mapping!.remoteId!, mapping!.changeKey));
        if (write) plans.push({ kind: 'delete', mapping: mapping!, scope: scopeOfMapping(ctx, mapping!), localHash: null, write, guarded: true });
        break;
      }
      case 'create-local':
      case 'update-local':
        // One-way from Microsoft: the entry goes back to Microsoft's version, which must be read first.
        reverts.push(mapping!);
        break;
      case 'link':
        patchMapping(ctx, mapping!, { localHash: local!.hash, syncedAt: now });
        changes.update.push(mapping!);
        break;
      case 'forget':
        ctx.mappings.remove(mapping!);
        changes.remove.push(mapping!);
        break;
      case 'none':
        // A pending create the direction no longer allows: nothing was made, nothing to remember.
        if (mapping && !mapping.remoteId) {
          ctx.mappings.remove(mapping);
          changes.remove.push(mapping);
        }
        break;
    }
  };

  /**
   * The entry moved to another scope (a task to another To Do list), which Graph cannot do in place:
   * the entry becomes a pending create in its new scope, and the old item is kept as a mapping without
   * an entry, which is what makes the next steps (this run's or, after a crash, the next) delete it.
   */
  const planMove = async (mapping: Mapping, entry: LocalEntry, local: { fields: SyncedFields; hash: string }) => {
    const target = await chooseScope(ctx, entry.documentId, local.fields);
    if (!target) return;
    const transactionId = newTransactionId();
    const write = pushSafely(ctx, { localId: entry.documentId, mapping, scope: target }, () => ctx.adapter.createRemote(ctx.mailbox.address, target, local.fields, transactionId));
    if (!write) return;
    const old = newMapping(ctx, scopeOfMapping(ctx, mapping));
    patchMapping(ctx, old, { remoteId: mapping.remoteId, remoteHash: mapping.remoteHash, localHash: mapping.localHash, changeKey: mapping.changeKey, syncedAt: now });
    changes.insert.push(old);
    const remove = pushSafely(ctx, { localId: entry.documentId, mapping: old }, () => ctx.adapter.deleteRemote(ctx.mailbox.address, old.remoteId!, old.changeKey));
    if (remove) plans.push({ kind: 'delete', mapping: old, scope: scopeOfMapping(ctx, old), localHash: null, write: remove });
    patchMapping(ctx, mapping, { remoteId: null, remoteHash: null, changeKey: null, localHash: local.hash, pendingCreateId: transactionId, scope: target.key, remoteParentId: target.remoteParentId ?? null });
    changes.update.push(mapping);
    plans.push({ kind: 'create', mapping, scope: target, localHash: local.hash, write });
  };

  const planEntry = async (mapping: Mapping | undefined, entry: LocalEntry) => {
    const planned = plans.length;
    await plan(mapping, entry);
    if (plans.length > planned) locals.set(entry.documentId, entry);
  };
  for await (const page of ctx.local.pages(ctx.pageSize)) {
    for (const [documentId, entry] of page) {
      seen.add(documentId);
      const mapping = ctx.mappings.byLocalId(documentId);
      // Its deletion in Strapi is staged or held (Microsoft deleted the item): nothing to send until reviewed.
      if (mapping?.held) continue;
      if (!mapping || !mapping.remoteId) {
        await planEntry(mapping, entry);
        continue;
      }
      // Unchanged since the last sync and in step with Microsoft: nothing to plan.
      const hash = pushSafely(ctx, { localId: documentId, mapping }, () => localSide(ctx, entry).hash);
      if (hash === undefined) continue;
      if (hash !== mapping.localHash || mapping.localHash !== mapping.remoteHash) await planEntry(mapping, entry);
    }
  }
  const unseen = ctx.mappings.all().filter((m) => !(m.localId && seen.has(m.localId)));
  const left = await forgetEntriesThatLeft(ctx, unseen.filter((m) => m.remoteId), changes);
  for (const mapping of unseen) {
    if (left.has(mapping)) continue;
    // Held for review, or to be restored from Microsoft: only an approved deletion goes ahead.
    if (mapping.held && !heldOn(mapping, 'microsoft', 'approved')) continue;
    if (!mapping.remoteId) {
      // The entry of a pending create was deleted before its create was confirmed.
      ctx.mappings.remove(mapping);
      changes.remove.push(mapping);
      continue;
    }
    await plan(mapping, undefined);
  }

  if (reverts.length > 0) await revertToRemote(ctx, reverts);
  await holdMassDeletions(ctx, plans);

  await ctx.checkpoint('push:planned');
  await saveMappings(ctx.strapi, changes);
  if (plans.length === 0) return;
  await ctx.checkpoint('push:pending-stored');

  const requests: BatchRequest[] = plans.map((p, index) => ({ id: String(index + 1), method: p.write.method, url: p.write.url, body: p.write.body, headers: withPrefer(p.write.headers) }));
  // Re-sending a POST after a timeout is safe only when Graph de-duplicates it by transactionId.
  const retryUnsafe = plans.every((p) => p.kind !== 'create' || hasTransactionId(p.write.body));
  const responses = await ctx.gateway.batch(requests, { counter: ctx.counter, retryUnsafe });
  await ctx.checkpoint('push:sent');

  const stored = emptyMappingChanges();
  const writeBacks: WriteBack[] = [];
  responses.forEach((response, index) => settle(ctx, plans[index]!, requests[index]!, response, stored, now, writeBacks));
  // The answers and Strapi's copy of them land together: a crash before this leaves the old mapping,
  // and the next run re-plans the same writes (If-Match then tells it Microsoft changed meanwhile).
  await transaction(ctx.strapi, async () => {
    await writeBackAnswers(ctx, locals, writeBacks);
    await saveMappings(ctx.strapi, stored);
  });
  await ctx.checkpoint('push:stored');
}

/** Strapi's deletions of this run, unless approved, are held when they trip the breaker; the plans keep the rest. */
async function holdMassDeletions(ctx: ResourceRunContext, plans: PushPlan[]): Promise<void> {
  const deletions = plans.filter((p) => p.guarded && !heldOn(p.mapping, 'microsoft', 'approved'));
  if (deletions.length === 0 || !breakerTrips(deletions.length, ctx.mappings.size, ctx.settings.deletionGuard)) return;
  const held = new Set(deletions);
  await holdPushedDeletions(ctx, deletions.map((p) => p.mapping));
  plans.splice(0, plans.length, ...plans.filter((p) => !held.has(p)));
}

/**
 * Microsoft may store what we sent in its own form (To Do spells a list the way the list is named, not
 * the way the Strapi entry typed it), or fill what the entry left empty (a completion time). Left alone,
 * the two sides might never hash the same (every later run would see a conflict and send the write
 * again), or Strapi would show less than Microsoft holds; so Strapi takes Microsoft's answer.
 */
async function writeBackAnswers(ctx: ResourceRunContext, locals: Map<string, LocalEntry>, writeBacks: WriteBack[]): Promise<void> {
  const writes = emptyLocalWrites();
  const byKey = new Map<string, WriteBack>();
  for (const writeBack of writeBacks) {
    const entry = writeBack.mapping.localId ? locals.get(writeBack.mapping.localId) : undefined;
    if (!entry) continue;
    const data = safely(ctx, entry.documentId, () => ctx.adapter.toLocalData(writeBack.fields, writeBack.scope));
    if (!data) continue;
    writes.update.push({ key: entry.documentId, id: entry.id, data });
    byKey.set(entry.documentId, writeBack);
  }
  if (writes.update.length === 0) return;
  const written = await ctx.local.apply(writes);
  for (const [key, writeBack] of byKey) {
    const entry = written.get(key);
    if (entry) patchMapping(ctx, writeBack.mapping, { localHash: localSide(ctx, entry).hash });
  }
}

function settle(
  ctx: ResourceRunContext,
  plan: PushPlan,
  request: BatchRequest,
  response: BatchResponse,
  stored: ReturnType<typeof emptyMappingChanges>,
  now: Date,
  writeBacks: WriteBack[],
): void {
  const { mapping } = plan;
  const ok = response.status >= 200 && response.status < 300;
  if (ok && plan.kind === 'delete') {
    ctx.mappings.remove(mapping);
    stored.remove.push(mapping);
    ctx.result.pushed.deleted++;
    return;
  }
  if (ok) {
    const body = response.body && typeof response.body === 'object' ? (response.body as RemoteEntry) : null;
    const snapshot = body ? ctx.adapter.fromRemote(body, plan.scope) : null;
    if (!snapshot) {
      ctx.result.errors.push({ code: 'unexpected_response', message: `${request.method} ${request.url}: Microsoft's answer is not a ${ctx.adapter.resource} item` });
      return;
    }
    const remoteHash = hashOf(snapshot.fields);
    // A re-sent create is answered with the item the first attempt made: if the entry was edited in
    // between, Microsoft holds the content stored with the pending create, and the edit stays to push.
    const editedSinceSent = plan.kind === 'create' && remoteHash !== plan.localHash && Boolean(mapping.localHash) && mapping.localHash !== plan.localHash;
    const localHash = plan.kind === 'create' && remoteHash !== plan.localHash && mapping.localHash ? mapping.localHash : plan.localHash;
    // Strapi takes Microsoft's answer (unless the entry was edited since it was sent): Microsoft's form
    // of a value, or a value the entry left to be filled (a task completed without completedAt), may
    // differ from the entry even where the synced fields hash the same.
    if (!editedSinceSent) writeBacks.push({ mapping, scope: plan.scope, fields: snapshot.fields });
    patchMapping(ctx, mapping, {
      remoteId: snapshot.id,
      remoteHash,
      changeKey: snapshot.changeKey,
      localHash,
      pendingCreateId: null,
      awaitingDelta: plan.kind === 'create' || mapping.awaitingDelta,
      scope: plan.scope.key,
      remoteParentId: plan.scope.remoteParentId ?? null,
      syncedAt: now,
    });
    stored.update.push(mapping);
    if (plan.kind === 'create') ctx.result.pushed.created++;
    else ctx.result.pushed.updated++;
    return;
  }
  if (response.status === 404 && plan.kind === 'delete') {
    // Already gone in Microsoft: the goal is reached.
    ctx.mappings.remove(mapping);
    stored.remove.push(mapping);
    return;
  }
  if (response.status === 412 || (response.status === 404 && plan.kind === 'update')) {
    // Changed (or deleted) in Microsoft since we looked: a conflict the next pull settles, since the
    // delta will carry that change. Nothing was overwritten blind.
    ctx.result.conflicts++;
    return;
  }
  const error = batchPartError(request, response);
  // Refused as it stands (an oversized or invalid field): that entry is quarantined, the others go on.
  if (isItemFailure(error) && (mapping.localId ?? mapping.remoteId)) {
    notePushFailure(ctx, error, { scope: plan.scope.key, remoteId: mapping.remoteId, localId: (mapping.localId ?? mapping.remoteId)! });
    return;
  }
  ctx.result.errors.push(toSyncError(error, `${plan.kind} of ${mapping.localId ?? mapping.remoteId}`));
}

/** Runs one entry's mapping code for the push; an error of the entry's own quarantines it, any other is the run's. */
function pushSafely<T>(ctx: ResourceRunContext, ids: { localId: string; mapping?: Mapping | undefined; scope?: Scope }, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    if (!isItemFailure(error)) throw error;
    notePushFailure(ctx, error, { scope: ids.scope?.key ?? ids.mapping?.scope ?? null, remoteId: ids.mapping?.remoteId ?? null, localId: ids.localId });
    return undefined;
  }
}

/** One-way from Microsoft: read Microsoft's copy of each reverted entry and apply it like a pulled item. */
export async function revertToRemote(ctx: ResourceRunContext, mappings: Mapping[]): Promise<void> {
  // An item that cannot be read (a read-only resource without a read URL, a cancelled occurrence)
  // cannot be restored from Microsoft: the entry is left as it is.
  const wanted = mappings.flatMap((m) => {
    try {
      return [{ id: m.remoteId!, url: itemUrl(ctx, m.remoteId!) }];
    } catch {
      return [];
    }
  });
  const outcomes = await fetchRemoteItems(ctx, wanted);
  await ctx.checkpoint('revert:fetched');
  const byScope = new Map<string, { scope: Scope; entries: RemoteEntry[] }>();
  for (const mapping of mappings) {
    const outcome = outcomes.get(mapping.remoteId!);
    if (!outcome) continue;
    if (outcome.kind === 'error') {
      ctx.result.errors.push(outcome.error);
      continue;
    }
    const entry: RemoteEntry = outcome.kind === 'found' ? outcome.entry : removalOf(mapping.remoteId!);
    const key = mapping.scope ?? '';
    const group = byScope.get(key) ?? { scope: scopeOfMapping(ctx, mapping), entries: [] };
    group.entries.push(entry);
    byScope.set(key, group);
  }
  for (const { scope, entries } of byScope.values()) await applyRemotePage(ctx, scope, entries, { checkpoints: false });
}

/**
 * Where a new local entry goes: the scope the adapter picks (a task's list by name), created in
 * Microsoft first when it does not exist yet; else the resource's first scope.
 */
async function chooseScope(ctx: ResourceRunContext, documentId: string, fields: SyncedFields): Promise<Scope | null> {
  const discovered = ctx.adapter.discoveredScopes;
  if (!discovered) return ctx.scopes[0] ?? null;
  const found = pushSafely(ctx, { localId: documentId }, () => discovered.forLocal(fields, ctx.scopes));
  if (found !== null) return found ?? null;
  try {
    const write = discovered.create(ctx.mailbox.address, fields);
    const created = await ctx.gateway.request<Record<string, unknown>>({ method: write.method, url: write.url, body: write.body, headers: write.headers }, ctx.counter);
    const scope = discovered.fromCreated(created);
    ctx.scopes.push(scope);
    return scope;
  } catch (error) {
    ctx.result.errors.push(toSyncError(error, `creating the scope of ${documentId}`));
    return null;
  }
}

/** A mapping's scope, even when it is no longer among the run's scopes (a deleted list). */
function scopeOfMapping(ctx: ResourceRunContext, mapping: Mapping): Scope {
  return ctx.scopes.find((s) => s.key === mapping.scope) ?? { key: mapping.scope ?? '', ...(mapping.remoteParentId ? { remoteParentId: mapping.remoteParentId } : {}) };
}

function hasTransactionId(body: unknown): boolean {
  return Boolean(body && typeof body === 'object' && typeof (body as { transactionId?: unknown }).transactionId === 'string');
}
