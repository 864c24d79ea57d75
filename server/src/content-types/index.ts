import alertLog from './alert-log';
import calendarEvent from './calendar-event';
import emailMessage from './email-message';
import mailbox from './mailbox';
import syncLease from './sync-lease';
import syncMapping from './sync-mapping';
import syncQuarantine from './sync-quarantine';
import syncRun from './sync-run';
import syncState from './sync-state';
import syncSubscription from './sync-subscription';
import task from './task';
import { VIEWS, withView } from './views';

export default {
  mailbox: withView(mailbox, VIEWS.mailbox),
  'calendar-event': withView(calendarEvent, VIEWS['calendar-event']),
  task: withView(task, VIEWS.task),
  'email-message': withView(emailMessage, VIEWS['email-message']),
  'sync-mapping': syncMapping,
  'sync-state': syncState,
  'sync-run': syncRun,
  'sync-lease': syncLease,
  'sync-quarantine': syncQuarantine,
  'sync-subscription': syncSubscription,
  'alert-log': alertLog,
};
