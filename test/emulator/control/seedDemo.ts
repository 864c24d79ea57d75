// Demo content: dates relative to now so everything falls in the default sync window
// (30 days back, 365 ahead).
import { DEMO } from '../demo';
import type { EmulatorControl } from './control';
import { occurrenceId } from '../graph/calendar/events';

const DAY = 86400000;

function utcAt(daysFromToday: number, hour: number, minute = 0): string {
  const today = new Date();
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + daysFromToday, hour, minute));
  return d.toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$10000');
}

function dateOnly(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * DAY).toISOString().slice(0, 10);
}

export function seedDemoData(control: EmulatorControl): void {
  control.addTenant({
    tenantId: DEMO.tenantId,
    domain: DEMO.tenantDomain,
    apps: [{ clientId: DEMO.clientId, secret: DEMO.clientSecret, permissions: [...DEMO.permissions] }],
  });
  DEMO.mailboxes.forEach((address, i) => control.addUser({ tenantId: DEMO.tenantId, address, displayName: DEMO.displayNames[i], shared: i === 2 }));
  const [adele, alex, support] = DEMO.mailboxes;

  // Calendar: singles, an all-day event and a weekly series with one edited and one cancelled occurrence.
  control.createEvent(adele, {
    subject: 'Quarterly planning',
    body: { contentType: 'html', content: '<p>Plan the next quarter.</p>' },
    start: { dateTime: utcAt(2, 9), timeZone: 'UTC' },
    end: { dateTime: utcAt(2, 10, 30), timeZone: 'UTC' },
    location: { displayName: 'Room 101' },
    attendees: [{ emailAddress: { address: alex, name: 'Alex Wilber' }, type: 'required' }],
    categories: ['Planning'],
  });
  control.createEvent(adele, {
    subject: 'Customer visit (past)',
    start: { dateTime: utcAt(-5, 14), timeZone: 'UTC' },
    end: { dateTime: utcAt(-5, 15), timeZone: 'UTC' },
  });
  control.createEvent(adele, {
    subject: 'Company holiday',
    isAllDay: true,
    showAs: 'free',
    start: { dateTime: `${dateOnly(10)}T00:00:00.0000000`, timeZone: 'UTC' },
    end: { dateTime: `${dateOnly(11)}T00:00:00.0000000`, timeZone: 'UTC' },
  });
  const series = control.createEvent(adele, {
    subject: 'Weekly sync',
    start: { dateTime: utcAt(1, 8), timeZone: 'UTC' },
    end: { dateTime: utcAt(1, 8, 30), timeZone: 'UTC' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: [new Date(Date.now() + DAY).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }).toLowerCase()] },
      range: { type: 'numbered', startDate: dateOnly(1), numberOfOccurrences: 10 },
    },
  });
  const seriesId = String(series.id);
  control.updateEvent(adele, occurrenceId(seriesId, dateOnly(8)), { subject: 'Weekly sync (moved)', start: { dateTime: utcAt(8, 11), timeZone: 'UTC' }, end: { dateTime: utcAt(8, 11, 30), timeZone: 'UTC' } });
  control.deleteEvent(adele, occurrenceId(seriesId, dateOnly(15)));
  control.createEvent(alex, {
    subject: 'Monthly report',
    start: { dateTime: utcAt(3, 15), timeZone: 'UTC' },
    end: { dateTime: utcAt(3, 16), timeZone: 'UTC' },
    recurrence: { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: Number(dateOnly(3).slice(8, 10)) }, range: { type: 'noEnd', startDate: dateOnly(3) } },
  });
  control.createEvent(support, {
    subject: 'Support rota handover',
    start: { dateTime: utcAt(0, 16), timeZone: 'UTC' },
    end: { dateTime: utcAt(0, 16, 15), timeZone: 'UTC' },
  });

  // To Do: the default list and a named list, with open, completed and due tasks.
  control.createTask(adele, 'defaultList', { title: 'Book travel', importance: 'high', dueDateTime: { dateTime: `${dateOnly(5)}T00:00:00`, timeZone: 'UTC' }, isReminderOn: true, reminderDateTime: { dateTime: utcAt(4, 9), timeZone: 'UTC' } });
  control.createTask(adele, 'defaultList', { title: 'Submit expenses', status: 'completed', categories: ['Finance'] });
  const project = control.createTodoList(adele, 'Project Phoenix');
  control.createTask(adele, String(project.id), { title: 'Draft the launch plan', status: 'inProgress', body: { content: 'Outline milestones and owners.', contentType: 'text' } });
  control.createTask(adele, String(project.id), { title: 'Review budget', dueDateTime: { dateTime: `${dateOnly(20)}T00:00:00`, timeZone: 'UTC' } });
  control.createTask(alex, 'defaultList', { title: 'Prepare monthly report', dueDateTime: { dateTime: `${dateOnly(3)}T00:00:00`, timeZone: 'UTC' } });

  // Mail: received mail in the inboxes, sent mail in Sent Items.
  const external = { emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@fabrikam.example' } };
  const to = (address: string, name: string) => [{ emailAddress: { address, name } }];
  control.createMessage(adele, 'inbox', { subject: 'Welcome to Contoso', from: external, toRecipients: to(adele, 'Adele Vance'), body: { contentType: 'html', content: '<p>Glad to have you on board.</p>' }, receivedDateTime: new Date(Date.now() - 2 * DAY).toISOString() });
  control.createMessage(adele, 'inbox', { subject: 'Invoice 2041', from: external, toRecipients: to(adele, 'Adele Vance'), body: { contentType: 'text', content: 'Please find the invoice attached.' }, attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'invoice-2041.pdf', contentType: 'application/pdf' }], receivedDateTime: new Date(Date.now() - 3600_000).toISOString() });
  control.createMessage(adele, 'inbox', { subject: 'Old newsletter', from: external, toRecipients: to(adele, 'Adele Vance'), isRead: true, receivedDateTime: new Date(Date.now() - 45 * DAY).toISOString() });
  control.createMessage(adele, 'sentitems', { subject: 'Re: Welcome to Contoso', from: { emailAddress: { name: 'Adele Vance', address: adele } }, toRecipients: [external], isRead: true, receivedDateTime: new Date(Date.now() - DAY).toISOString() });
  control.createMessage(alex, 'inbox', { subject: 'Report numbers', from: { emailAddress: { name: 'Adele Vance', address: adele } }, toRecipients: to(alex, 'Alex Wilber'), receivedDateTime: new Date(Date.now() - 5 * DAY).toISOString() });
  control.createMessage(support, 'inbox', { subject: 'Cannot sign in', from: external, toRecipients: to(support, 'Contoso Support'), importance: 'high', receivedDateTime: new Date(Date.now() - 6 * 3600_000).toISOString() });
}
