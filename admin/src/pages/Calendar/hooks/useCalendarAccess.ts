// What the admin may see on the calendar page: each synced type's Read in the Content Manager, and the
// plugin's settings.read (which lists the mailboxes). useRBAC names a permission after its action's last
// segment, so each subject is asked on its own (both are "explorer.read").
import { useRBAC } from '@strapi/strapi/admin';
import { CALENDAR_PERMISSIONS, PERMISSIONS } from '../../../pluginId';

export interface CalendarAccess {
  isLoading: boolean;
  canReadEvents: boolean;
  canReadTasks: boolean;
  canReadSettings: boolean;
}

export function useCalendarAccess(): CalendarAccess {
  const events = useRBAC(CALENDAR_PERMISSIONS.events);
  const tasks = useRBAC(CALENDAR_PERMISSIONS.tasks);
  const settings = useRBAC(PERMISSIONS.read);
  return {
    isLoading: events.isLoading || tasks.isLoading || settings.isLoading,
    canReadEvents: events.allowedActions.canRead === true,
    canReadTasks: tasks.allowedActions.canRead === true,
    canReadSettings: settings.allowedActions.canRead === true,
  };
}
