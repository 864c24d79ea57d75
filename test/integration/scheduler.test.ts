// The schedule on a real playground Strapi whose cron ticks every second: what blocks it, what makes
// it due, that a changed interval applies on the next tick without a restart, and that a tick while
// the sync lease is held does nothing.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { CRON_JOB_NAME } from '../../server/src/scheduler';
import { pluginService } from '../../server/src/utils/strapi';
import { createLease, SCHEDULER_LEASE_NAME, SYNC_LEASE_NAME } from '../../server/src/sync/lease';
import { DEMO, startEmulator, type Emulator } from '../emulator';
import { startPlayground, type Playground } from '../helpers/playground';
import { UID } from '../../shared/plugin';
import { waitFor } from '../helpers/wait';

const SYNC_RUN = UID.syncRun;
const MIN = 60_000;

let playground: Playground;
let emulator: Emulator | null = null;

const settings = () => playground.strapi.plugin('microsoft-365').service('settings');
const schedule = () => pluginService(playground.strapi, 'schedule');
const scheduledRuns = async () =>
  (await playground.strapi.db.query(SYNC_RUN).findMany({ where: { trigger: 'schedule' }, orderBy: { startedAt: 'asc' } })) as Array<{
    id: number;
    status: string;
    startedAt: string;
    finishedAt: string | null;
    results: unknown;
  }>;
const recordRun = (startedAt: Date) =>
  playground.strapi.db.query(SYNC_RUN).create({
    data: { trigger: 'manual', status: 'succeeded', startedAt, finishedAt: new Date(startedAt.getTime() + 1_000), results: [] },
  });
/** Another process's hold, as far as this one can tell: a lease object with its own holder id. */
const holdElsewhere = async (name: string) => {
  const lease = createLease(playground.strapi, { name, ttlMs: 60_000, holder: `elsewhere:${name}` });
  assert.equal(await lease.acquire(), true);
  return lease;
};


describe(`scheduler (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    if (process.env.NODE_EXTRA_CA_CERTS) emulator = await startEmulator({ port: 0, seed: 'demo' });
    playground = await startPlayground({
      env: {
        MICROSOFT365_SCHEDULER: 'true',
        MICROSOFT365_SCHEDULER_TICK: '* * * * * *',
        MICROSOFT365_LEASE_TTL_SECONDS: '30',
        MICROSOFT365_AUTHORITY_HOST: emulator?.authorityHost,
        MICROSOFT365_GRAPH_BASE_URL: emulator?.graphBaseUrl,
      },
    });
  });
  after(async () => {
    await playground?.stop();
    await emulator?.close();
  });

  test('the cron job is registered with the configured tick rule', () => {
    const job = (playground.strapi.cron.jobs as Array<{ name: string | null; options: { rule: string } }>).find((spec) => spec.name === CRON_JOB_NAME);
    assert.ok(job, 'microsoft-365-sync is registered');
    assert.equal(job.options.rule, '* * * * * *');
  });

  test('blocked until an integration is on and the Azure app is complete', async () => {
    assert.deepEqual(await schedule().tick(), { started: false, reason: 'blocked', detail: 'no integration is enabled' });
    await settings().update({ integrations: { calendar: true } });
    const outcome = await schedule().tick();
    assert.equal(outcome.started, false);
    assert.match(outcome.started ? '' : outcome.detail ?? '', /Azure/);
    assert.equal((await schedule().state()).nextRunAt, null, 'no next run while blocked');
  });

  test('a changed interval applies at once, with no restart', async () => {
    await playground.strapi.plugin('microsoft-365').service('mailboxes').create({ address: DEMO.mailboxes[0] });
    // History first, so completing the settings does not make a first run due.
    const lastStart = new Date(Date.now() - 10 * MIN);
    await recordRun(lastStart);
    await settings().update({
      azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret },
      sync: { intervalMinutes: 30 },
    });
    let state = await schedule().state();
    assert.equal(state.blockedBy, null);
    assert.equal(state.due, false);
    assert.equal(state.nextRunAt?.getTime(), lastStart.getTime() + 30 * MIN);
    assert.deepEqual(await schedule().tick(), { started: false, reason: 'not-due' });

    await settings().update({ sync: { intervalMinutes: 15 } });
    state = await schedule().state();
    assert.equal(state.due, false);
    assert.equal(state.nextRunAt?.getTime(), lastStart.getTime() + 15 * MIN, 'the next run follows the new interval');

    // Ticks every second for a while: nothing starts while not due.
    await sleep(2_500);
    assert.equal((await scheduledRuns()).length, 0);

    // Another process deciding (holding the scheduler lease): this one's ticks stand back even when due.
    // Taken while nothing is due, so no tick of ours can hold it at that moment.
    const deciding = await holdElsewhere(SCHEDULER_LEASE_NAME);
    await settings().update({ sync: { intervalMinutes: 5 } });
    assert.equal((await schedule().state()).due, true, 'due at once under the shorter interval');
    assert.deepEqual(await schedule().tick(), { started: false, reason: 'busy' });
    await sleep(2_500);
    assert.equal((await scheduledRuns()).length, 0, 'no run while another process decides');

    // A run in progress (the sync lease held, here or in another process): ticks do nothing.
    const run = await holdElsewhere(SYNC_LEASE_NAME);
    await deciding.release();
    assert.deepEqual(await schedule().tick(), { started: false, reason: 'busy' });
    await sleep(2_500);
    assert.equal((await scheduledRuns()).length, 0, 'no run while the sync lease is held');
    await run.release();
  });

  test('the next ticks start one scheduled run under the new interval, then wait for it again', async (t) => {
    if (!emulator) {
      t.skip('needs NODE_EXTRA_CA_CERTS=test/emulator/.certs/ca.pem to trust the Graph emulator');
      return;
    }
    const [first] = await waitFor('a scheduled run', async () => {
      const runs = await scheduledRuns();
      return runs.length > 0 && runs[0].finishedAt ? runs : null;
    }, 30_000);
    // Its start is now the last start: with 5 minutes between runs, a few more ticks start nothing.
    await sleep(3_000);
    const runs = await scheduledRuns();
    assert.equal(runs.length, 1, `one scheduled run, got ${runs.length}`);
    assert.equal(first.status, 'succeeded', `the scheduled run: ${JSON.stringify(first)}`);
    const state = await schedule().state();
    assert.equal(state.due, false);
    assert.equal(state.nextRunAt?.getTime(), new Date(first.startedAt).getTime() + 5 * MIN);
  });
});
