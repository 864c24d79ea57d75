// Run by calendar-time.test.ts in child processes with different TZ values: prints what the calendar
// mapping makes of all-day and timed events, plus the process's own UTC offset, as JSON.
import { fieldsFromGraph, fieldsFromLocal, fieldsToGraph } from '../../server/src/sync/resources/calendar/fields';

const allDay = {
  id: 'a',
  type: 'singleInstance',
  subject: 'Christmas Eve',
  isAllDay: true,
  originalStartTimeZone: 'W. Europe Standard Time',
  start: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'UTC' },
};
const timed = {
  id: 't',
  type: 'singleInstance',
  subject: 'Late call',
  isAllDay: false,
  originalStartTimeZone: 'Pacific Standard Time',
  start: { dateTime: '2026-03-08T01:30:00.0000000', timeZone: 'Pacific Standard Time' },
  end: { dateTime: '2026-03-08T03:30:00.0000000', timeZone: 'Pacific Standard Time' },
};

const pulled = fieldsFromGraph(allDay);
const results = {
  pulled,
  pushed: fieldsToGraph(pulled, { exception: false }),
  local: fieldsFromLocal({ ...pulled, start: new Date(pulled.start as string), end: new Date(pulled.end as string) }),
  timed: fieldsFromGraph(timed),
  timedPushed: fieldsToGraph(fieldsFromGraph(timed), { exception: false }),
};
process.stdout.write(JSON.stringify({ serverOffset: -new Date(Date.UTC(2026, 11, 24)).getTimezoneOffset(), results }));
