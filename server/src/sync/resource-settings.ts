// From the plugin settings to what one resource's sync needs: direction, conflict policy, window.
import type { PublicSettings } from '../../../shared/settings';
import type { ResourceName, ResourceSettings } from './resources/types';

const DAY_MS = 86_400_000;

/**
 * The calendar window runs from pastDays before today to futureDays after, in whole UTC days: the
 * delta round (whose links bake the window in) then stays the same all day, and a new day or a
 * changed setting starts a new round.
 */
export function resourceSettings(settings: PublicSettings, resource: ResourceName, now = new Date()): ResourceSettings {
  return { ...directionAndWindow(settings, resource, now), deletionGuard: settings.deletionGuard };
}

function directionAndWindow(settings: PublicSettings, resource: ResourceName, now: Date): ResourceSettings {
  switch (resource) {
    case 'calendar': {
      const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
      const { direction, conflictResolution, pastDays, futureDays, sendInvitations } = settings.calendar;
      return {
        direction,
        conflictResolution,
        window: { start: new Date(today - pastDays * DAY_MS), end: new Date(today + (futureDays + 1) * DAY_MS) },
        sendInvitations: sendInvitations === true,
      };
    }
    case 'tasks':
      return { direction: settings.tasks.direction, conflictResolution: settings.tasks.conflictResolution };
    case 'email': {
      // Imported only, so the reconciler never writes to Microsoft. The window only bounds the first
      // round (messages of the last initialDays); later rounds follow that round's delta link.
      const { folders, initialDays } = settings.email;
      return { direction: 'microsoft-to-strapi', conflictResolution: 'microsoft-wins', window: { start: new Date(now.getTime() - initialDays * DAY_MS), end: now }, folders } as ResourceSettings;
    }
  }
}

/** Whether a moved window starts a new delta round (the calendar view) or only shaped the first (mail). */
export function windowRestartsRound(resource: ResourceName): boolean {
  return resource === 'calendar';
}

/** Events announced for entries a pull creates (README "Talking to Microsoft"), with the stored entry as payload. */
export const CREATED_EVENTS: Partial<Record<ResourceName, string>> = { email: 'microsoft-365.email.received' };

export function integrationEnabled(settings: PublicSettings, resource: ResourceName): boolean {
  return Boolean(settings.integrations[resource]);
}
