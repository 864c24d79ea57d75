// The plugin's names, declared once for the server, the admin page, the tests and the bench.

export const PLUGIN_ID = 'microsoft-365';

export const UID = {
  mailbox: 'plugin::microsoft-365.mailbox',
  calendarEvent: 'plugin::microsoft-365.calendar-event',
  task: 'plugin::microsoft-365.task',
  emailMessage: 'plugin::microsoft-365.email-message',
  syncMapping: 'plugin::microsoft-365.sync-mapping',
  syncState: 'plugin::microsoft-365.sync-state',
  syncRun: 'plugin::microsoft-365.sync-run',
  syncLease: 'plugin::microsoft-365.sync-lease',
  syncQuarantine: 'plugin::microsoft-365.sync-quarantine',
  syncSubscription: 'plugin::microsoft-365.sync-subscription',
  alertLog: 'plugin::microsoft-365.alert-log',
} as const;

export const ACTIONS = {
  settingsRead: 'plugin::microsoft-365.settings.read',
  settingsUpdate: 'plugin::microsoft-365.settings.update',
  syncRun: 'plugin::microsoft-365.sync.run',
} as const;

/** What a mailbox syncs, in the order a run goes through them. */
export const RESOURCES = ['calendar', 'tasks', 'email'] as const;
export type ResourceName = (typeof RESOURCES)[number];

/** The content type each resource's items are stored in. */
export const RESOURCE_UID = {
  calendar: UID.calendarEvent,
  tasks: UID.task,
  email: UID.emailMessage,
} as const satisfies Record<ResourceName, string>;
