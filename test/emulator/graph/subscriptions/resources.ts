// Which resources a subscription may name, what they need, how long they may live, and how a change
// to an item is named in a notification. Sources: "Change notifications for Outlook resources",
// "subscription resource type" (maximum length per resource) and "resourceData resource type".
import { GraphHttpError } from '../../core/http';
import { ROLES } from '../../core/graphRoute';
import type { EmulatorState } from '../../state/store';
import type { UserRecord } from '../../state/model';
import type { ItemChange, ItemChangeType } from '../../state/changes';

export type Target =
  | { kind: 'event'; userId: string }
  | { kind: 'message'; userId: string; folderId?: string }
  | { kind: 'todoTask'; userId: string; listId: string };

/** "subscription resource type": Outlook message/event/contact 10,080 minutes (under 7 days); todoTask 4,230 minutes. */
export const MAX_MINUTES: Record<Target['kind'], number> = { event: 10080, message: 10080, todoTask: 4230 };

/** Application roles that let an app subscribe (a read scope to the resource, as the Outlook page says). */
export const READ_ROLES: Record<Target['kind'], readonly string[]> = { event: ROLES.calendarsRead, message: ROLES.mailRead, todoTask: ROLES.tasksRead };

/** Outlook (and To Do, which Exchange hosts) errors reach subscription callers wrapped in ExtensionError. */
export function extensionError(status: number, operation: 'Create' | 'Update' | 'Get' | 'Delete' | 'Reauthorize', reason: string): GraphHttpError {
  const statusName: Record<number, string> = { 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound' };
  return new GraphHttpError(status, 'ExtensionError', `Operation: ${operation}; Exception: [Status Code: ${statusName[status] ?? status}; Reason: ${reason}]`);
}

const PATTERNS: Array<{ re: RegExp; kind: Target['kind'] }> = [
  { re: /^users\/([^/]+)\/(?:calendar\/)?events$/i, kind: 'event' },
  { re: /^users\/([^/]+)\/mailFolders\('([^']+)'\)\/messages$/i, kind: 'message' },
  { re: /^users\/([^/]+)\/mailFolders\/([^/]+)\/messages$/i, kind: 'message' },
  { re: /^users\/([^/]+)\/messages$/i, kind: 'message' },
  { re: /^users\/([^/]+)\/todo\/lists\/([^/]+)\/tasks$/i, kind: 'todoTask' },
];

/** What the resource string names; undefined when the emulator (and Graph, for these forms) has no such resource. */
export function parseResource(resource: string): { kind: Target['kind']; user: string; container?: string } | undefined {
  const path = resource.trim().replace(/^\/+/, '').replace(/^v1\.0\//i, '');
  for (const { re, kind } of PATTERNS) {
    const m = re.exec(path);
    if (m) return { kind, user: decodeURIComponent(m[1]), container: m[2] === undefined ? undefined : decodeURIComponent(m[2]) };
  }
  return undefined;
}

/** Resolves the resource in the caller's tenant, or throws the error Graph answers. */
export function resolveTarget(state: EmulatorState, tenantId: string, resource: string, operation: 'Create' | 'Update'): { target: Target; user: UserRecord } {
  if (/^\/?me\//i.test(resource.trim())) throw new GraphHttpError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  const parsed = parseResource(resource);
  if (!parsed) throw new GraphHttpError(400, 'InvalidRequest', `The resource '${resource}' is not supported for change notifications.`);
  const user = state.findUser(parsed.user);
  if (!user || user.tenantId.toLowerCase() !== tenantId.toLowerCase()) throw extensionError(404, operation, `The requested user '${parsed.user}' is invalid.`);
  if (parsed.kind === 'event') return { target: { kind: 'event', userId: user.id }, user };
  if (parsed.kind === 'message') {
    if (parsed.container === undefined) return { target: { kind: 'message', userId: user.id }, user };
    const key = parsed.container.toLowerCase();
    const folder = [...user.mailbox.folders.values()].find((f) => f.id === parsed.container || f.wellKnownName === key);
    if (!folder) throw extensionError(400, operation, 'The specified object was not found in the store., The process failed to get the correct properties.');
    return { target: { kind: 'message', userId: user.id, folderId: folder.id }, user };
  }
  const list = user.mailbox.todoLists.get(parsed.container ?? '');
  if (!list) throw extensionError(404, operation, 'The specified object was not found in the store.');
  return { target: { kind: 'todoTask', userId: user.id, listId: list.id }, user };
}

/**
 * The change type a subscription on `target` sees for this write, if any. A message moved out of a
 * subscribed folder is deleted there and created in the folder it went to; a mailbox-wide message
 * subscription sees the move as an update (the id is kept, ImmutableId-style).
 */
export function changeSeen(target: Target, change: ItemChange): ItemChangeType | undefined {
  if (target.kind !== change.kind || target.userId !== change.user.id) return undefined;
  if (target.kind === 'todoTask') return target.listId === change.listId ? change.changeType : undefined;
  if (target.kind === 'message' && target.folderId) {
    if (change.fromFolderId !== undefined && change.fromFolderId !== change.folderId) {
      if (change.fromFolderId === target.folderId) return 'deleted';
      if (change.folderId === target.folderId) return 'created';
      return undefined;
    }
    return change.folderId === target.folderId ? change.changeType : undefined;
  }
  return change.changeType;
}

/** resource and resourceData as the Outlook notifications show them ("Users/{id}/Messages/{id}", "#Microsoft.Graph.Message"). */
export function notificationResource(change: ItemChange): { resource: string; resourceData: Record<string, string> } {
  const userId = change.user.id;
  const [path, type] =
    change.kind === 'event'
      ? [`Users/${userId}/Events/${change.id}`, '#Microsoft.Graph.Event']
      : change.kind === 'message'
        ? [`Users/${userId}/Messages/${change.id}`, '#Microsoft.Graph.Message']
        : [`Users/${userId}/todo/lists/${change.listId}/tasks/${change.id}`, '#Microsoft.Graph.todoTask'];
  return { resource: path, resourceData: { '@odata.type': type, '@odata.id': path, '@odata.etag': `W/"${change.changeKey}"`, id: change.id } };
}
