// The calendar's items for the visible range and mailbox: the entries the range needs, read page by
// page from the Content Manager, then placed (series expanded, exceptions in their place, cancelled
// occurrences hidden). A newer range or mailbox aborts the request still running for the old one.
import { useCallback, useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { listAllEntries } from '../../../api/contentManager';
import { UID } from '../../../../../shared/plugin';
import { calendarItems, type CalendarItem, type VisibleRange } from '../../../../../shared/event-occurrences';
import { EVENT_FIELDS, MAILBOX_POPULATE, eventFilters } from '../utils/contentManagerQuery';
import type { EventEntry, MailboxRef } from '../utils/entries';

export type LoadState<T> =
  | { status: 'loading'; data?: T }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown };

export interface CalendarEvents {
  items: CalendarItem[];
  truncated: boolean;
}

export function useCalendarEvents(range: VisibleRange | null, mailbox: string | null, enabled: boolean, onMailboxesSeen: (refs: Array<MailboxRef | null | undefined>) => void) {
  const client = useFetchClient();
  const [state, setState] = useState<LoadState<CalendarEvents>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const from = range?.start.getTime();
  const to = range?.end.getTime();

  useEffect(() => {
    if (!enabled || from === undefined || to === undefined) return;
    const controller = new AbortController();
    const visible = { start: new Date(from), end: new Date(to) };
    // Keep the previous range's items on screen while the next ones load (no flash of an empty grid).
    setState((previous) => ({ status: 'loading', data: previous.status === 'error' ? undefined : previous.data }));
    listAllEntries<EventEntry>(client, UID.calendarEvent, { filters: eventFilters(visible, mailbox), fields: EVENT_FIELDS, populate: MAILBOX_POPULATE, sort: 'start:asc' }, controller.signal).then(
      ({ entries, truncated }) => {
        if (controller.signal.aborted) return;
        onMailboxesSeen(entries.map((entry) => entry.mailbox));
        setState({ status: 'ready', data: { items: calendarItems(entries, visible), truncated } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [client, from, to, mailbox, enabled, attempt, onMailboxesSeen]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
