// The sync admin API (README "Admin API"): POST /sync (202, ?wait=true, 400, 403, 401, 409), status, run history.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { AdminApi, adminWithActions, registerSuperAdmin } from '../helpers/admin-api';
import { useSyncWorld } from './sync-support';

let admin: AdminApi;
let reader: AdminApi;

const paths = (body: any) => (body.error.details.errors as Array<{ path: string[] }>).map((e) => e.path);

async function waitForRun(id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const { body } = await admin.get(`/microsoft-365/sync/runs/${id}`);
    if (body.data.status !== 'running') return body.data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${id} did not finish`);
}

describe(`sync API (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();
  before(async () => {
    admin = await registerSuperAdmin(world.playground.url);
    reader = await adminWithActions(world.strapi, world.playground.url, 'Reader', ['plugin::microsoft-365.settings.read']);
  });

  test('POST /sync answers 202 with the run id at once; the run finishes in the background', async () => {
    const mailbox = await world.newMailbox('api-start');
    world.outlookCreate(mailbox.address, 'Started by the API', 4);
    const { status, body } = await admin.post('/microsoft-365/sync', { mailboxes: [mailbox.address] });
    assert.equal(status, 202);
    assert.equal(body.data.status, 'running');
    assert.equal(typeof body.data.id, 'string');
    const run = await waitForRun(body.data.id);
    assert.equal(run.status, 'succeeded');
    assert.equal(run.trigger, 'manual');
    assert.equal((await world.localEvents(mailbox.address)).length, 1);
  });

  test('POST /sync?wait=true answers 200 with the finished SyncRun', async () => {
    const mailbox = await world.newMailbox('api-wait');
    world.outlookCreate(mailbox.address, 'Waited for', 4);
    const { status, body } = await admin.post('/microsoft-365/sync?wait=true', { mailboxes: [mailbox.address], resources: ['calendar'] });
    assert.equal(status, 200);
    const run = body.data;
    assert.deepEqual(Object.keys(run).sort(), ['action', 'finishedAt', 'id', 'results', 'startedAt', 'status', 'trigger']);
    assert.equal(run.action, 'sync');
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(run.results, [
      { mailbox: mailbox.address, resource: 'calendar', pulled: { created: 1, updated: 0, deleted: 0 }, pushed: { created: 0, updated: 0, deleted: 0 }, conflicts: 0, graphRequests: 1, errors: [] },
    ]);
  });

  test('a bad body answers 400 with one entry per bad field, and starts nothing', async () => {
    const before = await world.strapi.db.query('plugin::microsoft-365.sync-run' as never).count({});
    const bad = await admin.post('/microsoft-365/sync', { mailboxes: 'adele', resources: ['calendar', 'fax'], colour: 'red' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.name, 'ValidationError');
    assert.deepEqual(paths(bad.body), [['colour'], ['mailboxes'], ['resources', '1']]);
    const notBoolean = await admin.post('/microsoft-365/sync', { fromScratch: 'yes' });
    assert.equal(notBoolean.status, 400);
    assert.deepEqual(paths(notBoolean.body), [['fromScratch']]);
    const unknown = await admin.post('/microsoft-365/sync', { mailboxes: ['nobody@contoso.onmicrosoft.com'] });
    assert.equal(unknown.status, 400);
    assert.deepEqual(paths(unknown.body), [['mailboxes', '0']]);
    assert.equal(await world.strapi.db.query('plugin::microsoft-365.sync-run' as never).count({}), before);
  });

  test('the test hook and the trigger cannot be set from a request body', async () => {
    const before = await world.strapi.db.query('plugin::microsoft-365.sync-run' as never).count({});
    for (const query of ['', '?wait=true']) {
      const hooked = await admin.post(`/microsoft-365/sync${query}`, { onCheckpoint: 'process.exit', trigger: 'scheduler' });
      assert.equal(hooked.status, 400, query);
      assert.deepEqual(paths(hooked.body), [['onCheckpoint'], ['trigger']]);
    }
    assert.equal(await world.strapi.db.query('plugin::microsoft-365.sync-run' as never).count({}), before);
  });

  test('permissions: sync.run is needed to start, settings.read to look; no token is 401', async () => {
    assert.equal((await reader.post('/microsoft-365/sync', {})).status, 403);
    assert.equal((await reader.get('/microsoft-365/sync/status')).status, 200);
    assert.equal((await reader.get('/microsoft-365/sync/runs')).status, 200);
    const anonymous = new AdminApi(world.playground.url, null);
    assert.equal((await anonymous.post('/microsoft-365/sync', {})).status, 401);
    assert.equal((await anonymous.get('/microsoft-365/sync/status')).status, 401);
    const nobody = await adminWithActions(world.strapi, world.playground.url, 'Nobody', []);
    assert.equal((await nobody.get('/microsoft-365/sync/runs')).status, 403);
  });

  test('two simultaneous POST /sync: one runs, the other gets 409, and nothing is duplicated', async () => {
    const mailbox = await world.newMailbox('api-race');
    for (let i = 0; i < 30; i++) world.outlookCreate(mailbox.address, `Race ${i}`, 3 + i);
    world.emulator.control.configure({ latencyMs: 100 });
    try {
      const answers = await Promise.all([
        admin.post('/microsoft-365/sync?wait=true', { mailboxes: [mailbox.address] }),
        admin.post('/microsoft-365/sync?wait=true', { mailboxes: [mailbox.address] }),
      ]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
      const conflict = answers.find((a) => a.status === 409)!;
      assert.equal(conflict.body.error.status, 409);
      assert.equal(conflict.body.data, null);
    } finally {
      world.emulator.control.configure({ latencyMs: 0 });
    }
    assert.equal((await world.localEvents(mailbox.address)).length, 30);
    await world.assertInStep(mailbox.address);
  });

  test('GET /sync/status: running, next run time and the last run', async () => {
    const { status, body } = await admin.get('/microsoft-365/sync/status');
    assert.equal(status, 200);
    assert.equal(body.data.running, false);
    assert.ok('nextRunAt' in body.data);
    assert.equal(body.data.lastRun.status, 'succeeded');
    const runs = await admin.get('/microsoft-365/sync/runs?pageSize=1');
    assert.equal(body.data.lastRun.id, runs.body.data[0].id);
  });

  test('GET /sync/runs pages the history newest first; /sync/runs/:id reads one, 404 when unknown', async () => {
    const all = await admin.get('/microsoft-365/sync/runs?pageSize=100');
    assert.equal(all.status, 200);
    const total = all.body.meta.pagination.total;
    assert.ok(total >= 3);
    const starts = all.body.data.map((r: any) => r.startedAt);
    assert.deepEqual(starts, [...starts].sort().reverse());

    const page2 = await admin.get('/microsoft-365/sync/runs?page=2&pageSize=2');
    assert.deepEqual(page2.body.meta.pagination, { page: 2, pageSize: 2, pageCount: Math.ceil(total / 2), total });
    assert.deepEqual(page2.body.data.map((r: any) => r.id), all.body.data.slice(2, 4).map((r: any) => r.id));

    const one = await admin.get(`/microsoft-365/sync/runs/${all.body.data[0].id}`);
    assert.deepEqual(one.body.data, all.body.data[0]);
    assert.equal((await admin.get('/microsoft-365/sync/runs/does-not-exist')).status, 404);
    const bad = await admin.get('/microsoft-365/sync/runs?page=0&pageSize=1000');
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), [['page'], ['pageSize']]);
  });

  test('every query parameter of every route is validated: 400 naming it, never a 500 (page=1e18)', async () => {
    const runsBefore = await world.strapi.db.query('plugin::microsoft-365.sync-run' as never).count({});
    const cases: Array<[string, string[][]]> = [
      ['/microsoft-365/sync/runs?page=1e18', [['page']]],
      ['/microsoft-365/sync/runs?page=1000000000000000000', [['page']]],
      ['/microsoft-365/sync/runs?page=-1&pageSize=0', [['page'], ['pageSize']]],
      ['/microsoft-365/sync/runs?page=1.5&pageSize=abc', [['page'], ['pageSize']]],
      ['/microsoft-365/sync/runs?page=1&page=2', [['page']]],
      ['/microsoft-365/sync/runs?pageSize=101', [['pageSize']]],
      ['/microsoft-365/sync/runs?sort=id', [['sort']]],
      ['/microsoft-365/sync/runs/does-not-exist?x=1', [['x']]],
      ['/microsoft-365/sync/status?verbose=true', [['verbose']]],
      ['/microsoft-365/settings?populate=*', [['populate']]],
      ['/microsoft-365/mailboxes?filters[address]=x', [['filters']]],
      ['/microsoft-365/owners?limit=5', [['limit']]],
    ];
    for (const [url, expected] of cases) {
      const answer = await admin.get(url);
      assert.equal(answer.status, 400, url);
      assert.equal(answer.body.error.name, 'ValidationError', url);
      assert.deepEqual(paths(answer.body), expected, url);
    }
    const badWait = await admin.post('/microsoft-365/sync?wait=soon', {});
    assert.equal(badWait.status, 400);
    assert.deepEqual(paths(badWait.body), [['wait']]);
    const badTest = await admin.post('/microsoft-365/connection/test?secret=x', {});
    assert.equal(badTest.status, 400);
    assert.deepEqual(paths(badTest.body), [['secret']]);
    // Nothing was started by the refused POST.
    assert.equal(await world.strapi.db.query('plugin::microsoft-365.sync-run' as never).count({}), runsBefore);
    // The highest page allowed is answered (empty), not an error.
    const last = await admin.get('/microsoft-365/sync/runs?page=1000000&pageSize=100');
    assert.equal(last.status, 200);
    assert.deepEqual(last.body.data, []);
  });
});
