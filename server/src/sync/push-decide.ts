// Decide, the push's middle phase: for one Strapi entry (or a mapping whose entry is gone), what to write
// to Microsoft, by the reconciler against its mapping (Microsoft's side as the last sync or this run's
// pull left it). No I/O: it takes a DecideContext (neither Strapi nor Graph), builds the Graph writes with
// the adapter and changes the mappings in memory. The push (push.ts) reads the entries, stores the plan,
// sends it in $batch and stores the answers.
//
// One thing it cannot do itself is create a container a new entry names (a To Do list that does not
// exist yet): it then answers with the fields that need one, and the push creates it and decides again.
import { INSTEAD_OF_WRITING_MICROSOFT, reconcile } from './reconcile';
import { localSide, newMapping, newTransactionId, patchMapping, type DecideContext } from './context';
import type { LocalEntry } from './local-entries';
import { isItemFailure, notePushFailure } from './quarantine';
import type { RemoteWrite, Scope, SyncedFields } from './resources/types';
import type { Mapping, MappingChanges } from './store';
import type { ReadOnlyReason } from '../../../shared/api';
import { countRefused } from './run-types';

export type PushKind = 'create' | 'update' | 'delete';

export interface PushPlan {
  kind: PushKind;
  mapping: Mapping;
  scope: Scope;
  write: RemoteWrite;
  /** Hash of the local fields sent (creates and updates). */
  localHash: string | null;
  /** A delete Strapi asked for (not the old item of a move): the deletion breaker counts it. */
  guarded?: boolean;
}

/** What the push's decisions add up to, entry after entry. */
export interface PushBook {
  plans: PushPlan[];
  /** One-way from Microsoft: entries to put back to Microsoft's version (read first, then applied like a pull). */
  reverts: Mapping[];
  /** Mapping rows to store before anything is sent (pending creates among them). */
  changes: MappingChanges;
  now: Date;
}

/** A new entry's container does not exist in Microsoft yet; `conflict` tells whether the decision was one. */
export interface ScopeWanted {
  fields: SyncedFields;
  conflict: boolean;
}

export function decidePush(ctx: DecideContext, book: PushBook, mapping: Mapping | undefined, entry: LocalEntry | undefined): ScopeWanted | null {
  const { plans, changes, now } = book;
  const local = entry ? pushSafely(ctx, { localId: entry.documentId, mapping }, () => localSide(ctx, entry)) : null;
  if (local === undefined) return null;
  const known = mapping?.remoteId ? mapping : undefined;
  const decision = reconcile({
    mapping: known ? { localHash: known.localHash ?? '', remoteHash: known.remoteHash ?? '', changeKey: known.changeKey } : null,
    local: local ? { hash: local.hash, modifiedAt: local.modifiedAt } : null,
    remote: known ? { hash: known.remoteHash ?? '', changeKey: known.changeKey, modifiedAt: null } : null,
    direction: ctx.settings.direction,
    conflictResolution: ctx.settings.conflictResolution,
  });
  const conflict = decision.conflict && !(mapping && ctx.handedOver.has(mapping));
  if (mapping?.remoteReadOnly && INSTEAD_OF_WRITING_MICROSOFT[decision.action.kind]) {
    refuseWrite(ctx, book, mapping, 'not-organizer');
    return null;
  }

  // Where the item goes, before anything changes: a container to create first ends the decision here.
  let target: Scope | null = null;
  let moving = false;
  if (decision.action.kind === 'create-remote' && !mapping?.scope) {
    const found = scopeForNew(ctx, entry!.documentId, local!.fields);
    if (found === 'missing') return { fields: local!.fields, conflict };
    target = found;
  } else if (decision.action.kind === 'update-remote') {
    const discovered = ctx.adapter.discoveredScopes;
    const current = scopeOfMapping(ctx, mapping!);
    moving = Boolean(discovered && pushSafely(ctx, { localId: entry!.documentId, mapping }, () => discovered.leftBy(current, local!.fields)));
    if (moving) {
      const found = scopeForNew(ctx, entry!.documentId, local!.fields);
      if (found === 'missing') return { fields: local!.fields, conflict };
      target = found;
    }
  }

  if (conflict) ctx.result.conflicts++;
  switch (decision.action.kind) {
    case 'create-remote': {
      const scope = mapping?.scope ? scopeOfMapping(ctx, mapping) : target;
      if (!scope) break;
      // A pending create keeps its transactionId: the create may already have reached Microsoft.
      const transactionId = mapping?.pendingCreateId ?? newTransactionId();
      const write = pushSafely(ctx, { localId: entry!.documentId, mapping, scope }, () => ctx.adapter.createRemote(ctx.mailbox.address, scope, local!.fields, transactionId, { settings: ctx.settings }));
      if (!write) break;
      let pending = mapping;
      if (!pending) {
        pending = newMapping(ctx, scope);
        patchMapping(ctx, pending, { localId: entry!.documentId, localHash: local!.hash, pendingCreateId: transactionId });
        changes.insert.push(pending);
      }
      plans.push({ kind: 'create', mapping: pending, scope, localHash: local!.hash, write });
      break;
    }
    case 'update-remote': {
      if (moving) {
        if (target) planMove(ctx, book, mapping!, entry!, local!, target);
        break;
      }
      const current = scopeOfMapping(ctx, mapping!);
      const options = { settings: ctx.settings, remoteAudienceHash: mapping!.remoteAudienceHash ?? null };
      const write = pushSafely(ctx, { localId: entry!.documentId, mapping }, () => ctx.adapter.updateRemote(ctx.mailbox.address, mapping!.remoteId!, local!.fields, mapping!.changeKey, options));
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
      book.reverts.push(mapping!);
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
  return null;
}

/**
 * A Strapi change to an item Strapi may not write (a meeting another mailbox organizes) is never sent.
 * In bidirectional mode it is put back to Microsoft's version (the revert reads it and the pull's
 * decision, followingMicrosoft, applies and counts it). One-way to Microsoft cannot put it back: the
 * entry stays as edited, counted here, and is refused again each run.
 */
function refuseWrite(ctx: DecideContext, book: PushBook, mapping: Mapping, reason: ReadOnlyReason): void {
  if (ctx.settings.direction === 'bidirectional') {
    book.reverts.push(mapping);
    return;
  }
  countRefused(ctx.result, reason);
}

/**
 * The entry moved to another scope (a task to another To Do list), which Graph cannot do in place:
 * the entry becomes a pending create in its new scope, and the old item is kept as a mapping without
 * an entry, which is what makes the next steps (this run's or, after a crash, the next) delete it.
 */
function planMove(ctx: DecideContext, book: PushBook, mapping: Mapping, entry: LocalEntry, local: { fields: SyncedFields; hash: string }, target: Scope): void {
  const { plans, changes, now } = book;
  const transactionId = newTransactionId();
  const write = pushSafely(ctx, { localId: entry.documentId, mapping, scope: target }, () => ctx.adapter.createRemote(ctx.mailbox.address, target, local.fields, transactionId, { settings: ctx.settings }));
  if (!write) return;
  const old = newMapping(ctx, scopeOfMapping(ctx, mapping));
  patchMapping(ctx, old, { remoteId: mapping.remoteId, remoteHash: mapping.remoteHash, remoteAudienceHash: mapping.remoteAudienceHash ?? null, localHash: mapping.localHash, changeKey: mapping.changeKey, syncedAt: now });
  changes.insert.push(old);
  const remove = pushSafely(ctx, { localId: entry.documentId, mapping: old }, () => ctx.adapter.deleteRemote(ctx.mailbox.address, old.remoteId!, old.changeKey));
  if (remove) plans.push({ kind: 'delete', mapping: old, scope: scopeOfMapping(ctx, old), localHash: null, write: remove });
  patchMapping(ctx, mapping, { remoteId: null, remoteHash: null, remoteAudienceHash: null, changeKey: null, localHash: local.hash, pendingCreateId: transactionId, scope: target.key, remoteParentId: target.remoteParentId ?? null });
  changes.update.push(mapping);
  plans.push({ kind: 'create', mapping, scope: target, localHash: local.hash, write });
}

/**
 * Where a new local entry goes: the scope the adapter picks (a task's list by name), 'missing' when
 * that container does not exist in Microsoft yet, null when the entry cannot say (quarantined); else
 * the resource's first scope.
 */
function scopeForNew(ctx: DecideContext, documentId: string, fields: SyncedFields): Scope | null | 'missing' {
  const discovered = ctx.adapter.discoveredScopes;
  if (!discovered) return ctx.scopes[0] ?? null;
  const found = pushSafely(ctx, { localId: documentId }, () => discovered.forLocal(fields, ctx.scopes));
  if (found === undefined) return null;
  return found ?? 'missing';
}

/** A mapping's scope, even when it is no longer among the run's scopes (a deleted list). */
export function scopeOfMapping(ctx: Pick<DecideContext, 'scopes'>, mapping: Mapping): Scope {
  return ctx.scopes.find((s) => s.key === mapping.scope) ?? { key: mapping.scope ?? '', ...(mapping.remoteParentId ? { remoteParentId: mapping.remoteParentId } : {}) };
}

/** Runs one entry's mapping code for the push; an error of the entry's own quarantines it, any other is the run's. */
export function pushSafely<T>(ctx: Pick<DecideContext, 'quarantine'>, ids: { localId: string; mapping?: Mapping | undefined; scope?: Scope }, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    if (!isItemFailure(error)) throw error;
    notePushFailure(ctx, error, { scope: ids.scope?.key ?? ids.mapping?.scope ?? null, remoteId: ids.mapping?.remoteId ?? null, localId: ids.localId });
    return undefined;
  }
}
