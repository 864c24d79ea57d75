import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminApi, adminWithActions, registerSuperAdmin } from '../helpers/admin-api';
import { startPlayground, type Playground } from '../helpers/playground';

let playground: Playground;
let superAdmin: AdminApi;
let readOnly: AdminApi;
let nobody: AdminApi;

const paths = (body: any) => (body.error.details.errors as Array<{ path: string[] }>).map((error) => error.path);
const count = () => playground.strapi.db.query('plugin::microsoft-365.mailbox').count({});

describe(`mailboxes API (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    playground = await startPlayground();
    superAdmin = await registerSuperAdmin(playground.url);
    readOnly = await adminWithActions(playground.strapi, playground.url, 'Reader', ['plugin::microsoft-365.settings.read']);
    nobody = await adminWithActions(playground.strapi, playground.url, 'Nobody', []);
  });
  after(async () => playground?.stop());

  let adele: any;

  test('POST creates a mailbox with the documented defaults and a normalized address', async () => {
    const { status, body } = await superAdmin.post('/microsoft-365/mailboxes', { address: ' Adele.Vance@Contoso.onmicrosoft.com ', displayName: 'Adele Vance' });
    assert.equal(status, 201);
    adele = body.data;
    assert.equal(adele.address, 'adele.vance@contoso.onmicrosoft.com');
    assert.equal(adele.displayName, 'Adele Vance');
    assert.deepEqual([adele.enabled, adele.calendar, adele.tasks, adele.email], [true, true, true, true]);
    assert.equal(adele.owner, null);
    assert.ok(adele.documentId);
  });

  test('an owner is chosen among admin users', async () => {
    const owners = await superAdmin.get('/microsoft-365/owners');
    assert.equal(owners.status, 200);
    const ada = owners.body.data.find((user: any) => user.email === 'ada@example.com');
    assert.ok(ada, 'the super admin is offered as an owner');
    assert.equal(ada.password, undefined);

    const { status, body } = await superAdmin.post('/microsoft-365/mailboxes', { address: 'support@contoso.onmicrosoft.com', owner: ada.id, tasks: false });
    assert.equal(status, 201);
    assert.equal(body.data.owner.email, 'ada@example.com');
    assert.equal(body.data.tasks, false);

    const missing = await superAdmin.post('/microsoft-365/mailboxes', { address: 'nobody@contoso.onmicrosoft.com', owner: 999999 });
    assert.equal(missing.status, 400);
    assert.deepEqual(paths(missing.body), [['owner']]);
  });

  test('a duplicate address answers 400 naming address, whatever its case', async () => {
    const before = await count();
    const { status, body } = await superAdmin.post('/microsoft-365/mailboxes', { address: 'ADELE.VANCE@contoso.onmicrosoft.com' });
    assert.equal(status, 400);
    assert.equal(body.error.name, 'ValidationError');
    assert.deepEqual(paths(body), [['address']]);
    assert.equal(await count(), before);
  });

  const badBodies: Array<{ name: string; body: unknown; paths: string[][] }> = [
    { name: 'no address', body: { displayName: 'x' }, paths: [['address']] },
    { name: 'an address that is not an address', body: { address: 'adele at contoso' }, paths: [['address']] },
    { name: 'wrong types', body: { address: 'a@contoso.com', displayName: 5, enabled: 'yes', calendar: 1, owner: 'ada' }, paths: [['displayName'], ['owner'], ['enabled'], ['calendar']] },
    { name: 'unknown fields', body: { address: 'a@contoso.com', lastSyncAt: '2020-01-01', color: 'red' }, paths: [['lastSyncAt'], ['color']] },
    { name: 'an array body', body: [], paths: [[]] },
  ];
  for (const { name, body, paths: expected } of badBodies) {
    test(`POST with ${name} answers 400 per field and stores nothing`, async () => {
      const before = await count();
      const response = await superAdmin.post('/microsoft-365/mailboxes', body);
      assert.equal(response.status, 400);
      assert.deepEqual(paths(response.body), expected);
      assert.equal(await count(), before);
    });
  }

  test('PUT updates, keeps the address unique and validates', async () => {
    const updated = await superAdmin.put(`/microsoft-365/mailboxes/${adele.documentId}`, { displayName: 'Adele V.', email: false });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.data.displayName, 'Adele V.');
    assert.equal(updated.body.data.email, false);
    assert.equal(updated.body.data.address, adele.address);

    const sameAddress = await superAdmin.put(`/microsoft-365/mailboxes/${adele.documentId}`, { address: adele.address.toUpperCase() });
    assert.equal(sameAddress.status, 200, 'its own address is not a duplicate');

    const taken = await superAdmin.put(`/microsoft-365/mailboxes/${adele.documentId}`, { address: 'support@contoso.onmicrosoft.com' });
    assert.equal(taken.status, 400);
    assert.deepEqual(paths(taken.body), [['address']]);

    const bad = await superAdmin.put(`/microsoft-365/mailboxes/${adele.documentId}`, { address: '', enabled: null });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), [['address'], ['enabled']]);

    assert.equal((await superAdmin.put('/microsoft-365/mailboxes/does-not-exist', { displayName: 'x' })).status, 404);
  });

  test('GET lists mailboxes by address; settings.read may list', async () => {
    const { status, body } = await readOnly.get('/microsoft-365/mailboxes');
    assert.equal(status, 200);
    assert.deepEqual(body.data.map((mailbox: any) => mailbox.address), ['adele.vance@contoso.onmicrosoft.com', 'support@contoso.onmicrosoft.com']);
  });

  test('DELETE stops syncing a mailbox and leaves its synced entries', async () => {
    const event = await playground.strapi.documents('plugin::microsoft-365.calendar-event').create({
      data: { subject: 'Kept', start: '2026-12-01T10:00:00.000Z', end: '2026-12-01T11:00:00.000Z', mailbox: adele.documentId } as never,
    });
    const removed = await superAdmin.delete(`/microsoft-365/mailboxes/${adele.documentId}`);
    assert.equal(removed.status, 200);
    const list = await superAdmin.get('/microsoft-365/mailboxes');
    assert.deepEqual(list.body.data.map((mailbox: any) => mailbox.address), ['support@contoso.onmicrosoft.com']);
    const kept = await playground.strapi.documents('plugin::microsoft-365.calendar-event').findOne({ documentId: event.documentId });
    assert.equal(kept?.subject, 'Kept');
    assert.equal((await superAdmin.delete(`/microsoft-365/mailboxes/${adele.documentId}`)).status, 404);
  });

  test('401 without a token and 403 without the action, on every route', async () => {
    const anonymous = new AdminApi(playground.url, null);
    const routes: Array<[string, string, AdminApi[]]> = [
      ['GET', '/microsoft-365/mailboxes', [nobody]],
      ['POST', '/microsoft-365/mailboxes', [nobody, readOnly]],
      ['PUT', '/microsoft-365/mailboxes/x', [nobody, readOnly]],
      ['DELETE', '/microsoft-365/mailboxes/x', [nobody, readOnly]],
      ['GET', '/microsoft-365/owners', [nobody, readOnly]],
    ];
    for (const [method, path, forbidden] of routes) {
      const body = method === 'POST' || method === 'PUT' ? { address: 'x@contoso.com' } : undefined;
      assert.equal((await anonymous.request(method, path, body)).status, 401, `${method} ${path} without a token`);
      for (const client of forbidden) assert.equal((await client.request(method, path, body)).status, 403, `${method} ${path} without the action`);
    }
  });
});
