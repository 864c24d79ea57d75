// Mailboxes written any way (issue 9 §1): the Content Manager and the Document Service go through the
// same validation, uniqueness and permission (settings.update) as the plugin's routes, and deleting a
// mailbox there forgets its cursors and mappings as DELETE /mailboxes/:documentId does; its synced
// entries stay.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { AdminApi, login, registerSuperAdmin } from '../helpers/admin-api';
import { EVENT_UID, useSyncWorld } from './sync-support';
import { UID } from '../../shared/plugin';

const MAILBOX_UID = UID.mailbox;
const CM = `/content-manager/collection-types/${MAILBOX_UID}`;
const CM_ACTIONS = ['create', 'read', 'update', 'delete'].map((name) => `plugin::content-manager.explorer.${name}`);
const PASSWORD = 'An0therStr0ngOne!';

describe(`mailboxes written in the Content Manager or the Document Service (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();
  let superAdmin: AdminApi;

  before(async () => {
    superAdmin = await registerSuperAdmin(world.playground.url);
  });

  /** An admin whose role has every Content Manager action on mailboxes, and the plugin's `extra` actions. */
  async function contentEditor(name: string, extra: string[]): Promise<AdminApi> {
    const role = await superAdmin.post<{ data: { id: number } }>('/admin/roles', { name: `${name} role`, description: 'Mailboxes in the Content Manager' });
    const granted = await superAdmin.put(`/admin/roles/${role.body.data.id}/permissions`, {
      permissions: [
        ...CM_ACTIONS.map((action) => ({ action, subject: MAILBOX_UID, properties: {}, conditions: [] })),
        ...extra.map((action) => ({ action, subject: null, properties: {}, conditions: [] })),
      ],
    });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    const email = `${name.toLowerCase()}@example.com`;
    await world.strapi.service('admin::user').create({ firstname: name, lastname: 'Tester', email, password: PASSWORD, isActive: true, registrationToken: null, roles: [role.body.data.id] });
    return login(world.playground.url, email, PASSWORD);
  }

  const addresses = async () => ((await world.strapi.db.query(MAILBOX_UID).findMany({ select: ['address'] })) as Array<{ address: string }>).map((m) => m.address).sort();
  const issues = (body: any) => (body.error?.details?.errors ?? []).map((error: any) => `${error.path.join('.')}:${error.code ?? error.message}`).sort();
  const bookkeeping = async (address: string) => ({
    cursors: await world.strapi.db.query('plugin::microsoft-365.sync-state').count({ where: { mailbox: address } }),
    mappings: await world.strapi.db.query('plugin::microsoft-365.sync-mapping').count({ where: { mailbox: address } }),
  });

  /** A mailbox synced once: its calendar has a cursor and three mappings. */
  async function syncedMailbox(name: string) {
    const mailbox = await world.newMailbox(name);
    for (let i = 0; i < 3; i++) world.outlookCreate(mailbox.address, `${name} ${i}`, 24 + i);
    await world.syncMailbox(mailbox.address);
    const before = await bookkeeping(mailbox.address);
    assert.ok(before.cursors > 0 && before.mappings === 3, JSON.stringify(before));
    return mailbox;
  }

  test('without settings.update the Content Manager may not create, change or delete a mailbox, whatever its rights there', async () => {
    const editor = await contentEditor('Carla', ['plugin::microsoft-365.settings.read']);
    const mailbox = await world.newMailbox('keepme');
    const before = await addresses();

    const created = await editor.post(CM, { address: 'ceo@contoso.onmicrosoft.com' });
    assert.equal(created.status, 403, JSON.stringify(created.body));
    const changed = await editor.put(`${CM}/${mailbox.documentId}`, { address: 'ceo@contoso.onmicrosoft.com' });
    assert.equal(changed.status, 403);
    const deleted = await editor.delete(`${CM}/${mailbox.documentId}`);
    assert.equal(deleted.status, 403);
    const bulk = await editor.post(`${CM}/actions/bulkDelete`, { documentIds: [mailbox.documentId] });
    assert.equal(bulk.status, 403);
    assert.deepEqual(await addresses(), before, 'nothing changed');
    // Reading stays as the role allows.
    assert.equal((await editor.get(`${CM}?page=1&pageSize=10`)).status, 200);

    // With settings.update the same role may.
    const admin = await contentEditor('Dora', ['plugin::microsoft-365.settings.read', 'plugin::microsoft-365.settings.update']);
    const allowed = await admin.post(CM, { address: 'Dora.Box@Contoso.onmicrosoft.com ' });
    assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
    assert.equal(allowed.body.data.address, 'dora.box@contoso.onmicrosoft.com', 'normalized as on the plugin route');
  });

  test('the Content Manager gets the route\'s validation: one 400 naming each bad field, nothing stored', async () => {
    const before = await addresses();
    const bad = await superAdmin.post(CM, { address: 'not an address', displayName: 'x'.repeat(300) });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.error.name, 'ValidationError');
    assert.deepEqual(issues(bad.body), ['address:address', 'displayName:too-long']);

    const taken = (await world.newMailbox('taken')).address;
    const duplicate = await superAdmin.post(CM, { address: taken.toUpperCase() });
    assert.equal(duplicate.status, 400);
    assert.deepEqual(issues(duplicate.body), ['address:duplicate']);

    const noOwner = await superAdmin.post(CM, { address: 'orphan@contoso.onmicrosoft.com', owner: { connect: [{ id: 999_999 }], disconnect: [] } });
    assert.equal(noOwner.status, 400);
    assert.deepEqual(issues(noOwner.body), ['owner:owner-missing']);
    assert.deepEqual(await addresses(), [...before, taken].sort(), 'only the helper mailbox was added');

    // An update to another mailbox's address, and a copy that keeps its source's address.
    const other = await world.newMailbox('other');
    const clash = await superAdmin.put(`${CM}/${other.documentId}`, { address: ` ${taken} `, displayName: 'Other', owner: { connect: [], disconnect: [] } });
    assert.equal(clash.status, 400, JSON.stringify(clash.body));
    assert.deepEqual(issues(clash.body), ['address:duplicate']);
    const copy = await superAdmin.post(`${CM}/clone/${other.documentId}`, { displayName: 'Copy' });
    assert.equal(copy.status, 400, JSON.stringify(copy.body));
    assert.deepEqual(issues(copy.body), ['address:duplicate']);
    const renamed = await superAdmin.put(`${CM}/${other.documentId}`, { displayName: '  Other box  ' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.data.displayName, 'Other box');
  });

  test('a mailbox that has synced keeps its address (its entries are that user\'s); one that has not can be corrected', async () => {
    const synced = await syncedMailbox('keepaddress');
    const before = await bookkeeping(synced.address);
    const moved = `moved-${synced.address}`;
    world.emulator.control.addUser({ tenantId: (await world.strapi.plugin('microsoft-365').service('settings').get()).azure.tenantId, address: moved, displayName: 'moved' });
    const viaCm = await superAdmin.put(`${CM}/${synced.documentId}`, { address: moved });
    assert.equal(viaCm.status, 400, JSON.stringify(viaCm.body));
    assert.deepEqual(issues(viaCm.body), ['address:address-synced']);
    const viaRoute = await superAdmin.put(`/microsoft-365/mailboxes/${synced.documentId}`, { address: moved });
    assert.equal(viaRoute.status, 400);
    assert.deepEqual(issues(viaRoute.body), ['address:address-synced']);
    // The same address in other case is the same mailbox: allowed, and nothing moves.
    const sameAddress = await superAdmin.put(`/microsoft-365/mailboxes/${synced.documentId}`, { address: synced.address.toUpperCase() });
    assert.equal(sameAddress.status, 200, JSON.stringify(sameAddress.body));
    assert.deepEqual(await bookkeeping(synced.address), before);
    assert.equal(world.remoteEvents(moved).length, 0, 'nothing reached the other mailbox');

    const fresh = await world.newMailbox('typo');
    const corrected = await superAdmin.put(`/microsoft-365/mailboxes/${fresh.documentId}`, { address: `fixed-${fresh.address}` });
    assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
    assert.equal(corrected.body.data.address, `fixed-${fresh.address}`);
  });

  test('another plugin writing through the Document Service gets the same checks', async () => {
    const documents = world.strapi.documents(MAILBOX_UID as never);
    const taken = (await world.newMailbox('dsdup')).address;
    await assert.rejects(documents.create({ data: { address: taken } } as never), (error: any) => {
      assert.equal(error.name, 'ValidationError');
      assert.deepEqual(issues({ error }), ['address:duplicate']);
      return true;
    });
    await assert.rejects(documents.create({ data: { address: 'nope', enabled: 'yes' } } as never), (error: any) => {
      assert.deepEqual(issues({ error }), ['address:address', 'enabled:boolean']);
      return true;
    });
    const made = (await documents.create({ data: { address: ' Plugin.Made@Contoso.onmicrosoft.com' } } as never)) as unknown as { address: string };
    assert.equal(made.address, 'plugin.made@contoso.onmicrosoft.com');
  });

  test('the run state (last sync, last error, health columns) is the runner\'s: a form or a plugin saving it changes nothing of it', async () => {
    const mailbox = await world.newMailbox('runstate');
    const runState = { lastError: 'Microsoft Graph kept throttling', failingSince: new Date('2026-12-01T08:00:00.000Z'), attentionCode: null, resourceSyncedAt: { calendar: '2026-12-01T07:00:00.000Z' } };
    await world.strapi.db.query(MAILBOX_UID as never).update({ where: { id: mailbox.id }, data: { ...runState } } as never);
    await world.strapi.documents(MAILBOX_UID as never).update({
      documentId: mailbox.documentId,
      data: { displayName: 'Renamed', lastError: null, failingSince: null, attentionCode: 'forged', resourceSyncedAt: {}, lastSyncAt: '2020-01-01T00:00:00.000Z' },
    } as never);
    const stored = (await world.strapi.db.query(MAILBOX_UID as never).findOne({ where: { id: mailbox.id } })) as Record<string, any>;
    assert.equal(stored.displayName, 'Renamed', 'the rest of the save went through');
    assert.deepEqual(
      { lastError: stored.lastError, failingSince: new Date(stored.failingSince).toISOString(), attentionCode: stored.attentionCode, resourceSyncedAt: stored.resourceSyncedAt, lastSyncAt: stored.lastSyncAt },
      { ...runState, failingSince: runState.failingSince.toISOString(), lastSyncAt: null },
    );
  });

  test('deleting a mailbox in the Content Manager forgets its cursors and mappings; its entries stay', async () => {
    const one = await syncedMailbox('cmdelete');
    const removed = await superAdmin.delete(`${CM}/${one.documentId}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.deepEqual(await bookkeeping(one.address), { cursors: 0, mappings: 0 });
    assert.equal(await world.strapi.db.query(EVENT_UID).count({ where: { subject: { $startsWith: 'cmdelete ' } } }), 3, 'the synced entries stay');

    // Bulk delete, and the Document Service, do the same.
    const two = await syncedMailbox('bulkdelete');
    const three = await syncedMailbox('dsdelete');
    const bulk = await superAdmin.post(`${CM}/actions/bulkDelete`, { documentIds: [two.documentId] });
    assert.equal(bulk.status, 200, JSON.stringify(bulk.body));
    await world.strapi.documents(MAILBOX_UID as never).delete({ documentId: three.documentId } as never);
    for (const mailbox of [two, three]) assert.deepEqual(await bookkeeping(mailbox.address), { cursors: 0, mappings: 0 }, mailbox.address);

    // Added again, the mailbox starts afresh from Outlook; the entries of before, now in no mailbox, are not pushed or deleted.
    const again = await world.strapi.plugin('microsoft-365').service('mailboxes').create({ address: one.address });
    assert.ok(again.documentId);
    const run = await world.sync.run({ mailboxes: [one.address], resources: ['calendar'] });
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    assert.equal(world.remoteEvents(one.address).length, 3, 'nothing was deleted or added in Outlook');
  });
});
