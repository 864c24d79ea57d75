// Microsoft To Do lists and tasks of a mailbox (todoTaskList / todoTask as Graph v1.0 shows them).
import type { TaskRecord, TodoListRecord, UserRecord } from '../../state/model';
import { GraphHttpError } from '../../core/http';
import { changeKey, graphTimestamp, outlookId } from '../../core/ids';
import { localToUtc, resolveTimeZone } from '../../core/time';
import { itemChanged } from '../../state/changes';

const STATUSES = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];
const IMPORTANCES = ['low', 'normal', 'high'];
const DATE_FIELDS = ['dueDateTime', 'reminderDateTime', 'completedDateTime', 'startDateTime'];
const READ_ONLY = new Set(['id', '@odata.etag', '@odata.context', 'createdDateTime', 'lastModifiedDateTime', 'bodyLastModifiedDateTime', 'hasAttachments']);

export const listNotFound = () => new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
const invalid = (message: string) => new GraphHttpError(400, 'invalidRequest', message);

export function findList(user: UserRecord, listId: string): TodoListRecord {
  const list = user.mailbox.todoLists.get(listId);
  if (!list) throw listNotFound();
  return list;
}

export function defaultList(user: UserRecord): TodoListRecord {
  for (const l of user.mailbox.todoLists.values()) if (l.wellknownListName === 'defaultList') return l;
  throw new Error('mailbox without a default To Do list');
}

export function createList(user: UserRecord, displayName: string): TodoListRecord {
  if (typeof displayName !== 'string' || !displayName.trim()) throw invalid('displayName is required.');
  const id = outlookId('AAMkAGTdl');
  const list: TodoListRecord = { id, displayName, wellknownListName: 'none', changeKey: changeKey(), lastModifiedDateTime: graphTimestamp(), tasks: new Map() };
  user.mailbox.todoLists.set(id, list);
  return list;
}

export function updateList(user: UserRecord, listId: string, patch: Record<string, unknown>): TodoListRecord {
  const list = findList(user, listId);
  if (typeof patch.displayName === 'string') {
    if (list.wellknownListName !== 'none') throw invalid('The display name of a well-known list cannot be changed.');
    list.displayName = patch.displayName;
  }
  list.changeKey = changeKey();
  list.lastModifiedDateTime = graphTimestamp();
  return list;
}

export function deleteList(user: UserRecord, listId: string): void {
  const list = findList(user, listId);
  if (list.wellknownListName !== 'none') throw invalid('A well-known list cannot be deleted.');
  user.mailbox.todoLists.delete(listId);
}

export function renderList(list: TodoListRecord): Record<string, unknown> {
  return { '@odata.etag': `W/"${list.changeKey}"`, displayName: list.displayName, isOwner: true, isShared: false, wellknownListName: list.wellknownListName, id: list.id };
}

function normaliseDate(value: unknown, field: string): unknown {
  if (value === null) return null;
  const v = value as { dateTime?: string; timeZone?: string };
  if (!v || typeof v.dateTime !== 'string') throw invalid(`${field} must be a dateTimeTimeZone.`);
  const zone = resolveTimeZone(v.timeZone);
  if (!zone) throw new GraphHttpError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${v.timeZone}'.`);
  let ms: number;
  try {
    ms = localToUtc(v.dateTime, zone);
  } catch {
    throw invalid(`${field}.dateTime is not a valid date and time.`);
  }
  // To Do answers date-times in UTC whatever zone they were written in.
  return { dateTime: new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
}

function validated(input: Record<string, unknown>, existing?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (READ_ONLY.has(k) || k.startsWith('@')) continue;
    if (k === 'status' && !STATUSES.includes(String(v))) throw invalid(`Invalid value '${String(v)}' for status.`);
    if (k === 'importance' && !IMPORTANCES.includes(String(v))) throw invalid(`Invalid value '${String(v)}' for importance.`);
    if (k === 'categories' && !Array.isArray(v)) throw invalid('categories must be an array of strings.');
    if (k === 'body' && (typeof v !== 'object' || v === null)) throw invalid('body must be an itemBody.');
    out[k] = DATE_FIELDS.includes(k) ? normaliseDate(v, k) : v;
  }
  const merged = { ...(existing ?? {}), ...out };
  // Completing stamps completedDateTime; reopening clears it, as To Do does.
  if (out.status === 'completed' && !out.completedDateTime && !(existing?.status === 'completed')) {
    merged.completedDateTime = { dateTime: new Date().toISOString().replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
  }
  if (out.status && out.status !== 'completed') delete merged.completedDateTime;
  return merged;
}

export function createTask(user: UserRecord, listId: string, input: Record<string, unknown>): TaskRecord {
  const list = findList(user, listId);
  if (typeof input.title !== 'string') throw invalid('title is required.');
  const now = graphTimestamp();
  const data = validated({ importance: 'normal', isReminderOn: false, status: 'notStarted', categories: [], body: { content: '', contentType: 'text' }, ...input });
  const task: TaskRecord = { id: outlookId('AAMkAGTsk'), listId, changeKey: changeKey(), createdDateTime: now, lastModifiedDateTime: now, data };
  list.tasks.set(task.id, task);
  itemChanged({ user, kind: 'todoTask', changeType: 'created', id: task.id, changeKey: task.changeKey, listId });
  return task;
}

export function findTask(user: UserRecord, listId: string, taskId: string): TaskRecord {
  const task = findList(user, listId).tasks.get(taskId);
  if (!task) throw listNotFound();
  return task;
}

/** The task with this id in any list of the mailbox (control API convenience). */
export function locateTask(user: UserRecord, taskId: string): TaskRecord {
  for (const list of user.mailbox.todoLists.values()) {
    const t = list.tasks.get(taskId);
    if (t) return t;
  }
  throw listNotFound();
}

function checkIfMatch(task: TaskRecord, ifMatch: string | undefined): void {
  if (!ifMatch || ifMatch.trim() === '*') return;
  if (ifMatch.trim().replace(/^W\//, '').replace(/^"|"$/g, '') !== task.changeKey) {
    throw new GraphHttpError(412, 'PreconditionFailed', 'The ETag value in the If-Match header does not match the current version of the task.');
  }
}

export function updateTask(user: UserRecord, task: TaskRecord, patch: Record<string, unknown>, ifMatch?: string): TaskRecord {
  checkIfMatch(task, ifMatch);
  const bodyChanged = 'body' in patch;
  task.data = validated(patch, task.data);
  task.changeKey = changeKey();
  task.lastModifiedDateTime = graphTimestamp();
  if (bodyChanged) task.data.bodyLastModifiedDateTime = task.lastModifiedDateTime;
  itemChanged({ user, kind: 'todoTask', changeType: 'updated', id: task.id, changeKey: task.changeKey, listId: task.listId });
  return task;
}

export function deleteTask(user: UserRecord, task: TaskRecord, ifMatch?: string): void {
  checkIfMatch(task, ifMatch);
  user.mailbox.todoLists.get(task.listId)?.tasks.delete(task.id);
  itemChanged({ user, kind: 'todoTask', changeType: 'deleted', id: task.id, changeKey: task.changeKey, listId: task.listId });
}

/** Moves a task to another list; like To Do, the moved task gets a new id. */
export function moveTask(user: UserRecord, task: TaskRecord, toListId: string): TaskRecord {
  const target = findList(user, toListId);
  user.mailbox.todoLists.get(task.listId)?.tasks.delete(task.id);
  const moved: TaskRecord = { ...task, id: outlookId('AAMkAGTsk'), listId: target.id, changeKey: changeKey(), lastModifiedDateTime: graphTimestamp() };
  target.tasks.set(moved.id, moved);
  // A new id in the new list: the old list sees a delete, the new one a create.
  itemChanged({ user, kind: 'todoTask', changeType: 'deleted', id: task.id, changeKey: task.changeKey, listId: task.listId });
  itemChanged({ user, kind: 'todoTask', changeType: 'created', id: moved.id, changeKey: moved.changeKey, listId: moved.listId });
  return moved;
}

export function renderTask(task: TaskRecord): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${task.changeKey}"`,
    importance: task.data.importance,
    isReminderOn: task.data.isReminderOn,
    status: task.data.status,
    title: task.data.title,
    createdDateTime: task.createdDateTime,
    lastModifiedDateTime: task.lastModifiedDateTime,
    hasAttachments: false,
    categories: task.data.categories,
    id: task.id,
    body: task.data.body,
    bodyLastModifiedDateTime: task.data.bodyLastModifiedDateTime ?? task.createdDateTime,
    ...(task.data.dueDateTime ? { dueDateTime: task.data.dueDateTime } : {}),
    ...(task.data.startDateTime ? { startDateTime: task.data.startDateTime } : {}),
    ...(task.data.reminderDateTime ? { reminderDateTime: task.data.reminderDateTime } : {}),
    ...(task.data.completedDateTime ? { completedDateTime: task.data.completedDateTime } : {}),
    ...(task.data.recurrence ? { recurrence: task.data.recurrence } : {}),
  };
}
