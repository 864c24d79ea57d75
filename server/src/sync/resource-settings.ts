// From the plugin settings to what one resource's sync needs: direction, conflict policy, window.
import type { PublicSettings } from '../settings/types';
import type { ResourceName, ResourceSettings } from './resources/types';

const DAY_MS = 86_400_000;

/**
 * The calendar window runs from pastDays before today to futureDays after, in whole UTC days: the
 * delta round (whose links bake the window in) then stays the same all day, and a new day or a
 * changed setting starts a new round.
 */
export function resourceSettings(settings: PublicSettings, resource: ResourceName, now = new Date()): ResourceSettings {
  switch (resource) {
    case 'calendar': {
      const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
      const { direction, conflictResolution, pastDays, futureDays } = settings.calendar;
      return { direction, conflictResolution, window: { start: new Date(today - pastDays * DAY_MS), end: new Date(today + (futureDays + 1) * DAY_MS) } };
    }
    case 'tasks':
      return { direction: settings.tasks.direction, conflictResolution: settings.tasks.conflictResolution };
    case 'email':
      // Imported only; the reconciler then never writes to Microsoft.
      return { direction: 'microsoft-to-strapi', conflictResolution: 'microsoft-wins' };
  }
}

export function integrationEnabled(settings: PublicSettings, resource: ResourceName): boolean {
  return Boolean(settings.integrations[resource]);
}
