// Ordering and reading of To Do tasks for the list. Pure.
import type { TaskEntry } from './entries';

/** Due date ascending, tasks without one last (databases put NULLs first or last as they please), then by title. */
export function byDueDate(a: Pick<TaskEntry, 'dueDate' | 'title'>, b: Pick<TaskEntry, 'dueDate' | 'title'>): number {
  if (a.dueDate !== b.dueDate) {
    if (!a.dueDate) return 1;
    if (!b.dueDate) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return (a.title ?? '').localeCompare(b.title ?? '');
}

/** Open and due before `today` (the viewer's YYYY-MM-DD). */
export function isOverdue(task: Pick<TaskEntry, 'dueDate' | 'taskStatus'>, today: string): boolean {
  return !!task.dueDate && task.dueDate < today && task.taskStatus !== 'completed';
}
