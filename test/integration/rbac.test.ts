// Synced content is private by default: Strapi's default Editor and Author roles get nothing on the four
// synced types at first boot; a role sees them only when granted, optionally "in a mailbox I own".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OWN_MAILBOX_CONDITION, SYNCED_UIDS } from '../../server/src/rbac';
import { AdminApi, login, registerSuperAdmin } from '../helpers/admin-api';
import { createTestDatabase, currentDatabaseKind, type TestDatabase } from '../helpers/databases';
import { startPlayground, type Playground } from '../helpers/playground';

const [MAILBOX, EVENT, TASK, MESSAGE] = SYNCED_UIDS as [string, string, string, string];
const READ = 'plugin::content-manager.explorer.read';
const PASSWORD = 'An0therStr0ngOne!';
const list = (api: AdminApi, uid: string) => api.get(`/content-manager/collection-types/${uid}?page=1&pageSize=100`);
const titles = (body: { results: Array<Record<string, unknown>> }, field: string) => body.results.map((entry) => String(entry[field])).sort();

let database: TestDatabase;
let playground: Playground;
let superAdmin: AdminApi;

async function roleId(code: string): Promise<number> {
  const role = await playground.strapi.db.query('admin::role').findOne({ where: { code } });
  assert.ok(role, code);
  return role.id as number;
}

async function adminIn(role: number, name: string): Promise<{ id: number; api: AdminApi }> {
  const email = `${name.toLowerCase()}@example.com`;
  const user = await playground.strapi.service('admin::user').create({ firstname: name, lastname: 'Tester', email, password: PASSWORD, isActive: true, registrationToken: null, roles: [role] });
  return { id: user.id as number, api: await login(playground.url, email, PASSWORD) };
}

async function syncedGrants(roleCode: string) {
  return (await playground.strapi.db.query('admin::permission').findMany({ where: { subject: { $in: SYNCED_UIDS }, role: { code: roleCode } } })) as Array<{ action: string; subject: string }>;
}

describe(`who may see synced content (${currentDatabaseKind()})`, () => {
  before(async () => {
    database = await createTestDatabase();
    playground = await startPlayground({ databaseEnv: database.env });
    superAdmin = await registerSuperAdmin(playground.url);
  });
  after(async () => {
    await playground?.stop();
    await database?.drop();
  });

  test('on a fresh install Editor and Author have no right on the synced types; Strapi\'s other defaults stay; the Super Admin has them all', async () => {
    for (const code of ['strapi-editor', 'strapi-author']) {
      assert.deepEqual(await syncedGrants(code), [], `${code} holds nothing on ${SYNCED_UIDS.join(', ')}`);
      const other = await playground.strapi.db.query('admin::permission').count({ where: { role: { code } } });
      assert.ok(other > 0, `${code} keeps Strapi's other default permissions`);
    }
    const superGrants = await syncedGrants('strapi-super-admin');
    for (const uid of SYNCED_UIDS) {
      assert.ok(superGrants.some((grant) => grant.subject === uid && grant.action === READ), `Super Admin reads ${uid}`);
    }
    // Only the synced types were taken back: Strapi's default Media Library rights are still there.
    assert.ok((await playground.strapi.db.query('admin::permission').count({ where: { role: { code: 'strapi-editor' }, action: 'plugin::upload.read' } })) > 0);
  });

  describe('with two owned mailboxes and one without owner', () => {
    let alice: { id: number; api: AdminApi };
    let bob: { id: number; api: AdminApi };
    let editor: { id: number; api: AdminApi };

    before(async () => {
      const { strapi } = playground;
      const owners = await superAdmin.post<{ data: { id: number } }>('/admin/roles', { name: 'Mailbox owners', description: 'Read their own mailboxes' });
      assert.equal(owners.status, 201, JSON.stringify(owners.body));
      alice = await adminIn(owners.body.data.id, 'Alice');
      bob = await adminIn(owners.body.data.id, 'Bob');
      editor = await adminIn(await roleId('strapi-editor'), 'Eddie');
      // What the role editor sends for "Read" with the condition ticked, on the four types.
      const granted = await superAdmin.put(`/admin/roles/${owners.body.data.id}/permissions`, {
        permissions: SYNCED_UIDS.map((subject) => ({ action: READ, subject, properties: {}, conditions: [OWN_MAILBOX_CONDITION] })),
      });
      assert.equal(granted.status, 200, JSON.stringify(granted.body));

      const mailboxes = strapi.plugin('microsoft-365').service('mailboxes');
      const seed = [
        { address: 'alice@contoso.onmicrosoft.com', owner: alice.id, events: ['Alice standup', 'Alice review'], tasks: ['Alice taxes'], messages: ['Alice invoice'] },
        { address: 'bob@contoso.onmicrosoft.com', owner: bob.id, events: ['Bob lunch'], tasks: ['Bob report', 'Bob cards'], messages: ['Bob newsletter'] },
        { address: 'shared@contoso.onmicrosoft.com', owner: undefined, events: ['Shared offsite'], tasks: ['Shared cleanup'], messages: ['Shared notice'] },
      ];
      for (const box of seed) {
        const mailbox = await mailboxes.create({ address: box.address, ...(box.owner ? { owner: box.owner } : {}) });
        for (const subject of box.events) await strapi.documents(EVENT as never).create({ data: { subject, start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z', mailbox: mailbox.documentId } as never });
        for (const title of box.tasks) await strapi.documents(TASK as never).create({ data: { title, mailbox: mailbox.documentId } as never });
        for (const subject of box.messages) await strapi.documents(MESSAGE as never).create({ data: { subject, mailbox: mailbox.documentId } as never });
      }
    });

    test('the Super Admin sees every mailbox, event, task and message in the Content Manager', async () => {
      assert.deepEqual(titles((await list(superAdmin, MAILBOX)).body, 'address'), ['alice@contoso.onmicrosoft.com', 'bob@contoso.onmicrosoft.com', 'shared@contoso.onmicrosoft.com']);
      assert.deepEqual(titles((await list(superAdmin, EVENT)).body, 'subject'), ['Alice review', 'Alice standup', 'Bob lunch', 'Shared offsite']);
      assert.deepEqual(titles((await list(superAdmin, TASK)).body, 'title'), ['Alice taxes', 'Bob cards', 'Bob report', 'Shared cleanup']);
      assert.deepEqual(titles((await list(superAdmin, MESSAGE)).body, 'subject'), ['Alice invoice', 'Bob newsletter', 'Shared notice']);
    });

    test('an Editor (no grant) is refused every synced type, lists and single entries', async () => {
      for (const uid of SYNCED_UIDS) {
        const answer = await list(editor.api, uid);
        assert.equal(answer.status, 403, `${uid}: ${JSON.stringify(answer.body)}`);
      }
      const one = (await list(superAdmin, MESSAGE)).body.results[0];
      assert.equal((await editor.api.get(`/content-manager/collection-types/${MESSAGE}/${one.documentId}`)).status, 403);
      const created = await editor.api.post(`/content-manager/collection-types/${MAILBOX}`, { address: 'ceo@contoso.onmicrosoft.com' });
      assert.equal(created.status, 403, 'an Editor cannot add a mailbox in the Content Manager');
    });

    test('"in a mailbox I own": each owner sees only the mailbox they own and its events, tasks and messages', async () => {
      assert.deepEqual(titles((await list(alice.api, MAILBOX)).body, 'address'), ['alice@contoso.onmicrosoft.com']);
      assert.deepEqual(titles((await list(alice.api, EVENT)).body, 'subject'), ['Alice review', 'Alice standup']);
      assert.deepEqual(titles((await list(alice.api, TASK)).body, 'title'), ['Alice taxes']);
      assert.deepEqual(titles((await list(alice.api, MESSAGE)).body, 'subject'), ['Alice invoice']);
      assert.deepEqual(titles((await list(bob.api, EVENT)).body, 'subject'), ['Bob lunch']);
      assert.deepEqual(titles((await list(bob.api, TASK)).body, 'title'), ['Bob cards', 'Bob report']);
      assert.deepEqual(titles((await list(bob.api, MESSAGE)).body, 'subject'), ['Bob newsletter']);

      // A single entry of another owner's mailbox is refused too, and Bob's own is readable.
      const messages = (await list(superAdmin, MESSAGE)).body.results as Array<{ documentId: string; subject: string }>;
      const bobs = messages.find((message) => message.subject === 'Bob newsletter')!;
      assert.equal((await alice.api.get(`/content-manager/collection-types/${MESSAGE}/${bobs.documentId}`)).status, 403);
      assert.equal((await bob.api.get(`/content-manager/collection-types/${MESSAGE}/${bobs.documentId}`)).status, 200);
      // Read only: the grant gives no right to change.
      assert.equal((await alice.api.post(`/content-manager/collection-types/${TASK}`, { title: 'Sneaky' })).status, 403);
    });

    test('"in a mailbox I own" on Create and Update: entries go only into a mailbox the user owns', async () => {
      const { strapi } = playground;
      const writers = await superAdmin.post<{ data: { id: number } }>('/admin/roles', { name: 'Mailbox writers', description: 'Write in their own mailboxes' });
      const dana = await adminIn(writers.body.data.id, 'Dana');
      const actions = ['create', 'read', 'update'].map((name) => `plugin::content-manager.explorer.${name}`);
      const granted = await superAdmin.put(`/admin/roles/${writers.body.data.id}/permissions`, {
        permissions: SYNCED_UIDS.flatMap((subject) => actions.map((action) => ({ action, subject, properties: {}, conditions: [OWN_MAILBOX_CONDITION] }))),
      });
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      const mailboxes = strapi.plugin('microsoft-365').service('mailboxes');
      const own = await mailboxes.create({ address: 'dana@contoso.onmicrosoft.com', owner: dana.id });
      const bobs = (await mailboxes.list()).find((mailbox: { address: string }) => mailbox.address === 'bob@contoso.onmicrosoft.com');
      // The relation as the Content Manager's edit view sends it.
      const into = (mailbox: { id: number; documentId: string }) => ({ connect: [{ id: mailbox.id, documentId: mailbox.documentId }], disconnect: [] });
      const tasksNamed = async (title: string) => (await strapi.db.query(TASK).findMany({ where: { title }, populate: { mailbox: { select: ['address'] } } })) as Array<{ documentId: string; mailbox: { address: string } | null }>;

      const mine = await dana.api.post(`/content-manager/collection-types/${TASK}`, { title: 'Dana plans', mailbox: into(own) });
      assert.equal(mine.status, 201, JSON.stringify(mine.body));
      const elsewhere = await dana.api.post(`/content-manager/collection-types/${TASK}`, { title: 'Dana in Bob', mailbox: into(bobs) });
      assert.equal(elsewhere.status, 403);
      const nowhere = await dana.api.post(`/content-manager/collection-types/${TASK}`, { title: 'Dana nowhere' });
      assert.equal(nowhere.status, 403);
      // The case: an invitation sent from someone else's mailbox.
      const invite = await dana.api.post(`/content-manager/collection-types/${EVENT}`, {
        subject: 'From Bob, really', start: '2026-12-02T09:00:00.000Z', end: '2026-12-02T10:00:00.000Z', attendees: [{ email: 'ceo@contoso.onmicrosoft.com', type: 'required' }], mailbox: into(bobs),
      });
      assert.equal(invite.status, 403);
      assert.deepEqual([(await tasksNamed('Dana in Bob')).length, (await tasksNamed('Dana nowhere')).length], [0, 0], 'nothing was stored');
      assert.equal(await strapi.db.query(EVENT).count({ where: { subject: 'From Bob, really' } }), 0);

      const documentId = mine.body.data.documentId as string;
      const renamed = await dana.api.put(`/content-manager/collection-types/${TASK}/${documentId}`, { title: 'Dana plans more', mailbox: { connect: [], disconnect: [] } });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      const moved = await dana.api.put(`/content-manager/collection-types/${TASK}/${documentId}`, { mailbox: into(bobs) });
      assert.equal(moved.status, 403);
      const cleared = await dana.api.put(`/content-manager/collection-types/${TASK}/${documentId}`, { mailbox: { connect: [], disconnect: [{ id: own.id, documentId: own.documentId }] } });
      assert.equal(cleared.status, 403, 'taking it out of every mailbox is refused too');
      assert.deepEqual((await tasksNamed('Dana plans more')).map((task) => task.mailbox?.address), ['dana@contoso.onmicrosoft.com']);

      // Without the condition (the Super Admin) any mailbox is fine.
      assert.equal((await superAdmin.post(`/content-manager/collection-types/${TASK}`, { title: 'Ada in Bob', mailbox: into(bobs) })).status, 201);
    });

    test('a grant an admin gives the Editor role survives a restart', async () => {
      const editorRole = await roleId('strapi-editor');
      const granted = await superAdmin.put(`/admin/roles/${editorRole}/permissions`, {
        permissions: [{ action: READ, subject: EVENT, properties: {}, conditions: [] }],
      });
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      assert.equal((await list(editor.api, EVENT)).status, 200);

      await playground.stop();
      playground = await startPlayground({ databaseEnv: database.env });
      assert.deepEqual((await syncedGrants('strapi-editor')).map((grant) => [grant.action, grant.subject]), [[READ, EVENT]]);
      const again = await login(playground.url, 'eddie@example.com', PASSWORD);
      const events = await list(again, EVENT);
      assert.equal(events.status, 200);
      assert.equal(events.body.results.length, 4);
      assert.equal((await list(again, TASK)).status, 403, 'and only what was granted');
    });
  });
});
