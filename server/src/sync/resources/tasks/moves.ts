// Telling a task moved between To Do lists from a delete plus a create. Pure.
//
// What Graph offers: a todoTask's id changes when it moves to another list ("By default, this value
// changes when the item is moved from one list to another" — todoTask resource), Prefer
// IdType="ImmutableId" covers Outlook items but not To Do tasks, and no property links the new id to
// the old one. The old list's delta reports `@removed` for the old id, the new list's delta an
// unknown id. What survives the move is the content (title, body, status, dates, categories) and,
// in To Do as observed, createdDateTime. So within one run of a mailbox, after all lists are pulled:
// a removed task whose last-synced content (its Strapi entry, unchanged since the last sync) equals
// a new task's content in another list, once listName is set aside, is the same task moved — if the
// pairing is unique both ways. Then the runner re-points the mapping to the new id and updates
// listName locally, instead of deleting the entry and creating a new one.
// Ambiguous candidates (two identical tasks) stay delete + create: safe, merely less tidy.
import { hashSyncedFields, type SyncedFields as HashableFields } from '../../hash';
import type { SyncedFields } from '../types';

export interface RemovedTask {
  /** Graph id reported as @removed. */
  remoteId: string;
  scopeKey: string;
  /** The mapped Strapi entry's synced fields (adapter.fromLocal), when it is unchanged since the last sync. */
  fields: SyncedFields;
  /** createdDateTime remembered at the last sync, when the runner keeps it. */
  createdDateTime?: string | null;
}

export interface AddedTask {
  /** Graph id with no mapping yet. */
  remoteId: string;
  scopeKey: string;
  fields: SyncedFields;
  createdDateTime?: string | null;
}

export interface TaskMove {
  fromRemoteId: string;
  toRemoteId: string;
  fromScopeKey: string;
  toScopeKey: string;
}

/** What a task keeps across lists: every synced field but the list. */
export function moveFingerprint(fields: SyncedFields): string {
  const { listName: _list, ...rest } = fields;
  return hashSyncedFields(rest as HashableFields);
}

const sameInstant = (a?: string | null, b?: string | null) => !a || !b || Date.parse(a) === Date.parse(b);

export function matchMovedTasks(removed: readonly RemovedTask[], added: readonly AddedTask[]): TaskMove[] {
  const addedByPrint = new Map<string, AddedTask[]>();
  for (const a of added) {
    const print = moveFingerprint(a.fields);
    addedByPrint.set(print, [...(addedByPrint.get(print) ?? []), a]);
  }
  const removedByPrint = new Map<string, RemovedTask[]>();
  for (const r of removed) {
    const print = moveFingerprint(r.fields);
    removedByPrint.set(print, [...(removedByPrint.get(print) ?? []), r]);
  }
  const moves: TaskMove[] = [];
  for (const [print, gone] of removedByPrint) {
    if (gone.length !== 1) continue;
    const [from] = gone;
    const candidates = (addedByPrint.get(print) ?? []).filter((a) => a.scopeKey !== from.scopeKey && sameInstant(a.createdDateTime, from.createdDateTime));
    if (candidates.length !== 1) continue;
    const [to] = candidates;
    moves.push({ fromRemoteId: from.remoteId, toRemoteId: to.remoteId, fromScopeKey: from.scopeKey, toScopeKey: to.scopeKey });
  }
  return moves;
}
