// Microsoft To Do todoTask ⇄ the synced fields ⇄ `task` entry data. Pure.
// One canonical shape for both sides, so an unchanged task hashes the same from Graph and from Strapi.
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Untrusted } from '../graph-answer';
import { elements, trimLineEnds, withoutRanges, withoutTags } from '../text-scan';
import { IMPORTANCES, TASK_STATUSES } from '../../../../../shared/enums';
import { dueDateToGraph, graphToDueDate, graphToIso, isoToGraph, normaliseDate, normaliseIso, type GraphDateTime } from './time';

export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskImportance = (typeof IMPORTANCES)[number];

/**
 * The synced fields of a task: what the hash covers. Keyed as Graph names them (`status`), not as the
 * content type does (`taskStatus`): the key is part of the hashed JSON, so the attribute's rename left
 * every stored hash valid.
 */
export interface TaskFields {
  [field: string]: string | boolean | string[] | null;
  title: string;
  /** Plain text: To Do shows task notes as text; HTML bodies are read as their text. */
  body: string;
  status: TaskStatus;
  importance: TaskImportance;
  /** YYYY-MM-DD. */
  dueDate: string | null;
  /** UTC ISO with milliseconds. */
  reminderAt: string | null;
  isReminderOn: boolean;
  /** Set exactly when status is completed. */
  completedAt: string | null;
  categories: string[];
  /** '' for the default list (wellknownListName 'defaultList'). */
  listName: string;
}

export const TASK_LOCAL_FIELDS = ['title', 'body', 'taskStatus', 'importance', 'dueDate', 'reminderAt', 'completedAt', 'isReminderOn', 'categories', 'listName'] as const;

export interface TaskTimeOptions {
  /** The mailbox's zone (IANA or Windows) when known: due dates are written as midnight there and read back in it. */
  timeZone?: string;
}

const pick = <T extends string>(allowed: readonly T[], value: unknown, fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

/**
 * Entities and tags out, line structure kept: what a person reads in To Do's notes box. The element and
 * tag removal and the line-end trim are linear scans (text-scan.ts); the expressions left cannot backtrack.
 */
export function htmlToText(html: string): string {
  const withoutElements = withoutRanges(html, elements(html, ['script', 'style', 'head'], { loose: true }));
  const broken = withoutElements.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n');
  const decoded = withoutTags(broken)
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    // A number past Unicode's last code point is left as written (String.fromCodePoint would throw).
    .replace(/&#(\d+);/g, (entity, code: string) => (Number(code) <= 0x10ffff ? String.fromCodePoint(Number(code)) : entity))
    .replace(/&amp;/g, '&');
  return trimLineEnds(decoded).replace(/\n{3,}/g, '\n\n').trim();
}

/** Outlook and To Do store CRLF; Strapi text fields usually LF. Line ends are not content. */
const normaliseText = (text: string) => text.replace(/\r\n?/g, '\n');

function categoriesOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim());
}

/** Status is the truth; completedAt follows it (dropped when not completed). */
function completion(status: TaskStatus, completedAt: string | null, fallback: string | null): string | null {
  if (status !== 'completed') return null;
  return completedAt ?? fallback;
}

/** Graph todoTask (as delta or GET returns it) → synced fields. */
export function taskFieldsFromGraph(task: Untrusted<Graph.TodoTask>, listName: string, options: TaskTimeOptions = {}): TaskFields {
  const body = task.body as Untrusted<Graph.ItemBody> | undefined;
  const content = typeof body?.content === 'string' ? body.content : '';
  const status = pick(TASK_STATUSES, task.status, 'notStarted');
  return {
    title: typeof task.title === 'string' ? task.title : '',
    body: normaliseText(String(body?.contentType ?? '').toLowerCase() === 'html' ? htmlToText(content) : content),
    status,
    importance: pick(IMPORTANCES, task.importance, 'normal'),
    dueDate: graphToDueDate(task.dueDateTime as GraphDateTime | undefined, options.timeZone),
    reminderAt: graphToIso(task.reminderDateTime as GraphDateTime | undefined),
    isReminderOn: task.isReminderOn === true,
    completedAt: completion(status, graphToIso(task.completedDateTime as GraphDateTime | undefined), null),
    categories: categoriesOf(task.categories),
    listName,
  };
}

/**
 * `task` entry → synced fields. A task marked completed without a completion time gets its
 * updatedAt: what Strapi knows of when it was completed, and stable while the entry is untouched
 * (pushing `completed` alone would let Graph stamp "now" and the two sides would never agree).
 */
export function taskFieldsFromLocal(entry: Record<string, unknown>): TaskFields {
  const status = pick(TASK_STATUSES, entry.taskStatus, 'notStarted');
  return {
    title: typeof entry.title === 'string' ? entry.title : '',
    body: typeof entry.body === 'string' ? normaliseText(entry.body) : '',
    status,
    importance: pick(IMPORTANCES, entry.importance, 'normal'),
    dueDate: normaliseDate(entry.dueDate as string | null),
    reminderAt: normaliseIso(entry.reminderAt as string | null),
    isReminderOn: entry.isReminderOn === true,
    completedAt: completion(status, normaliseIso(entry.completedAt as string | null), normaliseIso(entry.updatedAt as string | null)),
    categories: categoriesOf(entry.categories),
    listName: typeof entry.listName === 'string' ? entry.listName.trim() : '',
  };
}

/** Synced fields → data for the `task` content type (mailbox relation is the runner's). */
export function taskFieldsToLocal(fields: TaskFields): Record<string, unknown> {
  return {
    title: fields.title,
    body: fields.body,
    taskStatus: fields.status,
    importance: fields.importance,
    dueDate: fields.dueDate,
    reminderAt: fields.reminderAt,
    isReminderOn: fields.isReminderOn,
    completedAt: fields.completedAt,
    categories: fields.categories,
    listName: fields.listName,
  };
}

/**
 * Synced fields → a todoTask body for POST/PATCH. Every synced field is sent (idempotent, and a
 * cleared field must clear in To Do too); completedDateTime only with status completed, since To Do
 * clears it itself when a task is reopened.
 */
export function taskFieldsToGraph(fields: TaskFields, options: TaskTimeOptions = {}): Graph.TodoTask {
  const body: Graph.TodoTask = {
    title: fields.title,
    body: { content: fields.body, contentType: 'text' },
    status: fields.status,
    importance: fields.importance,
    dueDateTime: dueDateToGraph(fields.dueDate, options.timeZone),
    reminderDateTime: isoToGraph(fields.reminderAt),
    isReminderOn: fields.isReminderOn,
    categories: fields.categories,
  };
  if (fields.status === 'completed' && fields.completedAt) body.completedDateTime = isoToGraph(fields.completedAt);
  return body;
}
