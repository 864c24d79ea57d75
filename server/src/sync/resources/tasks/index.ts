// The Microsoft To Do resource: todoTask ⇄ plugin::microsoft-365.task, one scope per To Do list.
// Pure mapping plus Graph URLs; the runner does the I/O (see ../types.ts and lists.ts).
import { TODO_SUBSCRIPTION_MINUTES } from '../subscription-limits';
import type { DiscoveredScopes, RemoteEntry, RemoteSnapshot, RemoteWrite, ResourceAdapter, ResourceSettings, Scope, SyncedFields } from '../types';
import { TASK_LOCAL_FIELDS, taskFieldsFromGraph, taskFieldsFromLocal, taskFieldsToGraph, taskFieldsToLocal, type TaskFields, type TaskTimeOptions } from './fields';
import { matchMovedTasks, type AddedTask, type RemovedTask, type TaskMove } from './moves';
import { createListWrite, listKey, listsDeltaUrl, scopeForListName, scopesFromListEntries } from './lists';
import { UID } from '../../../../../shared/plugin';


export type TaskAdapter = ResourceAdapter & {
  /** To Do lists are the scopes; leftBy says a local edit moved the task to another list (Graph cannot move To Do tasks: created in the new list, deleted from the old). */
  readonly discoveredScopes: DiscoveredScopes;
  /** A task moved between lists in To Do gets a new id: the engine pairs removals with new tasks by content. */
  readonly moves: { readonly keepsId: false; match(removed: readonly RemovedTask[], added: readonly AddedTask[]): TaskMove[] };
  /**
   * The id a delta entry (an @removed one too) is mapped under: "<listId>/<taskId>", because task
   * URLs need the list and update/delete get only the remote id.
   */
  remoteIdOf(entry: RemoteEntry, scope: Scope): string;
};

const tasksBase = (mailbox: string, listId: string) => `/users/${encodeURIComponent(mailbox)}/todo/lists/${encodeURIComponent(listId)}/tasks`;

/** To Do tasks carry no changeKey property; their etag (W/"…") is the version, sent back as If-Match. */
export function taskVersion(entry: Record<string, unknown>): string | null {
  const etag = entry['@odata.etag'];
  return typeof etag === 'string' ? etag : null;
}

const ifMatch = (changeKey: string | null): Record<string, string> => (changeKey ? { 'If-Match': changeKey.startsWith('W/') || changeKey.startsWith('"') ? changeKey : `W/"${changeKey}"` } : {});

function listIdOf(scope: Scope): string {
  const id = scope.remoteParentId ?? scope.key;
  if (!id) throw new RangeError('A To Do scope needs the list id.');
  return id;
}

export function createTaskAdapter(options: TaskTimeOptions = {}): TaskAdapter {
  return {
    resource: 'tasks',
    uid: UID.task,
    localFields: TASK_LOCAL_FIELDS,

    // Lists are discovered, not configured.
    changeNotifications: { resource: (mailbox: string, scope: Scope) => `users/${mailbox}/todo/lists/${encodeURIComponent(listIdOf(scope))}/tasks`, maxMinutes: TODO_SUBSCRIPTION_MINUTES },

    fixedScopes(_settings: ResourceSettings): Scope[] {
      return [];
    },

    discoveredScopes: {
      deltaUrl: listsDeltaUrl,
      fromEntries: scopesFromListEntries,
      forLocal: (fields, scopes) => scopeForListName(String(fields.listName ?? ''), scopes),
      create: (mailbox, fields) => createListWrite(mailbox, String(fields.listName ?? '')),
      fromCreated(created) {
        const scope = scopesFromListEntries([created as RemoteEntry])[0];
        if (!scope) throw new RangeError('Graph did not answer with a To Do list.');
        return scope;
      },
      leftBy: (scope, fields) => listKey(scope.label ?? '') !== listKey(String(fields.listName ?? '')),
    },

    // todoTask delta takes no $select/$filter: a list's whole task set, then changes.
    initialDeltaUrl(mailbox: string, scope: Scope): string {
      return `${tasksBase(mailbox, listIdOf(scope))}/delta`;
    },

    fromRemote(entry: RemoteEntry, scope: Scope): RemoteSnapshot | null {
      if (entry['@removed']) return null;
      const fields = taskFieldsFromGraph(entry, scope.label ?? '', options);
      return {
        id: taskRemoteId(scope, entry.id),
        changeKey: taskVersion(entry),
        modifiedAt: typeof entry.lastModifiedDateTime === 'string' ? entry.lastModifiedDateTime : null,
        fields,
      };
    },

    fromLocal: (entry) => taskFieldsFromLocal(entry),
    toLocalData: (fields) => taskFieldsToLocal(fields as TaskFields),

    // To Do has no transactionId: the runner's pending-create record is what guards a retried POST.
    createRemote(mailbox: string, scope: Scope, fields: SyncedFields): RemoteWrite {
      return { method: 'POST', url: tasksBase(mailbox, listIdOf(scope)), body: taskFieldsToGraph(fields as TaskFields, options) };
    },

    updateRemote(mailbox: string, remoteId: string, fields: SyncedFields, changeKey: string | null): RemoteWrite {
      const { listId, taskId } = parseTaskRemoteId(remoteId);
      return { method: 'PATCH', url: `${tasksBase(mailbox, listId)}/${encodeURIComponent(taskId)}`, body: taskFieldsToGraph(fields as TaskFields, options), headers: ifMatch(changeKey) };
    },

    deleteRemote(mailbox: string, remoteId: string, changeKey: string | null): RemoteWrite {
      const { listId, taskId } = parseTaskRemoteId(remoteId);
      return { method: 'DELETE', url: `${tasksBase(mailbox, listId)}/${encodeURIComponent(taskId)}`, headers: ifMatch(changeKey) };
    },

    remoteIdOf: (entry, scope) => taskRemoteId(scope, entry.id),

    moves: { keepsId: false, match: matchMovedTasks },
  };
}

/**
 * Task URLs need the list id, and ResourceAdapter's update/delete get one remote id, so a task's
 * remote id is "<listId>/<taskId>" (Outlook ids are base64url: never a '/'). The answer to a
 * createRemote POST carries the bare id: qualify it with the scope it was created in.
 */
export function taskRemoteId(scope: Scope, taskId: string): string {
  return `${listIdOf(scope)}/${taskId}`;
}

export function parseTaskRemoteId(remoteId: string): { listId: string; taskId: string } {
  const slash = remoteId.lastIndexOf('/');
  if (slash <= 0 || slash === remoteId.length - 1) throw new RangeError(`"${remoteId}" is not a list-qualified task id (<listId>/<taskId>).`);
  return { listId: remoteId.slice(0, slash), taskId: remoteId.slice(slash + 1) };
}

export const taskAdapter = createTaskAdapter();
