// The plugin's page in the main menu ("Microsoft 365"): synced events in week and month grids and To Do
// tasks as a list, per mailbox or for all of them, each item a link to its Content Manager entry.
// Everything is read through the Content Manager's API, so the admin sees exactly what their role may read.
import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Box, EmptyStateLayout, Flex, LinkButton, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import type FullCalendar from '@fullcalendar/react';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink, useHref, useNavigate } from 'react-router-dom';
import { createApi } from '../../api/client';
import { requestErrorMessage } from '../../api/errors';
import { CALENDAR_PERMISSIONS, PLUGIN_ID } from '../../pluginId';
import { UID } from '../../../../shared/plugin';
import { addDays } from '../../../../shared/calendar-dates';
import type { CalendarItem, VisibleRange } from '../../../../shared/event-occurrences';
import { useT } from '../Settings/utils/useT';
import { ALL_MAILBOXES, CalendarToolbar, type PageView } from './components/CalendarToolbar';
import { EventCalendar } from './components/EventCalendar';
import { MailboxLegend } from './components/MailboxLegend';
import { EmptyRange } from './components/EmptyRange';
import { Notice } from './components/Notice';
import { TaskList } from './components/TaskList';
import { useCalendarAccess } from './hooks/useCalendarAccess';
import { useCalendarEvents } from './hooks/useCalendarEvents';
import { useMailboxOptions } from './hooks/useMailboxOptions';
import { useTasks } from './hooks/useTasks';
import { entryPath } from './utils/contentManagerQuery';
import { mailboxLabel } from './utils/entries';
import { mailboxColor } from './utils/mailboxColors';

/** A floating date (YYYY-MM-DD) as the viewer's local midnight, for formatting. */
const localDay = (date: string) => {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day);
};

function CalendarPage() {
  const t = useT();
  const intl = useIntl();
  const access = useCalendarAccess();
  const fetchClient = useFetchClient();
  const api = useMemo(() => createApi(fetchClient), [fetchClient]);
  const navigate = useNavigate();
  const adminBase = useHref('/').replace(/\/$/, '');
  const hintId = useId();

  const [chosenView, setView] = useState<PageView>('week');
  const [mailbox, setMailbox] = useState(ALL_MAILBOXES);
  const [range, setRange] = useState<VisibleRange | null>(null);
  const [title, setTitle] = useState('');
  // The grid is unmounted in the Tasks view; it comes back on the date it showed.
  const [shownDate, setShownDate] = useState<Date | undefined>(undefined);
  const calendarRef = useRef<FullCalendar>(null);

  const views: PageView[] = [...(access.canReadEvents ? (['week', 'month'] as const) : []), ...(access.canReadTasks ? (['tasks'] as const) : [])];
  const view = views.includes(chosenView) ? chosenView : (views[0] ?? 'week');
  const options = useMailboxOptions(api, access.canReadSettings);
  const mailboxId = mailbox === ALL_MAILBOXES ? null : mailbox;
  const events = useCalendarEvents(range, mailboxId, !access.isLoading && access.canReadEvents && view !== 'tasks', options.remember);
  const tasks = useTasks(mailboxId, !access.isLoading && access.canReadTasks && view === 'tasks', options.remember);

  const mailboxes = options.mailboxes ?? [];
  const colorOrder = useMemo(() => mailboxes.map((entry) => entry.documentId), [mailboxes]);
  const chosen = mailboxes.find((entry) => entry.documentId === mailboxId);
  const mailboxName = chosen ? mailboxLabel(chosen) : t('calendar.mailbox.anyInline');
  const errorText = (error: unknown) => requestErrorMessage(error) ?? t('calendar.unknownError');

  const onDatesSet = useCallback((visible: { start: Date; end: Date }, rangeTitle: string) => {
    setRange((current) => (current && current.start.getTime() === visible.start.getTime() && current.end.getTime() === visible.end.getTime() ? current : visible));
    setTitle(rangeTitle);
    setShownDate(calendarRef.current?.getApi().getDate());
  }, []);

  const calendarApi = () => calendarRef.current?.getApi();
  const navigation = {
    title,
    loading: events.state.status === 'loading',
    previous: () => calendarApi()?.prev(),
    today: () => calendarApi()?.today(),
    next: () => calendarApi()?.next(),
  };
  // ← and → move by a week or a month, T goes to today, wherever the focus is inside the calendar.
  const onCalendarKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const move = { ArrowLeft: navigation.previous, ArrowRight: navigation.next, t: navigation.today, T: navigation.today }[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };

  const describe = (item: CalendarItem) => {
    const when = item.allDay
      ? [item.start, addDays(item.end, -1)]
          .filter((date, index, dates) => index === 0 || date !== dates[0])
          .map((date) => intl.formatDate(localDay(date), { weekday: 'short', day: 'numeric', month: 'short' }))
          .join(' – ')
      : `${intl.formatDate(item.start, { weekday: 'short', day: 'numeric', month: 'short' })} ${intl.formatTime(item.start)} – ${intl.formatTime(item.end)}`;
    const values = { title: item.title || t('calendar.event.untitled'), when, mailbox: item.mailbox ? item.mailbox.address : '' };
    return item.kind === 'occurrence' ? t('calendar.event.describe.recurring', values) : t('calendar.event.describe', values);
  };
  const pathOf = (item: CalendarItem) => entryPath(UID.calendarEvent, item.documentId);

  if (access.isLoading || options.mailboxes === null) return <Page.Loading />;

  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const header = <Layouts.Header title={t('calendar.page.title')} subtitle={t('calendar.page.subtitle', { zone })} />;

  if (options.configured && mailboxes.length === 0) {
    return (
      <Page.Main>
        <Page.Title>{t('calendar.page.title')}</Page.Title>
        {header}
        <Layouts.Content>
          <EmptyStateLayout
            icon={<EmptyDocuments width="16rem" />}
            content={t('calendar.empty.mailboxes')}
            action={
              <LinkButton tag={NavLink} to={`/settings/${PLUGIN_ID}`} variant="secondary">
                {t('calendar.empty.mailboxes.action')}
              </LinkButton>
            }
            hasRadius
            shadow="tableShadow"
          />
        </Layouts.Content>
      </Page.Main>
    );
  }

  const eventState = events.state;
  const items = eventState.status === 'error' ? [] : (eventState.data?.items ?? []);
  const gridView = view === 'month' ? 'month' : 'week';

  return (
    <Page.Main>
      <Page.Title>{t('calendar.page.title')}</Page.Title>
      {header}
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <CalendarToolbar
            t={t}
            view={view}
            onViewChange={setView}
            navigation={view === 'tasks' ? undefined : navigation}
            views={views}
            mailboxes={mailboxes}
            mailbox={mailbox}
            onMailboxChange={setMailbox}
          />
          {view === 'tasks' ? (
            <TaskList t={t} state={tasks.state} mailboxName={mailboxName} formatDate={(date) => intl.formatDate(localDay(date), { dateStyle: 'medium' })} errorText={errorText} retry={tasks.retry} />
          ) : (
            <>
              {eventState.status === 'error' ? <Notice tone="danger" text={t('calendar.error', { reason: errorText(eventState.error) })} action={{ label: t('calendar.retry'), onClick: events.retry }} /> : null}
              {eventState.status === 'ready' && eventState.data.truncated ? <Notice tone="warning" text={t('calendar.truncated')} /> : null}
              <Box background="neutral0" padding={4} hasRadius shadow="tableShadow" position="relative">
                {eventState.status === 'ready' && items.length === 0 ? <EmptyRange text={t(`calendar.empty.range.${gridView}`, { mailbox: mailboxName })} /> : null}
                <EventCalendar
                  calendarRef={calendarRef}
                  view={gridView}
                  initialDate={shownDate}
                  items={items}
                  colorOf={(item) => mailboxColor(colorOrder, item.mailbox?.documentId)}
                  hrefOf={(item) => adminBase + pathOf(item)}
                  describe={describe}
                  recurringLabel={t('calendar.event.recurring')}
                  allDayText={t('calendar.allDay')}
                  onOpen={(item) => navigate(pathOf(item))}
                  onDatesSet={onDatesSet}
                  onKeyDown={onCalendarKeyDown}
                  label={t('calendar.region', { range: title })}
                  describedBy={hintId}
                  busy={eventState.status === 'loading'}
                />
              </Box>
              <Flex justifyContent="space-between" gap={4} wrap="wrap">
                <Typography id={hintId} variant="pi" textColor="neutral600">
                  {t('calendar.keyboard.hint', { unit: t(`calendar.unit.${gridView}`) })}
                </Typography>
                {mailboxId === null && mailboxes.length > 1 ? <MailboxLegend label={t('calendar.legend')} mailboxes={mailboxes} colorOrder={colorOrder} /> : null}
              </Flex>
            </>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

function ProtectedCalendarPage() {
  return (
    // Either type's Read opens the page; each view then asks for its own.
    <Page.Protect permissions={[...CALENDAR_PERMISSIONS.events, ...CALENDAR_PERMISSIONS.tasks]}>
      <CalendarPage />
    </Page.Protect>
  );
}

export default ProtectedCalendarPage;
