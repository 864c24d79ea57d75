// When the schedule starts a run: pure rules over the stored settings and the run history. The
// schedule service (services/schedule.ts) reads those and ticks.
import type { PublicSettings } from '../../shared/settings';

export const CRON_JOB_NAME = 'microsoft-365-sync';
const MINUTE_MS = 60_000;

export interface DueInput {
  /** When the newest run (any trigger) started; null when there has never been one. */
  lastRunStartedAt: Date | string | null;
  intervalMinutes: number;
  now: Date;
}

function startedMs(value: Date | string | null): number | null {
  if (value === null) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** True when a scheduled run should start now: never run, or the interval has passed since the last start. */
export function isDue({ lastRunStartedAt, intervalMinutes, now }: DueInput): boolean {
  const last = startedMs(lastRunStartedAt);
  if (last === null) return true;
  return now.getTime() - last >= intervalMinutes * MINUTE_MS;
}

/** When the schedule will next start a run: the last start plus the interval, or now when that is past. */
export function nextRunAt({ lastRunStartedAt, intervalMinutes, now }: DueInput): Date {
  const last = startedMs(lastRunStartedAt);
  if (last === null) return new Date(now.getTime());
  return new Date(Math.max(last + intervalMinutes * MINUTE_MS, now.getTime()));
}

/** Why the schedule would not start a run whatever the time: null when it may. */
export function scheduleBlocker(settings: PublicSettings, schedulerEnabled: boolean): string | null {
  if (!schedulerEnabled) return 'the scheduler is disabled in the plugin config';
  const { integrations, azure } = settings;
  if (!integrations.calendar && !integrations.tasks && !integrations.email) return 'no integration is enabled';
  if (!azure.tenantId || !azure.clientId || !azure.clientSecretSet) return 'the Azure application settings are incomplete';
  return null;
}

export interface ScheduleState {
  /** Null when the schedule cannot run (see `blockedBy`). */
  nextRunAt: Date | null;
  due: boolean;
  blockedBy: string | null;
  lastRunStartedAt: Date | null;
  intervalMinutes: number;
}

export type TickOutcome =
  | { started: true; runId: string | null }
  | { started: false; reason: 'busy' | 'blocked' | 'not-due' | 'failed'; detail?: string };
