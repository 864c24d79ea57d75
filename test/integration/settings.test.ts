import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminApi, adminWithActions, registerSuperAdmin } from '../helpers/admin-api';
import { startPlayground, type Playground } from '../helpers/playground';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const SECRET = 'Xy7~very.secret~value_123';

let playground: Playground;
let superAdmin: AdminApi;
let readOnly: AdminApi;
let nobody: AdminApi;

const storedValue = async () => playground.strapi.store({ type: 'plugin', name: 'microsoft-365', key: 'settings' }).get({});

describe(`settings API (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    playground = await startPlayground();
    superAdmin = await registerSuperAdmin(playground.url);
    readOnly = await adminWithActions(playground.strapi, playground.url, 'Reader', ['plugin::microsoft-365.settings.read']);
    nobody = await adminWithActions(playground.strapi, playground.url, 'Nobody', []);
  });
  after(async () => playground?.stop());

  test('GET answers the documented defaults, without a secret', async () => {
    const { status, body } = await superAdmin.get('/microsoft-365/settings');
    assert.equal(status, 200);
    assert.deepEqual(body.data, {
      azure: { tenantId: '', clientId: '', cloud: 'global', clientSecretSet: false },
      integrations: { email: false, calendar: false, tasks: false },
      sync: { intervalMinutes: 30 },
      calendar: { direction: 'bidirectional', conflictResolution: 'strapi-wins', pastDays: 30, futureDays: 365, sendInvitations: false },
      tasks: { direction: 'bidirectional', conflictResolution: 'strapi-wins' },
      email: { folders: ['inbox', 'sentitems'], initialDays: 30 },
      deletionGuard: { minItems: 20, share: 0.5 },
      alerts: { email: false },
    });
  });

  test('the deletion guard takes a whole minItems and a share from 0 to 1; anything else is a 400 naming it', async () => {
    const bad = await superAdmin.put('/microsoft-365/settings', { deletionGuard: { minItems: 2.5, share: 1.5 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      (bad.body.error.details.errors as Array<{ path: string[] }>).map((e) => e.path),
      [['deletionGuard', 'minItems'], ['deletionGuard', 'share']],
    );
    assert.deepEqual((await superAdmin.get('/microsoft-365/settings')).body.data.deletionGuard, { minItems: 20, share: 0.5 });
    const good = await superAdmin.put('/microsoft-365/settings', { deletionGuard: { share: 0.25 } });
    assert.equal(good.status, 200);
    assert.deepEqual(good.body.data.deletionGuard, { minItems: 20, share: 0.25 });
    await superAdmin.put('/microsoft-365/settings', { deletionGuard: { share: 0.5 } });
  });

  test('PUT deep-merges, seals the secret and never returns it', async () => {
    const { status, body } = await superAdmin.put('/microsoft-365/settings', {
      azure: { tenantId: TENANT, clientId: CLIENT.toUpperCase(), clientSecret: SECRET },
      integrations: { calendar: true },
      calendar: { direction: 'microsoft-to-strapi' },
      email: { folders: ['Inbox', 'archive'] },
    });
    assert.equal(status, 200);
    assert.deepEqual(body.data.azure, { tenantId: TENANT, clientId: CLIENT, cloud: 'global', clientSecretSet: true });
    assert.deepEqual(body.data.integrations, { email: false, calendar: true, tasks: false });
    assert.deepEqual(body.data.calendar, { direction: 'microsoft-to-strapi', conflictResolution: 'strapi-wins', pastDays: 30, futureDays: 365, sendInvitations: false });
    assert.deepEqual(body.data.email, { folders: ['inbox', 'archive'], initialDays: 30 });
    assert.ok(!JSON.stringify(body).includes(SECRET));

    const raw = JSON.stringify(await storedValue());
    assert.ok(!raw.includes(SECRET), 'the store must not hold the plain secret');
    assert.match(raw, /"clientSecretSealed":"v1\./);

    const credentials = await playground.strapi.plugin('microsoft-365').service('settings').getCredentials();
    assert.equal(credentials.clientSecret, SECRET);
  });

  test('omitting or nulling the secret keeps it; a new one replaces it', async () => {
    await superAdmin.put('/microsoft-365/settings', { sync: { intervalMinutes: 15 } });
    await superAdmin.put('/microsoft-365/settings', { azure: { clientSecret: null, cloud: 'usgov' } });
    const settings = playground.strapi.plugin('microsoft-365').service('settings');
    assert.equal((await settings.getCredentials()).clientSecret, SECRET);
    const { body } = await superAdmin.get('/microsoft-365/settings');
    assert.equal(body.data.azure.clientSecretSet, true);
    assert.equal(body.data.azure.cloud, 'usgov');
    assert.equal(body.data.sync.intervalMinutes, 15);

    await superAdmin.put('/microsoft-365/settings', { azure: { clientSecret: 'replacement' } });
    assert.equal((await settings.getCredentials()).clientSecret, 'replacement');
  });

  test('the secret never reaches the logs', async () => {
    const written: string[] = [];
    const originalWrite = process.stdout.write.bind(process.stdout);
    const originalLevel = playground.strapi.log.level;
    playground.strapi.log.level = 'debug';
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (originalWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      await superAdmin.put('/microsoft-365/settings', { azure: { clientSecret: 'log-canary-secret' } });
      await superAdmin.put('/microsoft-365/settings', { azure: { clientSecret: 'log-canary-secret', tenantId: 'common' } });
    } finally {
      process.stdout.write = originalWrite;
      playground.strapi.log.level = originalLevel;
    }
    assert.ok(written.length > 0, 'debug logging produced output to inspect');
    assert.ok(!written.join('').includes('log-canary-secret'));
  });

  const badBodies: Array<{ name: string; body: unknown; paths: string[][]; contentType?: string }> = [
    { name: 'an array body', body: [], paths: [[]] },
    { name: 'a text body', body: 'tenant=common', paths: [[]], contentType: 'text/plain' },
    { name: 'a number body', body: '42', paths: [[]], contentType: 'text/plain' },
    { name: 'wrong types everywhere', body: { azure: { tenantId: 5, clientId: true }, integrations: { email: 'yes' }, sync: { intervalMinutes: '30' } }, paths: [['azure', 'tenantId'], ['azure', 'clientId'], ['integrations', 'email'], ['sync', 'intervalMinutes']] },
    { name: 'interval out of range', body: { sync: { intervalMinutes: 0 } }, paths: [['sync', 'intervalMinutes']] },
    { name: 'interval not whole', body: { sync: { intervalMinutes: 1.5 } }, paths: [['sync', 'intervalMinutes']] },
    { name: 'interval too large', body: { sync: { intervalMinutes: 1441 } }, paths: [['sync', 'intervalMinutes']] },
    { name: 'unknown enums', body: { azure: { cloud: 'mars' }, calendar: { direction: 'sideways', conflictResolution: 'coin-flip' }, tasks: { direction: 'up' } }, paths: [['azure', 'cloud'], ['calendar', 'direction'], ['calendar', 'conflictResolution'], ['tasks', 'direction']] },
    { name: "tenant 'common'", body: { azure: { tenantId: 'common' } }, paths: [['azure', 'tenantId']] },
    { name: "tenant 'organizations'", body: { azure: { tenantId: 'Organizations' } }, paths: [['azure', 'tenantId']] },
    { name: 'tenant not a GUID nor a domain', body: { azure: { tenantId: 'not a tenant' } }, paths: [['azure', 'tenantId']] },
    { name: 'client ID not a GUID', body: { azure: { clientId: 'my-app' } }, paths: [['azure', 'clientId']] },
    { name: 'an empty secret', body: { azure: { clientSecret: '  ' } }, paths: [['azure', 'clientSecret']] },
    { name: 'unknown keys', body: { extra: 1, azure: { password: 'x' }, sync: { every: 5 } }, paths: [['extra'], ['azure', 'password'], ['sync', 'every']] },
    { name: 'a section that is not an object', body: { calendar: 'bidirectional' }, paths: [['calendar']] },
    { name: 'window days out of range', body: { calendar: { pastDays: -1, futureDays: 0 } }, paths: [['calendar', 'pastDays'], ['calendar', 'futureDays']] },
    { name: 'bad folders', body: { email: { folders: ['inbox', 'not a folder!', 'INBOX', 7], initialDays: 0 } }, paths: [['email', 'folders', '1'], ['email', 'folders', '2'], ['email', 'folders', '3'], ['email', 'initialDays']] },
    { name: 'no folders', body: { email: { folders: [] } }, paths: [['email', 'folders']] },
  ];

  for (const { name, body, paths, contentType } of badBodies) {
    test(`400 with one entry per field for ${name}, and nothing stored`, async () => {
      const before = await storedValue();
      const response = await superAdmin.request('PUT', '/microsoft-365/settings', body, contentType ? { 'content-type': contentType } : {});
      assert.equal(response.status, 400);
      assert.equal(response.body.error.name, 'ValidationError');
      const errors = response.body.error.details.errors as Array<{ path: string[]; message: string }>;
      assert.deepEqual(errors.map((error) => error.path), paths);
      for (const error of errors) assert.ok(error.message.length > 5, `a message for ${error.path.join('.')}`);
      assert.deepEqual(await storedValue(), before);
    });
  }

  test('401 without a token', async () => {
    const anonymous = new AdminApi(playground.url, null);
    assert.equal((await anonymous.get('/microsoft-365/settings')).status, 401);
    assert.equal((await anonymous.put('/microsoft-365/settings', { sync: { intervalMinutes: 5 } })).status, 401);
  });

  test('403 without the action; settings.read alone cannot update', async () => {
    assert.equal((await nobody.get('/microsoft-365/settings')).status, 403);
    assert.equal((await nobody.put('/microsoft-365/settings', { sync: { intervalMinutes: 5 } })).status, 403);
    assert.equal((await readOnly.get('/microsoft-365/settings')).status, 200);
    const before = await storedValue();
    assert.equal((await readOnly.put('/microsoft-365/settings', { sync: { intervalMinutes: 5 } })).status, 403);
    assert.deepEqual(await storedValue(), before);
  });

  test('the three RBAC actions are registered under the plugin', async () => {
    const actions = playground.strapi.service('admin::permission').actionProvider.values() as Array<{ actionId: string; pluginName?: string }>;
    const ours = actions.filter((action) => action.pluginName === 'microsoft-365').map((action) => action.actionId).sort();
    assert.deepEqual(ours, ['plugin::microsoft-365.settings.read', 'plugin::microsoft-365.settings.update', 'plugin::microsoft-365.sync.run']);
  });
});
