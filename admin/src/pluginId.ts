import { ACTIONS, PLUGIN_ID, UID } from '../../shared/plugin';

export { PLUGIN_ID };

export const PERMISSIONS = {
  read: [{ action: ACTIONS.settingsRead, subject: null }],
  update: [{ action: ACTIONS.settingsUpdate, subject: null }],
  sync: [{ action: ACTIONS.syncRun, subject: null }],
};

/** The Content Manager's Read on the synced types: the calendar view shows what the admin may read there. */
const CONTENT_MANAGER_READ = 'plugin::content-manager.explorer.read';
export const CALENDAR_PERMISSIONS = {
  events: [{ action: CONTENT_MANAGER_READ, subject: UID.calendarEvent }],
  tasks: [{ action: CONTENT_MANAGER_READ, subject: UID.task }],
};

/** Prefixes a translation key with the plugin id, as Strapi's admin expects. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
