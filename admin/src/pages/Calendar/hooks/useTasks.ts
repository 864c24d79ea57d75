// The task list: every task of the chosen mailbox (or of all the admin may read), by due date, those
// without one last. Loaded when the Tasks view is first shown, again when the mailbox changes.
import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { listAllEntries } from '../../../api/contentManager';
import { UID } from '../../../../../shared/plugin';
import { MAILBOX_POPULATE, TASK_FIELDS, taskFilters } from '../utils/contentManagerQuery';
import { byDueDate } from '../utils/tasks';
import type { MailboxRef, TaskEntry } from '../utils/entries';
import type { LoadState } from './useCalendarEvents';

export interface TaskList {
  tasks: TaskEntry[];
  truncated: boolean;
}

export function useTasks(mailbox: string | null, enabled: boolean, onMailboxesSeen: (refs: Array<MailboxRef | null | undefined>) => void) {
  const client = useFetchClient();
  const [state, setState] = useState<LoadState<TaskList>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    listAllEntries<TaskEntry>(client, UID.task, { filters: taskFilters(mailbox), fields: TASK_FIELDS, populate: MAILBOX_POPULATE, sort: 'dueDate:asc' }, controller.signal).then(
      ({ entries, truncated }) => {
        if (controller.signal.aborted) return;
        onMailboxesSeen(entries.map((entry) => entry.mailbox));
        setState({ status: 'ready', data: { tasks: [...entries].sort(byDueDate), truncated } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [client, mailbox, enabled, attempt, onMailboxesSeen]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
