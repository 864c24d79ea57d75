// The push side, in the pull's three phases: gather (every local entry of the mailbox, a page at a time,
// with its mapping), decide (push-decide.ts: the reconciler per entry, Microsoft's side taken as it was
// at the last sync or as the pull step just recorded it) and apply (store the plan, send the writes in
// $batch envelopes with If-Match on the change key, store the answers).
//
// Crash safety: a create is first stored as a pending mapping carrying its transactionId, so a run
// stopped after sending re-sends the same id (Graph answers with the event it already made) or finds
// the event in the next delta by that id. Updates and deletes need no such guard: re-planned from
// the stored mapping they either repeat harmlessly or meet equal content and only refresh it.
import { batchPartError, type BatchRequest, type BatchResponse } from '../graph';
import { hashOf, localSide, remoteAudienceHashOf, withFieldsOf, patchMapping, toSyncError, withPrefer, type ResourceRunContext } from './context';
import { emptyLocalWrites, type LocalEntry } from './local-entries';
import { breakerTrips, heldOn, holdPushedDeletions } from './deletion-guard';
import { forgetEntriesThatLeft } from './left-mailbox';
import { safely } from './pull';
import { pullItems } from './read-items';
import { isItemFailure, notePushFailure, settlePushedEntries } from './quarantine';
import type { RemoteEntry, Scope, SyncedFields } from './resources/types';
import { decidePush, pushSafely, scopeOfMapping, type PushBook, type PushPlan } from './push-decide';
import { emptyMappingChanges, type Mapping } from './store';
import { canonicalJson, type SyncedValue } from './hash';

/** Microsoft's answer to a write, which becomes Strapi's content too. */
interface WriteBack {
  mapping: Mapping;
  scope: Scope;
  fields: SyncedFields;
  /** Fields the write left out (RemoteWrite.unsent): the entry keeps its own values of them. */
  unsent?: readonly string[];
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

  const book: PushBook = { plans, reverts, changes, now };
  /** Decides for one entry; a container it names that Microsoft lacks (a new To Do list) is created first. */
  const plan = async (mapping: Mapping | undefined, entry: LocalEntry | undefined): Promise<void> => {
    const wanted = decidePush(ctx, book, mapping, entry);
    if (!wanted) return;
    if (await createScope(ctx, entry!.documentId, wanted.fields)) decidePush(ctx, book, mapping, entry);
    else if (wanted.conflict) ctx.result.conflicts++;
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
  await ctx.local.saveMappings(changes);
  if (plans.length === 0) return;
  await ctx.checkpoint('push:pending-stored');

  const requests: BatchRequest[] = plans.map((p, index) => ({ id: String(index + 1), method: p.write.method, url: p.write.url, body: p.write.body, headers: withPrefer(p.write.headers) }));
  // Re-sending a POST after a timeout is safe only when Graph de-duplicates it by transactionId.
  const retryUnsafe = plans.every((p) => p.kind !== 'create' || hasTransactionId(p.write.body));
  const responses = await ctx.remote.batch(requests, { retryUnsafe });
  await ctx.checkpoint('push:sent');

  const stored = emptyMappingChanges();
  const writeBacks: WriteBack[] = [];
  responses.forEach((response, index) => settle(ctx, plans[index]!, requests[index]!, response, stored, now, writeBacks));
  // The answers and Strapi's copy of them land together: a crash before this leaves the old mapping,
  // and the next run re-plans the same writes (If-Match then tells it Microsoft changed meanwhile).
  await ctx.local.transaction(async () => {
    await writeBackAnswers(ctx, locals, writeBacks);
    await ctx.local.saveMappings(stored);
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
    // Microsoft's answer, with the entry's own values where the write did not send them: they are not Microsoft's to answer.
    const unsent = writeBack.unsent ?? [];
    const fields = unsent.length ? withFieldsOf(writeBack.fields, ctx.adapter.fromLocal(entry), unsent) : writeBack.fields;
    const data = safely(ctx, entry.documentId, () => ctx.adapter.toLocalData(fields, writeBack.scope));
    if (!data) continue;
    if (unsent.length) patchMapping(ctx, writeBack.mapping, { remoteHash: hashOf(fields), keptInStrapi: unsent.join(',') });
    // Usually Microsoft answers with what was sent: then the entry already holds it, and rewriting it
    // would cost one UPDATE per pushed item for nothing.
    if (holdsAlready(entry, data)) continue;
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

/**
 * True when writing `data` would leave the stored row as it is. Compared with the row itself, not with
 * the adapter's reading of it: the reading fills gaps (a task's completion time) that the row lacks.
 */
function holdsAlready(entry: LocalEntry, data: Record<string, unknown>): boolean {
  try {
    return Object.entries(data).every(([column, value]) => value === undefined || canonicalJson(asStored(value)) === canonicalJson(asStored(entry[column])));
  } catch {
    return false; // a value that cannot be compared is simply written
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A value as the row would hold it: a datetime as the database hands it back (ISO, milliseconds, UTC),
 * so '10:00Z' and '10:00:00.000Z' compare equal; an empty value (null, '', []) as null, since every
 * adapter reads them alike and Outlook and To Do keep no difference between them.
 */
function asStored(value: unknown): SyncedValue {
  if (value === '' || (Array.isArray(value) && value.length === 0)) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
  }
  return (value ?? null) as SyncedValue;
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
    if (!editedSinceSent) writeBacks.push({ mapping, scope: plan.scope, fields: snapshot.fields, ...(plan.write.unsent ? { unsent: plan.write.unsent } : {}) });
    patchMapping(ctx, mapping, {
      remoteId: snapshot.id,
      remoteHash,
      remoteAudienceHash: remoteAudienceHashOf(ctx, snapshot.fields),
      keptInStrapi: null,
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
  ctx.result.errors.push(toSyncError(error, `${plan.kind} of ${mapping.localId ?? mapping.remoteId}`, mapping));
}

/** One-way from Microsoft: Microsoft's copy of each reverted entry is pulled again and applied like a pulled item. */
export function revertToRemote(ctx: ResourceRunContext, mappings: Mapping[]): Promise<void> {
  // An item that cannot be read (a read-only resource without a read URL, a cancelled occurrence)
  // cannot be restored from Microsoft: the entry is left as it is.
  const items = mappings.map((m) => ({ scope: scopeOfMapping(ctx, m), remoteId: m.remoteId! }));
  return pullItems(ctx, items, () => ctx.checkpoint('revert:fetched'));
}

/** Creates in Microsoft the container a new entry names (a To Do list); false when Graph would not. */
async function createScope(ctx: ResourceRunContext, documentId: string, fields: SyncedFields): Promise<boolean> {
  const discovered = ctx.adapter.discoveredScopes;
  if (!discovered) return false;
  try {
    const write = discovered.create(ctx.mailbox.address, fields);
    const created = await ctx.remote.request<Record<string, unknown>>({ method: write.method, url: write.url, body: write.body, headers: write.headers });
    ctx.scopes.push(discovered.fromCreated(created));
    return true;
  } catch (error) {
    ctx.result.errors.push(toSyncError(error, `creating the scope of ${documentId}`));
    return false;
  }
}

function hasTransactionId(body: unknown): boolean {
  return Boolean(body && typeof body === 'object' && typeof (body as { transactionId?: unknown }).transactionId === 'string');
}
