// The schedule: a short Strapi cron tick that starts a sync run when `sync.intervalMinutes` have
// passed since the last run started. Settings are read on every tick, so a changed interval (or
// integrations switched on or off) applies without a restart.
import { safeLogMessage } from './sync/safe-errors';
import type { PublicSettings } from '../../shared/settings';
import { createLease, isLeaseHeld, SCHEDULER_LEASE_NAME, SYNC_LEASE_NAME } from './sync/lease';
import { pluginConfig, pluginService, type Strapi } from './utils/strapi';
import { UID } from '../../shared/plugin';

export const CRON_JOB_NAME = 'microsoft-365-sync';
const SYNC_RUN_UID = UID.syncRun;
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

async function lastRunStartedAt(strapi: Strapi): Promise<Date | null> {
  const run = (await strapi.db.query(SYNC_RUN_UID).findOne({ select: ['startedAt'], orderBy: { startedAt: 'desc' } })) as {
    startedAt: string | Date;
  } | null;
  return run ? new Date(run.startedAt) : null;
}

export interface ScheduleState {
  /** Null when the schedule cannot run (see `blockedBy`). */
  nextRunAt: Date | null;
  due: boolean;
  blockedBy: string | null;
  lastRunStartedAt: Date | null;
  intervalMinutes: number;
}

/** Where the schedule stands now, from the stored settings and run history (also for `GET /sync/status`). */
export async function scheduleState(strapi: Strapi, now = new Date()): Promise<ScheduleState> {
  const settings = await pluginService<{ get(): Promise<PublicSettings> }>(strapi, 'settings').get();
  const blockedBy = scheduleBlocker(settings, pluginConfig(strapi).schedulerEnabled);
  const last = await lastRunStartedAt(strapi);
  const input = { lastRunStartedAt: last, intervalMinutes: settings.sync.intervalMinutes, now };
  return {
    nextRunAt: blockedBy ? null : nextRunAt(input),
    due: !blockedBy && isDue(input),
    blockedBy,
    lastRunStartedAt: last,
    intervalMinutes: settings.sync.intervalMinutes,
  };
}

export type TickOutcome =
  | { started: true; runId: string | null }
  | { started: false; reason: 'busy' | 'blocked' | 'not-due' | 'failed'; detail?: string };

interface SyncService {
  run(input: { trigger: 'schedule' }): Promise<{ id: string | number }>;
}

/**
 * One tick: if a run is due, start it. The decision and the run happen under the scheduler lease, so
 * when two processes tick together only one decides, and the other's next tick sees the new run in
 * the history. A manual run in progress (the sync lease held, here or elsewhere) makes a tick wait.
 */
export async function schedulerTick(strapi: Strapi): Promise<TickOutcome> {
  // Cheap checks first, without writing: most ticks find nothing due.
  const before = await tickDecision(strapi);
  if (before) return before;
  const ttlMs = pluginConfig(strapi).leaseTtlSeconds * 1000;
  const lease = createLease(strapi, { name: SCHEDULER_LEASE_NAME, ttlMs });
  if (!(await lease.acquire())) return { started: false, reason: 'busy' };
  try {
    // Again under the lease: another process may have run it since our first look.
    const decided = await tickDecision(strapi);
    if (decided) return decided;
    const sync = pluginService<SyncService | undefined>(strapi, 'sync');
    if (!sync) return { started: false, reason: 'failed', detail: 'the sync service is not available' };
    try {
      const run = await sync.run({ trigger: 'schedule' });
      return { started: true, runId: run?.id === undefined ? null : String(run.id) };
    } catch (error) {
      // A manual run that took the sync lease between our check and now answers 409: not a failure.
      if (await isLeaseHeld(strapi, SYNC_LEASE_NAME)) return { started: false, reason: 'busy' };
      throw error;
    }
  } finally {
    await lease.release();
  }
}

/** Why this tick starts nothing (busy, blocked, not due), or null when a run should start. */
async function tickDecision(strapi: Strapi): Promise<TickOutcome | null> {
  if (await isLeaseHeld(strapi, SYNC_LEASE_NAME)) return { started: false, reason: 'busy' };
  const state = await scheduleState(strapi);
  if (state.blockedBy) return { started: false, reason: 'blocked', detail: state.blockedBy };
  if (!state.due) return { started: false, reason: 'not-due' };
  return null;
}

/** Ticks of this process still running, per Strapi instance, so destroy can wait for them. */
const inFlight = new WeakMap<Strapi, Promise<unknown>>();

/** Registers the cron job; false when `schedulerEnabled` is false or the tick rule is invalid. */
export function registerScheduler(strapi: Strapi): boolean {
  const config = pluginConfig(strapi);
  if (!config.schedulerEnabled) return false;
  strapi.cron.add({
    [CRON_JOB_NAME]: {
      task: async () => {
        // Croner may fire again while a long run is still going: one tick at a time per process.
        if (inFlight.has(strapi)) return;
        const tick = schedulerTick(strapi)
          .then((outcome) => {
            if (outcome.started) strapi.log.info(`[microsoft-365] scheduled sync run ${outcome.runId ?? ''} finished`);
            else if (outcome.reason === 'failed') strapi.log.warn(`[microsoft-365] scheduled sync not started: ${outcome.detail}`);
          })
          .catch((error: unknown) => strapi.log.error(`[microsoft-365] scheduled sync failed: ${safeLogMessage(error)}`))
          .finally(() => inFlight.delete(strapi));
        inFlight.set(strapi, tick);
        await tick;
      },
      options: { rule: config.schedulerTick },
    },
  });
  // Strapi logs a bad rule and carries on; say plainly what that means here.
  const registered = (strapi.cron.jobs as Array<{ name: string | null }>).some((job) => job.name === CRON_JOB_NAME);
  if (!registered) {
    strapi.log.error(`[microsoft-365] schedulerTick ${JSON.stringify(config.schedulerTick)} is not a valid cron rule; scheduled syncs are off`);
  }
  return registered;
}

/** Stops the cron job and gives a running tick a moment to finish. Lease renewals go on: a run still
 *  in progress keeps its lease until the caller has waited for it (see the plugin's destroy). */
export async function stopScheduler(strapi: Strapi, graceMs = 5_000): Promise<void> {
  strapi.cron.remove(CRON_JOB_NAME);
  const tick = inFlight.get(strapi);
  if (!tick) return;
  let timeout: NodeJS.Timeout | undefined;
  await Promise.race([tick, new Promise((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
  clearTimeout(timeout);
}
