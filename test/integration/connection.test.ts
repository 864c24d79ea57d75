import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DEMO } from '../emulator';
import { AdminApi, adminWithActions, registerSuperAdmin } from '../helpers/admin-api';
import { usePlaygroundWithEmulator } from '../helpers/emulated-playground';

// A second app in the demo tenant that was granted calendar and mail but not To Do.
const PARTIAL_APP = { clientId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', secret: 'partial-app-secret-value', permissions: ['Calendars.ReadWrite', 'Mail.Read', 'User.Read.All'] };
const BLOCKED_APP = { clientId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', secret: 'blocked-app-secret-value', permissions: [...DEMO.permissions], blockedMailboxes: [DEMO.mailboxes[0]] };

const { playground, emulator } = usePlaygroundWithEmulator({
  apps: [{ clientId: DEMO.clientId, secret: DEMO.clientSecret, permissions: [...DEMO.permissions] }, PARTIAL_APP, BLOCKED_APP],
});
let superAdmin: AdminApi;

const checksOf = (body: any) => Object.fromEntries((body.data.checks as Array<{ name: string; ok: boolean; message: string }>).map((check) => [check.name, check]));

describe(`POST /microsoft-365/connection/test (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    superAdmin = await registerSuperAdmin(playground.url);
    const saved = await superAdmin.put('/microsoft-365/settings', { azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret } });
    assert.equal(saved.status, 200);
    assert.equal((await superAdmin.post('/microsoft-365/mailboxes', { address: DEMO.mailboxes[0] })).status, 201);
  });

  test('the saved demo tenant passes every check', async () => {
    const { status, body } = await superAdmin.post('/microsoft-365/connection/test');
    assert.equal(status, 200);
    assert.equal(body.data.ok, true, JSON.stringify(body.data.checks));
    assert.deepEqual(body.data.checks.map((check: any) => [check.name, check.ok]), [['token', true], ['calendar', true], ['tasks', true], ['mail', true]]);
    assert.equal(body.data.mailbox, DEMO.mailboxes[0]);
  });

  test('unsaved form values are tried without being stored; a wrong secret is named, not shown', async () => {
    const before = await superAdmin.get('/microsoft-365/settings');
    const { status, body } = await superAdmin.post('/microsoft-365/connection/test', { azure: { clientSecret: 'definitely-wrong-secret' } });
    assert.equal(status, 200);
    assert.equal(body.data.ok, false);
    const checks = checksOf(body);
    assert.equal(checks.token.ok, false);
    assert.match(checks.token.message, /secret/i);
    assert.ok(!JSON.stringify(body).includes('definitely-wrong-secret'));
    for (const name of ['calendar', 'tasks', 'mail']) assert.equal(checks[name].ok, false, `${name} is skipped after a failed token`);
    assert.deepEqual((await superAdmin.get('/microsoft-365/settings')).body, before.body);
  });

  test('another tenant, application or cloud never gets the saved secret: it must be given too', async () => {
    const tokenRequests = () => emulator.control.requests().filter((request) => /token/.test(request.path)).length;
    const before = tokenRequests();
    assert.ok(before > 0, 'the emulator logs token requests');
    for (const azure of [{ tenantId: 'fabrikam.onmicrosoft.com' }, { clientId: PARTIAL_APP.clientId }, { cloud: 'usgov' }, { clientSecret: null, tenantId: 'fabrikam.onmicrosoft.com' }]) {
      const { status, body } = await superAdmin.post('/microsoft-365/connection/test', { azure });
      assert.equal(status, 400, JSON.stringify(azure));
      assert.deepEqual(body.error.details.errors.map((error: any) => error.path), [['azure', 'clientSecret']]);
    }
    assert.equal(tokenRequests(), before, 'no token was asked for with the saved secret');
    // The saved values themselves, as the settings form sends them, keep using the saved secret.
    const same = await superAdmin.post('/microsoft-365/connection/test', { azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, cloud: 'global' } });
    assert.equal(same.status, 200);
    assert.equal(checksOf(same.body).token.ok, true);
  });

  test('an unknown application and an unknown tenant are told apart', async () => {
    const unknownApp = checksOf((await superAdmin.post('/microsoft-365/connection/test', { azure: { clientId: '00000000-1111-2222-3333-444444444444', clientSecret: 'some-secret' } })).body);
    assert.match(unknownApp.token.message, /application|client/i);
    const unknownTenant = checksOf((await superAdmin.post('/microsoft-365/connection/test', { azure: { tenantId: 'fabrikam.onmicrosoft.com', clientSecret: 'some-secret' } })).body);
    assert.match(unknownTenant.token.message, /tenant|directory/i);
    assert.notEqual(unknownApp.token.message, unknownTenant.token.message);
  });

  test('a missing permission is named on its check', async () => {
    const { body } = await superAdmin.post('/microsoft-365/connection/test', { azure: { clientId: PARTIAL_APP.clientId, clientSecret: PARTIAL_APP.secret } });
    const checks = checksOf(body);
    assert.equal(checks.token.ok, true);
    assert.equal(checks.calendar.ok, true);
    assert.equal(checks.tasks.ok, false);
    assert.match(checks.tasks.message, /Tasks\.ReadWrite\.All/);
  });

  test('an application access policy blocking the mailbox is explained', async () => {
    const { body } = await superAdmin.post('/microsoft-365/connection/test', { azure: { clientId: BLOCKED_APP.clientId, clientSecret: BLOCKED_APP.secret }, mailbox: DEMO.mailboxes[0] });
    const checks = checksOf(body);
    assert.equal(checks.token.ok, true);
    assert.equal(checks.calendar.ok, false);
    assert.match(checks.calendar.message, /access policy/i);
  });

  test('a mailbox that does not exist is named', async () => {
    const { body } = await superAdmin.post('/microsoft-365/connection/test', { mailbox: 'ghost@contoso.onmicrosoft.com' });
    const checks = checksOf(body);
    assert.equal(checks.calendar.ok, false);
    assert.match(checks.calendar.message, /ghost@contoso\.onmicrosoft\.com/);
  });

  test('bad form values answer 400 per field', async () => {
    const { status, body } = await superAdmin.post('/microsoft-365/connection/test', { azure: { tenantId: 'common', clientId: 'x' }, mailbox: 5 });
    assert.equal(status, 400);
    assert.deepEqual(body.error.details.errors.map((error: any) => error.path), [['azure', 'tenantId'], ['azure', 'clientId'], ['mailbox']]);
  });

  test('401 without a token, 403 with settings.read only', async () => {
    assert.equal((await new AdminApi(playground.url, null).post('/microsoft-365/connection/test')).status, 401);
    const reader = await adminWithActions(playground.strapi, playground.url, 'Reader', ['plugin::microsoft-365.settings.read']);
    assert.equal((await reader.post('/microsoft-365/connection/test')).status, 403);
  });
});
