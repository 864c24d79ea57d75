// The week and month grids: FullCalendar (its daygrid and timegrid views) with the design system's
// colours, Strapi's toolbar instead of its own, and events that are links to their Content Manager entry.
import { useEffect, type KeyboardEvent, type RefObject } from 'react';
import FullCalendar from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/daygrid';
import timeGridPlugin from '@fullcalendar/timegrid';
import type { DatesSetArg, EventClickArg, EventContentArg, EventMountArg, EventInput } from '@fullcalendar/core';
import { styled } from 'styled-components';
import type { CalendarItem } from '../../../../../shared/event-occurrences';
import { MAILBOX_COLORS, type MailboxColor } from '../utils/mailboxColors';

export type GridView = 'week' | 'month';
const FULLCALENDAR_VIEW: Record<GridView, string> = { week: 'timeGridWeek', month: 'dayGridMonth' };

interface EventCalendarProps {
  calendarRef: RefObject<FullCalendar>;
  view: GridView;
  /** The date to open on (the one shown before the grid was last unmounted). */
  initialDate?: Date;
  items: CalendarItem[];
  colorOf: (item: CalendarItem) => MailboxColor;
  /** The entry's address in the admin (with its base path), for the link's href. */
  hrefOf: (item: CalendarItem) => string;
  /** What a screen reader says for the event (FullCalendar's own text has no date). */
  describe: (item: CalendarItem) => string;
  recurringLabel: string;
  allDayText: string;
  onOpen: (item: CalendarItem) => void;
  onDatesSet: (range: { start: Date; end: Date }, title: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  label: string;
  describedBy: string;
  busy: boolean;
}

export function EventCalendar(props: EventCalendarProps) {
  const { calendarRef, view, items, colorOf, hrefOf, describe } = props;

  useEffect(() => {
    const api = calendarRef.current?.getApi();
    if (api && api.view.type !== FULLCALENDAR_VIEW[view]) api.changeView(FULLCALENDAR_VIEW[view]);
  }, [calendarRef, view]);

  const events: EventInput[] = items.map((item) => ({
    id: item.id,
    title: item.title,
    start: item.start,
    end: item.end,
    allDay: item.allDay,
    url: hrefOf(item),
    classNames: [`ms365-color-${colorOf(item)}`, `ms365-kind-${item.kind}`],
    extendedProps: { item },
  }));

  const open = ({ event, jsEvent }: EventClickArg) => {
    // A click with a modifier (new tab, new window) is the browser's; a plain click or Enter stays in the admin.
    if (jsEvent.ctrlKey || jsEvent.metaKey || jsEvent.shiftKey || jsEvent.button !== 0) return;
    jsEvent.preventDefault();
    props.onOpen(event.extendedProps.item as CalendarItem);
  };

  const label = ({ event, el }: EventMountArg) => {
    const description = describe(event.extendedProps.item as CalendarItem);
    el.setAttribute('aria-label', description);
    // Titles are cut to fit a cell: the full text on hover.
    el.setAttribute('title', description);
  };

  const content = ({ event, timeText }: EventContentArg) => {
    const item = event.extendedProps.item as CalendarItem;
    return (
      <span className="ms365-event">
        {timeText && !event.allDay ? <span className="ms365-event-time">{timeText}</span> : null}
        <span className="ms365-event-title">{event.title}</span>
        {item.kind === 'occurrence' ? (
          <span className="ms365-event-recurring" aria-hidden="true" title={props.recurringLabel}>
            ↻
          </span>
        ) : null}
      </span>
    );
  };

  return (
    <CalendarFrame
      role="region"
      aria-label={props.label}
      aria-describedby={props.describedBy}
      aria-busy={props.busy}
      tabIndex={0}
      onKeyDown={props.onKeyDown}
      data-view={view}
    >
      <FullCalendar
        ref={calendarRef}
        plugins={[dayGridPlugin, timeGridPlugin]}
        initialView={FULLCALENDAR_VIEW[view]}
        initialDate={props.initialDate}
        headerToolbar={false}
        // The admin's browser zone: stored instants are shown as the viewer's local times.
        timeZone="local"
        events={events}
        eventClick={open}
        eventDidMount={label}
        eventContent={content}
        datesSet={(arg: DatesSetArg) => props.onDatesSet({ start: arg.start, end: arg.end }, arg.view.title)}
        // Twelve hours of the week on screen (07:00 to 19:00), the rest a scroll away.
        height={view === 'week' ? 900 : 'auto'}
        eventMinHeight={18}
        scrollTime="07:00:00"
        nowIndicator
        dayMaxEvents={4}
        eventDisplay="block"
        eventTimeFormat={{ hour: 'numeric', minute: '2-digit', meridiem: 'short' }}
        slotLabelFormat={{ hour: 'numeric', minute: '2-digit', meridiem: 'short' }}
        allDayText={props.allDayText}
      />
    </CalendarFrame>
  );
}

// FullCalendar reads its colours from CSS variables; these give it the design system's, which switch
// with Strapi's light and dark themes.
const CalendarFrame = styled.div`
  border-radius: ${({ theme }) => theme.borderRadius};
  &:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 2px;
  }
  .fc {
    --fc-border-color: ${({ theme }) => theme.colors.neutral200};
    --fc-page-bg-color: ${({ theme }) => theme.colors.neutral0};
    --fc-neutral-bg-color: ${({ theme }) => theme.colors.neutral100};
    --fc-today-bg-color: ${({ theme }) => theme.colors.primary100};
    --fc-now-indicator-color: ${({ theme }) => theme.colors.danger600};
    --fc-highlight-color: ${({ theme }) => theme.colors.primary200};
    color: ${({ theme }) => theme.colors.neutral800};
    font-size: ${({ theme }) => theme.fontSizes[2]};
  }
  .fc a {
    color: inherit;
    text-decoration: none;
  }
  .fc .fc-col-header-cell-cushion {
    padding: ${({ theme }) => theme.spaces[2]};
    font-weight: ${({ theme }) => theme.fontWeights.bold};
    color: ${({ theme }) => theme.colors.neutral600};
  }
  .fc .fc-daygrid-day-number,
  .fc .fc-timegrid-slot-label-cushion,
  .fc .fc-timegrid-axis-cushion {
    color: ${({ theme }) => theme.colors.neutral600};
  }
  .fc .fc-day-other .fc-daygrid-day-number {
    color: ${({ theme }) => theme.colors.neutral400};
  }
  .fc .fc-event {
    border-width: 0 0 0 3px;
    border-radius: ${({ theme }) => theme.borderRadius};
    padding: 1px ${({ theme }) => theme.spaces[1]};
    cursor: pointer;
  }
  .fc .fc-event:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 1px;
    box-shadow: none;
  }
  .fc .fc-event::after,
  .fc .fc-event:focus::after {
    background: none;
  }
  ${({ theme }) =>
    MAILBOX_COLORS.map(
      (color) => `
  .fc .ms365-color-${color} {
    background-color: ${theme.colors[`${color}100`]};
    border-color: ${theme.colors[`${color}600`]};
    color: ${theme.colors.neutral800};
  }
  .fc .ms365-color-${color}:hover {
    background-color: ${theme.colors[`${color}200`]};
  }`,
    ).join('')}
  .ms365-event {
    display: flex;
    gap: ${({ theme }) => theme.spaces[1]};
    overflow: hidden;
    white-space: nowrap;
    color: ${({ theme }) => theme.colors.neutral800};
  }
  /* Slots tall enough for two lines in a half-hour event; a shorter one keeps one line. */
  .fc .fc-timegrid-slot {
    height: 2.4em;
  }
  .fc-timegrid-event .ms365-event {
    flex-wrap: wrap;
    column-gap: ${({ theme }) => theme.spaces[1]};
    row-gap: 0;
    font-size: ${({ theme }) => theme.fontSizes[1]};
    line-height: 1.25;
    height: 100%;
    align-content: flex-start;
  }
  /* Too short for two lines: the title wins (the time is on the axis, in the tooltip and the label). */
  .fc-timegrid-event-short .ms365-event {
    flex-wrap: nowrap;
  }
  .fc-timegrid-event-short .ms365-event-time {
    display: none;
  }
  .fc-timegrid-event .ms365-event-title {
    white-space: nowrap;
  }
  .ms365-event-time {
    color: ${({ theme }) => theme.colors.neutral600};
    flex-shrink: 0;
  }
  .ms365-event-title {
    font-weight: ${({ theme }) => theme.fontWeights.semiBold};
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .ms365-event-recurring {
    color: ${({ theme }) => theme.colors.neutral600};
  }
`;
