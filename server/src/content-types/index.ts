import calendarEvent from './calendar-event';
import emailMessage from './email-message';
import mailbox from './mailbox';
import syncLease from './sync-lease';
import syncMapping from './sync-mapping';
import syncRun from './sync-run';
import syncState from './sync-state';
import task from './task';

export default {
  mailbox,
  'calendar-event': calendarEvent,
  task,
  'email-message': emailMessage,
  'sync-mapping': syncMapping,
  'sync-state': syncState,
  'sync-run': syncRun,
  'sync-lease': syncLease,
};
