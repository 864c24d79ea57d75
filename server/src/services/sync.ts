import { errors } from '@strapi/utils';
import { safeLogMessage } from '../sync/safe-errors';
import { runFenced } from '../sync/fence';
import { createLease, isLeaseHeld, SYNC_LEASE_NAME, type Lease } from '../sync/lease';
import { executeRun, type RunnerOutcome, type ScopeSelection } from '../sync/runner';
import { emptyResult, RESOURCES, TRIGGERS, type CheckpointHook, type SyncRequest, type SyncRun, type SyncTrigger } from '../sync/run-types';
import { createRun, failAbandonedRuns, finishRun, getRun, lastRun, listRuns } from '../sync/store';
import type { SyncRunAction, SyncRunFilters, SyncRunPage } from '../../../shared/api';
import { withItemTitles } from '../sync/run-item-titles';
import { scheduleTakes } from '../mailboxes/backoff';
import { applyRecoveryTool, type RecoveryTool } from '../mailboxes/recovery';
import type { FieldError, PublicSettings } from '../../../shared/settings';
import { boolean, list, object, oneOf, optional, text, validator, withDefault, type Rule } from '../../../shared/validation/schema';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';

export const SYNC_COMPLETED_EVENT = 'microsoft-365.sync.completed';
export const SYNC_FAILED_EVENT = 'microsoft-365.sync.failed';
export { HEALTH_CHANGED_EVENT } from '../mailboxes/health-events';

/** Another run holds the sync lease (here or in another process sharing the database): HTTP 409. */
export class SyncInProgressError extends errors.ApplicationError {
  readonly status = 409;
  constructor() {
    super('A Microsoft 365 sync is already running; try again when it has finished.');
    (this as { name: string }).name = 'ConflictError';
  }
}

/** A run to launch: what it records and the work it does under the lease. */
interface RunPlan {
  trigger: SyncTrigger;
  action: SyncRunAction;
  request: SyncRequest;
  work: (run: { leaseLost: () => boolean }) => Promise<RunnerOutcome>;
}

interface Launched {
  run: SyncRun;
  done: Promise<SyncRun>;
}

export interface RunOptions extends SyncRequest {
  /** Test hook: called at each named point of the run; throwing there stops the run like a crash. */
  onCheckpoint?: CheckpointHook;
}

const SYNC_REQUEST_MESSAGES = {
  body: 'The request body must be a JSON object',
  unknown: 'Is not a sync option',
  boolean: 'Must be true or false',
  mailboxes: 'Must be a list of mailbox addresses',
  mailbox: 'Must be a mailbox address',
  resources: `Must be a list of ${RESOURCES.join(', ')}`,
  enum: 'Must be one of {values}',
};
const SYNC_REQUEST_FIELDS = {
  fromScratch: boolean(),
  mailboxes: list(text({ trim: true, empty: 'mailbox', code: 'mailbox' }), { code: 'mailboxes' }),
  resources: list(oneOf(RESOURCES), { code: 'resources' }),
};
const syncRequestOf = (fields: Record<string, Rule<unknown>>) =>
  validator(optional(object(fields, { unknownKeys: 'first', notObject: 'body' })), SYNC_REQUEST_MESSAGES, { codes: false });
/** A POST /sync body; a service caller's request may name its trigger too (after the body's fields). */
const validateSyncBody = syncRequestOf(SYNC_REQUEST_FIELDS);
const validateSyncCall = syncRequestOf({ ...SYNC_REQUEST_FIELDS, trigger: withDefault(oneOf(TRIGGERS), 'api') });

/** Checks a POST /sync body (or a service caller's request): one issue per bad field. */
export function validateSyncRequest(input: unknown): FieldError[] {
  return validateSyncBody(input).issues;
}

export default ({ strapi }: { strapi: Strapi }) => {
  /** The run this process is doing, if any. */
  let current: { id: string; done: Promise<SyncRun> } | null = null;

  async function readSettings(): Promise<PublicSettings> {
    return pluginService(strapi, 'settings').get();
  }

  /** Checks a sync request and the mailboxes it names, then launches the run. */
  async function begin(options: RunOptions): Promise<Launched> {
    const { onCheckpoint, trigger = 'api', ...request } = options ?? {};
    const { issues } = validateSyncCall({ ...request, trigger });
    if (issues.length > 0) throw validationError(issues);
    const requestedMailboxes = request.mailboxes?.map((m) => m.trim());
    const mailboxes = await pluginService(strapi, 'mailboxes').stored();
    if (requestedMailboxes) {
      const unknown = requestedMailboxes
        .map((m, i) => ({ m: m.toLowerCase(), i }))
        .filter(({ m }) => !mailboxes.some((box) => box.address.toLowerCase() === m || box.documentId.toLowerCase() === m));
      if (unknown.length > 0) throw validationError(unknown.map(({ i }) => ({ path: ['mailboxes', String(i)], message: 'No such mailbox' })));
    }
    const fromScratch = request.fromScratch === true;
    const settings = await readSettings();
    // The schedule leaves alone, for now, mailboxes in a transient streak's backoff (mailboxes/backoff.ts).
    const taken =
      trigger === 'schedule'
        ? mailboxes.filter((box) => scheduleTakes(box, new Date(), settings.sync.intervalMinutes, pluginConfig(strapi).maxRetryBackoffMinutes))
        : mailboxes;
    return launch({
      trigger: trigger as SyncTrigger,
      action: fromScratch ? 'resync' : 'sync',
      request: { mailboxes: requestedMailboxes, resources: request.resources, fromScratch },
      work: async ({ leaseLost }) =>
        executeRun({
          strapi,
          settings,
          mailboxes: taken,
          gateway: () => pluginService(strapi, 'graph').getGateway(),
          request: { mailboxes: requestedMailboxes, resources: request.resources },
          fromScratch,
          onCheckpoint,
          leaseLost,
        }),
    });
  }

  /**
   * Takes the lease and records the run; the work goes on in the background, each of its write
   * transactions fenced by the lease. Every run goes through here: syncs and the recovery tools.
   */
  async function launch(plan: RunPlan): Promise<Launched> {
    if (current) throw new SyncInProgressError();
    let leaseLost = false;
    const lease: Lease = createLease(strapi, {
      name: SYNC_LEASE_NAME,
      ttlMs: pluginConfig(strapi).leaseTtlSeconds * 1000,
      onLost: () => {
        leaseLost = true;
      },
    });
    if (!(await lease.acquire())) throw new SyncInProgressError();
    let run: SyncRun;
    try {
      run = await createRun(strapi, plan.trigger, plan.request, plan.action);
      await failAbandonedRuns(strapi, run.id);
    } catch (error) {
      await lease.release();
      throw error;
    }

    const done = (async (): Promise<SyncRun> => {
      let outcome: RunnerOutcome;
      try {
        // Every write transaction of the run checks that this lease is still ours (fence.ts).
        outcome = await runFenced({ name: SYNC_LEASE_NAME, holder: lease.holder }, () => plan.work({ leaseLost: () => leaseLost }));
      } catch (error) {
        strapi.log.error(`[microsoft-365] ${plan.action} run ${run.id} failed: ${safeLogMessage(error)}`);
        outcome = { status: 'failed', results: [] };
      }
      let finished: SyncRun;
      try {
        finished = await finishRun(strapi, run.id, outcome.status, outcome.results);
      } finally {
        await lease.release().catch((error: unknown) => strapi.log.warn(`[microsoft-365] could not release the sync lease: ${safeLogMessage(error)}`));
        current = null;
      }
      await strapi.eventHub.emit(finished.status === 'failed' ? SYNC_FAILED_EVENT : SYNC_COMPLETED_EVENT, finished);
      try {
        await pluginService(strapi, 'alerts').afterRun();
      } catch (error) {
        strapi.log.warn(`[microsoft-365] could not announce mailbox health changes: ${safeLogMessage(error)}`);
      }
      // A run may have found new To Do lists (or lost some): live updates subscribe to them.
      pluginService(strapi, 'notifications').requestMaintain();
      return finished;
    })();
    current = { id: run.id, done };
    return { run, done };
  }

  /** Unlink or purge one mailbox (mailboxes/recovery.ts) as a run of its own, under the sync lease. */
  async function recover(documentId: string, tool: RecoveryTool, trigger: SyncTrigger): Promise<SyncRun> {
    const mailbox = (await pluginService(strapi, 'mailboxes').stored()).find((box) => box.documentId === documentId);
    if (!mailbox) throw new errors.NotFoundError('Mailbox not found');
    const counted = tool === 'unlink' ? 'entriesUnlinked' : 'entriesPurged';
    const { done } = await launch({
      trigger,
      action: tool,
      request: { mailboxes: [mailbox.address] },
      work: async () => {
        const counts = await applyRecoveryTool(strapi, mailbox, tool);
        return { status: 'succeeded', results: counts.map(({ resource, entries }) => ({ ...emptyResult(mailbox.address, resource), [counted]: entries })) };
      },
    });
    return done;
  }

  /**
   * The delta of the scopes change notifications named, pulled and not pushed, as a run of its own
   * (trigger "notification"); 409 while another run holds the lease. Resolves when the run started.
   */
  async function pullScopes(scopes: ReadonlyArray<ScopeSelection>): Promise<Launched> {
    const mailboxes = await pluginService(strapi, 'mailboxes').stored();
    const addresses = [...new Set(scopes.map((s) => s.mailbox))];
    const resources = [...new Set(scopes.map((s) => s.resource))];
    const settings = await readSettings();
    const request = { mailboxes: addresses, resources };
    return launch({
      trigger: 'notification',
      action: 'sync',
      request,
      work: async ({ leaseLost }) =>
        executeRun({ strapi, settings, mailboxes, gateway: () => pluginService(strapi, 'graph').getGateway(), request, scopes, leaseLost }),
    });
  }

  return {
    pullScopes,

    /** Runs a sync and resolves with the finished run (README "Talking to Microsoft"); 409 while another run holds the lease. */
    async run(options: RunOptions = {}): Promise<SyncRun> {
      const { done } = await begin(options);
      return done;
    },

    /** Starts a run without waiting for it (POST /sync without ?wait=true). */
    async start(options: RunOptions = {}): Promise<{ id: string; status: SyncRun['status'] }> {
      const { run, done } = await begin(options);
      done.catch((error: unknown) => strapi.log.error(`[microsoft-365] sync run ${run.id}: ${safeLogMessage(error)}`));
      return { id: run.id, status: run.status };
    },

    async status(): Promise<{ running: boolean; nextRunAt: string | null; lastRun: SyncRun | null }> {
      const [running, schedule, last] = await Promise.all([
        current ? Promise.resolve(true) : isLeaseHeld(strapi, SYNC_LEASE_NAME),
        pluginService(strapi, 'schedule').state(),
        lastRun(strapi),
      ]);
      return { running, nextRunAt: schedule.nextRunAt ? schedule.nextRunAt.toISOString() : null, lastRun: last };
    },

    async runs({ page = 1, pageSize = 10, ...filters }: { page?: number; pageSize?: number } & SyncRunFilters = {}): Promise<SyncRunPage> {
      return listRuns(strapi, page, pageSize, filters);
    },

    /** Forgets a mailbox's sync and detaches its entries (they stay in Strapi); switches it off. Nothing changes in Microsoft 365. */
    async unlink(documentId: string, { trigger = 'api' }: { trigger?: SyncTrigger } = {}): Promise<SyncRun> {
      return recover(documentId, 'unlink', trigger);
    },

    /** Deletes a mailbox's imported entries in Strapi only, with its sync bookkeeping; switches it off. Nothing is deleted in Microsoft 365. */
    async purge(documentId: string, { trigger = 'api' }: { trigger?: SyncTrigger } = {}): Promise<SyncRun> {
      return recover(documentId, 'purge', trigger);
    },

    async getRun(id: string): Promise<SyncRun> {
      const run = await getRun(strapi, id);
      if (!run) throw new errors.NotFoundError('Sync run not found');
      return withItemTitles(strapi, run);
    },

    /** Waits for this process's run, if any (Strapi's destroy, tests). */
    async idle(): Promise<void> {
      await current?.done.catch(() => undefined);
    },
  };
};
