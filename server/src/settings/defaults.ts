import type { Settings } from '../../../shared/settings';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  azure: { tenantId: '', clientId: '', cloud: 'global' },
  integrations: { email: false, calendar: false, tasks: false },
  sync: { intervalMinutes: 30 },
  calendar: { direction: 'bidirectional', conflictResolution: 'strapi-wins', pastDays: 30, futureDays: 365, sendInvitations: false },
  tasks: { direction: 'bidirectional', conflictResolution: 'strapi-wins' },
  email: { folders: ['inbox', 'sentitems'], initialDays: 30 },
  deletionGuard: { minItems: 20, share: 0.5 },
  alerts: { email: false },
}) as Settings;

export function defaultSettings(): Settings {
  return structuredClone(DEFAULT_SETTINGS) as Settings;
}
