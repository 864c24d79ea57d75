/**
 * The sync decision for one item: given what the Strapi entry (local) and the Graph item (remote)
 * look like now and what they looked like at the last sync (the mapping), say what to do.
 * Pure: no I/O, no clock, no Strapi, no Graph. Every resource and every direction goes through here.
 *
 * Decision table (L = local/Strapi, R = remote/Microsoft; "changed" = hash differs from the mapping's
 * stored hash for that side; a remote changeKey that moved while the hash stayed is NOT a change):
 *
 *   state                          bidirectional            microsoft-to-strapi   strapi-to-microsoft
 *   both present, equal content    link if mapping stale/missing, else none (never a conflict)
 *   L changed, R unchanged         update-remote            update-local (revert) update-remote
 *   L unchanged, R changed         update-local             update-local          update-remote (revert)
 *   both changed / no mapping /    policy (conflict)        update-local          update-remote
 *     diverged but unchanged
 *   L deleted, R unchanged         delete-remote            create-local (restore) delete-remote
 *   L deleted, R changed           create-local             create-local          forget (keep R's edit)
 *   L unchanged, R deleted         delete-local             delete-local          create-remote (restore)
 *   L changed, R deleted           create-remote            forget (keep L's edit) create-remote
 *   both deleted                   forget                   forget                forget
 *   no mapping, L only             create-remote            none (local-only)     create-remote
 *   no mapping, R only             create-local             create-local          none (remote-only)
 *   no mapping, neither            none                     none                  none
 *
 * One-way modes keep the target a mirror of the source for every item the source has: a target-side
 * edit or delete is reverted at the next sync (vdirsyncer's partial_sync = revert), so "target equals
 * source" holds after every quiet sync. Items created on the target alone stay there untouched, and
 * when the source deletes an item whose target copy was edited, that copy is kept unlinked rather
 * than deleted, because an edit is never lost to a delete.
 *
 * newest-wins compares the instants of `modifiedAt` (Graph's lastModifiedDateTime vs Strapi's
 * updatedAt), not their strings, because Graph writes 7 fractional digits and Strapi 3. A missing or
 * unparsable time counts as oldest. A tie goes to Strapi, the back-office of record.
 */

import { CONFLICT_RESOLUTIONS, DIRECTIONS, type ConflictResolution, type Direction } from '../../../shared/settings';

// The vocabulary of the settings, re-exported for the reconciler's callers and tests.
export { CONFLICT_RESOLUTIONS, DIRECTIONS, type ConflictResolution, type Direction };

/** What both sides looked like as of the last sync of this item. */
export interface MappingSnapshot {
  localHash: string;
  remoteHash: string;
  changeKey?: string | null;
}

/** A side's item as it is now; absent items are passed as null/undefined. */
export interface SideState {
  hash: string;
  modifiedAt?: string | null;
  changeKey?: string | null;
}

export interface ReconcileInput {
  mapping?: MappingSnapshot | null;
  local?: SideState | null;
  remote?: SideState | null;
  direction: Direction;
  conflictResolution: ConflictResolution;
}

export type ReconcileActionKind =
  | 'none' // nothing to do
  | 'create-local' // create the Strapi entry from the remote item, store the mapping
  | 'update-local' // overwrite the Strapi entry from the remote item, refresh the mapping
  | 'delete-local' // delete the Strapi entry and the mapping
  | 'create-remote'
  | 'update-remote'
  | 'delete-remote'
  | 'link' // both present with equal content, mapping missing or stale: store the mapping only
  | 'forget'; // drop the mapping, touch neither side

export type ReconcileAction = { kind: ReconcileActionKind };

/**
 * For an item Strapi may not write (a meeting another mailbox organizes), what is done instead of each
 * decision that would write to Microsoft: a Strapi edit is put back, a Strapi delete restored, and an
 * item Microsoft removed is removed here rather than re-created from this mailbox.
 */
export const INSTEAD_OF_WRITING_MICROSOFT: Partial<Record<ReconcileActionKind, ReconcileActionKind>> = {
  'update-remote': 'update-local',
  'delete-remote': 'create-local',
  'create-remote': 'delete-local',
};

export interface Decision {
  action: ReconcileAction;
  /** Both sides hold different content and each may carry a change the other lacks. */
  conflict: boolean;
  /** One line for logs and run history. */
  reason: string;
}

type Presence = 'absent' | 'new' | 'unchanged' | 'changed' | 'deleted';
type Side = 'local' | 'remote';

export function reconcile(input: ReconcileInput): Decision {
  const { direction, conflictResolution } = input;
  if (!DIRECTIONS.includes(direction)) throw new RangeError(`unknown sync direction: ${String(direction)}`);
  if (!CONFLICT_RESOLUTIONS.includes(conflictResolution)) {
    throw new RangeError(`unknown conflict resolution: ${String(conflictResolution)}`);
  }
  const mapping = input.mapping ?? null;
  const local = input.local ?? null;
  const remote = input.remote ?? null;
  const localState = presence(local, mapping?.localHash);
  const remoteState = presence(remote, mapping?.remoteHash);
  // Which sides the direction lets us write; the source of a one-way mode is the side never written.
  const writesLocal = direction !== 'strapi-to-microsoft';
  const writesRemote = direction !== 'microsoft-to-strapi';

  if (local && remote) {
    if (local.hash === remote.hash) {
      return mappingIsCurrent(mapping, local, remote)
        ? decide('none', 'both sides hold the same content')
        : decide('link', mapping ? 'equal content, mapping refreshed' : 'equal content, linked');
    }
    const localOnlyChanged = localState === 'changed' && remoteState === 'unchanged';
    const remoteOnlyChanged = remoteState === 'changed' && localState === 'unchanged';
    const conflict = !localOnlyChanged && !remoteOnlyChanged;
    if (!writesRemote) {
      return decide('update-local', localOnlyChanged ? 'one-way: Strapi edit reverted' : 'one-way: copied from Microsoft', conflict);
    }
    if (!writesLocal) {
      return decide('update-remote', remoteOnlyChanged ? 'one-way: Microsoft edit reverted' : 'one-way: copied from Strapi', conflict);
    }
    if (localOnlyChanged) return decide('update-remote', 'changed in Strapi');
    if (remoteOnlyChanged) return decide('update-local', 'changed in Microsoft');
    const winner = pickWinner(conflictResolution, local, remote);
    const what = mapping ? (localState === 'changed' ? 'changed on both sides' : 'sides diverged') : 'unlinked pair differs';
    return winner === 'local'
      ? decide('update-remote', `${what}: Strapi wins (${conflictResolution})`, true)
      : decide('update-local', `${what}: Microsoft wins (${conflictResolution})`, true);
  }

  if (local) {
    if (localState === 'new') {
      return writesRemote ? decide('create-remote', 'new in Strapi') : decide('none', 'one-way: Strapi-only entry left alone');
    }
    // The mapping exists, so Microsoft deleted the item.
    if (localState === 'changed') {
      return writesRemote
        ? decide('create-remote', 'deleted in Microsoft, edited in Strapi: edit wins, restored')
        : decide('forget', 'one-way: deleted in Microsoft, Strapi edit kept unlinked');
    }
    return writesLocal
      ? decide('delete-local', 'deleted in Microsoft')
      : decide('create-remote', 'one-way: Microsoft delete reverted');
  }

  if (remote) {
    if (remoteState === 'new') {
      return writesLocal ? decide('create-local', 'new in Microsoft') : decide('none', 'one-way: Microsoft-only item left alone');
    }
    if (remoteState === 'changed') {
      return writesLocal
        ? decide('create-local', 'deleted in Strapi, edited in Microsoft: edit wins, restored')
        : decide('forget', 'one-way: deleted in Strapi, Microsoft edit kept unlinked');
    }
    return writesRemote
      ? decide('delete-remote', 'deleted in Strapi')
      : decide('create-local', 'one-way: Strapi delete reverted');
  }

  return mapping ? decide('forget', 'deleted on both sides') : decide('none', 'nothing on either side');
}

function presence(item: SideState | null, storedHash: string | undefined): Presence {
  if (storedHash === undefined) return item ? 'new' : 'absent';
  if (!item) return 'deleted';
  return item.hash === storedHash ? 'unchanged' : 'changed';
}

/** The mapping already records exactly this pair, so storing it again would be a wasted write. */
function mappingIsCurrent(mapping: MappingSnapshot | null, local: SideState, remote: SideState): boolean {
  if (!mapping) return false;
  if (mapping.localHash !== local.hash || mapping.remoteHash !== remote.hash) return false;
  // A moved changeKey with the same content (our own echo, a no-op save in Outlook) is not a change,
  // but the mapping must learn it so later If-Match writes carry the current key.
  return remote.changeKey == null || remote.changeKey === mapping.changeKey;
}

function pickWinner(policy: ConflictResolution, local: SideState, remote: SideState): Side {
  if (policy === 'strapi-wins') return 'local';
  if (policy === 'microsoft-wins') return 'remote';
  return instant(remote.modifiedAt) > instant(local.modifiedAt) ? 'remote' : 'local';
}

function instant(iso: string | null | undefined): number {
  if (!iso) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function decide(kind: ReconcileActionKind, reason: string, conflict = false): Decision {
  return { action: { kind }, conflict, reason };
}
