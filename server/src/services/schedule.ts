// The schedule: a short Strapi cron tick that starts a sync run when `sync.intervalMinutes` have
// passed since the last run started. Settings are read on every tick, so a changed interval (or
// integrations switched on or off) applies without a restart. It starts runs through the sync
// service; the sync service asks it only for `state()` (GET /sync/status's nextRunAt).
import { UID } from '../../../shared/plugin';
import { CRON_JOB_NAME, isDue, nextRunAt, scheduleBlocker, type ScheduleState, type TickOutcome } from '../scheduler';
import { createLease, isLeaseHeld, SCHEDULER_LEASE_NAME, SYNC_LEASE_NAME } from '../sync/lease';
import { safeLogMessage } from '../sync/safe-errors';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';

export default ({ strapi }: { strapi: Strapi }) => {
  /** This process's tick still running, so a tick never overlaps the last and stop can wait for it. */
  let inFlight: Promise<unknown> | null = null;

  async function lastRunStartedAt(): Promise<Date | null> {
    const run = (await strapi.db.query(UID.syncRun).findOne({ select: ['startedAt'], orderBy: { startedAt: 'desc' } })) as {
      startedAt: string | Date;
    } | null;
    return run ? new Date(run.startedAt) : null;
  }

  /** Where the schedule stands now, from the stored settings and run history. */
  async function state(now = new Date()): Promise<ScheduleState> {
    const settings = await pluginService(strapi, 'settings').get();
    const blockedBy = scheduleBlocker(settings, pluginConfig(strapi).schedulerEnabled);
    const last = await lastRunStartedAt();
    const input = { lastRunStartedAt: last, intervalMinutes: settings.sync.intervalMinutes, now };
    return {
      nextRunAt: blockedBy ? null : nextRunAt(input),
      due: !blockedBy && isDue(input),
      blockedBy,
      lastRunStartedAt: last,
      intervalMinutes: settings.sync.intervalMinutes,
    };
  }

  /** Why this tick starts nothing (busy, blocked, not due), or null when a run should start. */
  async function tickDecision(): Promise<TickOutcome | null> {
    if (await isLeaseHeld(strapi, SYNC_LEASE_NAME)) return { started: false, reason: 'busy' };
    const current = await state();
    if (current.blockedBy) return { started: false, reason: 'blocked', detail: current.blockedBy };
    if (!current.due) return { started: false, reason: 'not-due' };
    return null;
  }

  /**
   * One tick: if a run is due, start it. The decision and the run happen under the scheduler lease, so
   * when two processes tick together only one decides, and the other's next tick sees the new run in
   * the history. A manual run in progress (the sync lease held, here or elsewhere) makes a tick wait.
   */
  async function tick(): Promise<TickOutcome> {
    // Cheap checks first, without writing: most ticks find nothing due.
    const before = await tickDecision();
    if (before) return before;
    const lease = createLease(strapi, { name: SCHEDULER_LEASE_NAME, ttlMs: pluginConfig(strapi).leaseTtlSeconds * 1000 });
    if (!(await lease.acquire())) return { started: false, reason: 'busy' };
    try {
      // Again under the lease: another process may have run it since our first look.
      const decided = await tickDecision();
      if (decided) return decided;
      try {
        const run = await pluginService(strapi, 'sync').run({ trigger: 'schedule' });
        return { started: true, runId: run.id };
      } catch (error) {
        // A manual run that took the sync lease between our check and now answers 409: not a failure.
        if (await isLeaseHeld(strapi, SYNC_LEASE_NAME)) return { started: false, reason: 'busy' };
        throw error;
      }
    } finally {
      await lease.release();
    }
  }

  /** Registers the cron job; false when `schedulerEnabled` is false or the tick rule is invalid. */
  function start(): boolean {
    const config = pluginConfig(strapi);
    if (!config.schedulerEnabled) return false;
    strapi.cron.add({
      [CRON_JOB_NAME]: {
        task: async () => {
          // Croner may fire again while a long run is still going: one tick at a time per process.
          if (inFlight) return;
          const ticking = tick()
            .then((outcome) => {
              if (outcome.started) strapi.log.info(`[microsoft-365] scheduled sync run ${outcome.runId ?? ''} finished`);
              else if (outcome.reason === 'failed') strapi.log.warn(`[microsoft-365] scheduled sync not started: ${outcome.detail}`);
            })
            .catch((error: unknown) => strapi.log.error(`[microsoft-365] scheduled sync failed: ${safeLogMessage(error)}`))
            // The client secret's end date, read when due (once a day): between runs, never inside one.
            .then(() => pluginService(strapi, 'alerts').checkSecret())
            .catch((error: unknown) => strapi.log.warn(`[microsoft-365] could not check the client secret's end date: ${safeLogMessage(error)}`))
            // Live updates: renewals, and due scopes a process received but did not pull (it died).
            .then(() => pluginService(strapi, 'notifications').tick())
            .catch((error: unknown) => strapi.log.warn(`[microsoft-365] live updates: ${safeLogMessage(error)}`))
            .finally(() => (inFlight = null));
          inFlight = ticking;
          await ticking;
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
  async function stop(graceMs = 5_000): Promise<void> {
    strapi.cron.remove(CRON_JOB_NAME);
    if (!inFlight) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([inFlight, new Promise((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
    clearTimeout(timeout);
  }

  return { state, tick, start, stop };
};
