// Recovery tools (issue 13): Unlink and Purge end one mailbox's sync, each as a run in the history, and
// change nothing in Microsoft 365; the run history filters by mailbox, status, trigger and action, and a
// run's page names the entries its item errors are about.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { UID } from '../../shared/plugin';
import { AdminApi, adminWithActions, registerSuperAdmin } from '../helpers/admin-api';
import { isoTime, resultFor, useSyncWorld } from './sync-support';

let admin: AdminApi;
let reader: AdminApi;

const paths = (body: any) => (body.error.details.errors as Array<{ path: string[] }>).map((e) => e.path.join('.'));

describe(`recovery tools (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld({ integrations: { calendar: true, tasks: true, email: true } });
  before(async () => {
    admin = await registerSuperAdmin(world.playground.url);
    reader = await adminWithActions(world.strapi, world.playground.url, 'Reader', ['plugin::microsoft-365.settings.read']);
  });

  /** A mailbox with an event, a task and a message synced both ways. */
  async function syncedMailbox(name: string) {
    const mailbox = await world.newMailbox(name);
    world.outlookCreate(mailbox.address, `${name} meeting`, 5);
    world.emulator.control.createTask(mailbox.address, 'defaultList', { title: `${name} task` });
    world.emulator.control.createMessage(mailbox.address, 'inbox', { subject: `${name} mail`, receivedDateTime: new Date().toISOString() });
    const run = await world.sync.run({ mailboxes: [mailbox.address] });
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    return mailbox;
  }

  const bookkeeping = async (address: string) => ({
    mappings: await world.strapi.db.query(UID.syncMapping).count({ where: { mailbox: address } }),
    cursors: await world.strapi.db.query(UID.syncState).count({ where: { mailbox: address } }),
    quarantined: await world.strapi.db.query(UID.syncQuarantine).count({ where: { mailbox: address } }),
  });

  const entriesOf = async (address: string) => ({
    events: await world.strapi.db.query(UID.calendarEvent).count({ where: { mailbox: { address } } }),
    tasks: await world.strapi.db.query(UID.task).count({ where: { mailbox: { address } } }),
    messages: await world.strapi.db.query(UID.emailMessage).count({ where: { mailbox: { address } } }),
  });

  const outlookOf = (address: string) => ({
    events: world.remoteEvents(address).length,
    tasks: world.emulator.control.listTasks(address, 'defaultList').length,
    messages: world.emulator.control.listMessages(address, 'inbox').length,
  });

  test('unlink: the entries stay, detached; the bookkeeping goes; the mailbox is off; nothing is asked of Microsoft; switched on again, nothing is doubled', async () => {
    const mailbox = await syncedMailbox('unlink');
    const other = await syncedMailbox('unlink-other');
    const otherBefore = await bookkeeping(other.address);
    const events = await world.localEvents(mailbox.address);
    const outlook = outlookOf(mailbox.address);
    world.emulator.control.clearRequests();

    const { status, body } = await admin.post(`/microsoft-365/mailboxes/${mailbox.documentId}/unlink`, {});
    assert.equal(status, 200, JSON.stringify(body));
    const run = body.data;
    assert.deepEqual([run.action, run.trigger, run.status], ['unlink', 'manual', 'succeeded']);
    assert.deepEqual(
      run.results.map((r: any) => [r.resource, r.entriesUnlinked]),
      [['calendar', 1], ['tasks', 1], ['email', 1]],
    );
    assert.deepEqual(world.emulator.control.requests(), [], 'no request to Microsoft Graph');

    assert.deepEqual(await bookkeeping(mailbox.address), { mappings: 0, cursors: 0, quarantined: 0 });
    assert.deepEqual(await entriesOf(mailbox.address), { events: 0, tasks: 0, messages: 0 }, 'no entry belongs to the mailbox any more');
    const kept = await world.strapi.db.query(UID.calendarEvent).findOne({ where: { documentId: events[0]!.documentId }, populate: { mailbox: true } });
    assert.equal(kept?.subject, 'unlink meeting', 'the entry itself stays');
    assert.equal(kept?.mailbox ?? null, null);
    const stored = await world.strapi.db.query(UID.mailbox).findOne({ where: { id: mailbox.id } });
    assert.deepEqual([stored?.enabled, stored?.resourceSyncedAt ?? null], [false, null]);
    assert.deepEqual(await bookkeeping(other.address), otherBefore, 'another mailbox keeps its sync');

    // A run of every mailbox leaves the unlinked one alone; switched on again, Outlook's items come as one new copy each, and Outlook gets none.
    const all = await world.sync.run({});
    assert.equal(all.results.filter((r) => r.mailbox === mailbox.address).length, 0);
    await world.strapi.plugin('microsoft-365').service('mailboxes').update(mailbox.documentId, { enabled: true });
    const relinked = await world.sync.run({ mailboxes: [mailbox.address] });
    assert.equal(relinked.status, 'succeeded', JSON.stringify(relinked.results));
    assert.deepEqual(await entriesOf(mailbox.address), { events: 1, tasks: 1, messages: 1 });
    assert.deepEqual(outlookOf(mailbox.address), outlook, 'Outlook holds what it held: nothing pushed twice');
  });

  test('purge: the mailbox\'s entries are deleted in Strapi only; Microsoft keeps every item; later runs do not bring them back', async () => {
    const mailbox = await syncedMailbox('purge');
    const other = await syncedMailbox('purge-other');
    const outlook = outlookOf(mailbox.address);
    const documentIds = (await world.localEvents(mailbox.address)).map((e) => e.documentId);
    world.emulator.control.clearRequests();

    const { status, body } = await admin.post(`/microsoft-365/mailboxes/${mailbox.documentId}/purge`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual([body.data.action, body.data.status], ['purge', 'succeeded']);
    assert.deepEqual(
      body.data.results.map((r: any) => [r.resource, r.entriesPurged]),
      [['calendar', 1], ['tasks', 1], ['email', 1]],
    );
    assert.deepEqual(world.emulator.control.requests(), [], 'no request to Microsoft Graph');
    assert.equal(await world.strapi.db.query(UID.calendarEvent).count({ where: { documentId: { $in: documentIds } } }), 0, 'the entries are gone');
    assert.deepEqual(await bookkeeping(mailbox.address), { mappings: 0, cursors: 0, quarantined: 0 });
    assert.deepEqual(await entriesOf(other.address), { events: 1, tasks: 1, messages: 1 }, 'another mailbox keeps its entries');

    const next = await world.sync.run({});
    assert.equal(next.status, 'succeeded', JSON.stringify(next.results));
    assert.deepEqual(await entriesOf(mailbox.address), { events: 0, tasks: 0, messages: 0 }, 'not pulled again');
    assert.deepEqual(outlookOf(mailbox.address), outlook, 'nothing deleted in Microsoft 365');
  });

  test('the tools need sync.run, a known mailbox and no body; a run holding the lease answers 409', async () => {
    const mailbox = await world.newMailbox('tool-guard');
    assert.equal((await reader.post(`/microsoft-365/mailboxes/${mailbox.documentId}/purge`)).status, 403);
    assert.equal((await admin.post('/microsoft-365/mailboxes/nosuchmailbox/unlink')).status, 404);
    const bad = await admin.post(`/microsoft-365/mailboxes/${mailbox.documentId}/unlink`, { keepEntries: false });
    assert.equal(bad.status, 400);

    let release!: () => void;
    let reached!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const atCheckpoint = new Promise<void>((resolve) => (reached = resolve));
    const running = world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'], onCheckpoint: () => (reached(), held) });
    try {
      await atCheckpoint;
      const busy = await admin.post(`/microsoft-365/mailboxes/${mailbox.documentId}/purge`);
      assert.equal(busy.status, 409);
    } finally {
      release();
      await running;
    }
    const stored = await world.strapi.db.query(UID.mailbox).findOne({ where: { id: mailbox.id } });
    assert.equal(stored?.enabled, true, 'refused tools change nothing');
  });

  test('run history filters by mailbox, status, trigger and action; a bad filter is a 400 naming it', async () => {
    const first = await world.newMailbox('history-a');
    const second = await world.newMailbox('history-b');
    await world.sync.run({ mailboxes: [first.address], resources: ['calendar'], trigger: 'api' });
    await world.sync.run({ mailboxes: [second.address], resources: ['calendar'], fromScratch: true, trigger: 'manual' });
    await world.sync.unlink(second.documentId);

    const list = async (query: string) => {
      const { status, body } = await admin.get(`/microsoft-365/sync/runs?pageSize=100&${query}`);
      assert.equal(status, 200, JSON.stringify(body));
      return body.data as Array<{ action: string; trigger: string; status: string; results: Array<{ mailbox: string }> }>;
    };
    const ofFirst = await list(`mailbox=${encodeURIComponent(first.address.toUpperCase())}`);
    assert.deepEqual(ofFirst.map((r) => r.action), ['sync']);
    const ofSecond = await list(`mailbox=${second.address}`);
    assert.deepEqual(ofSecond.map((r) => r.action), ['unlink', 'resync']);
    assert.ok((await list('action=unlink')).every((r) => r.action === 'unlink'));
    assert.ok((await list(`mailbox=${second.address}&trigger=manual`)).every((r) => r.trigger === 'manual'));
    assert.deepEqual((await list(`mailbox=${second.address}&trigger=api&action=resync`)).length, 0);
    assert.ok((await list('status=succeeded')).length >= 3);

    const bad = await admin.get('/microsoft-365/sync/runs?status=done&trigger=cron&action=wipe');
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body).sort(), ['action', 'status', 'trigger']);
  });

  test('a run\'s page names the entry each item error is about, by its subject as it is now', async () => {
    const mailbox = await world.newMailbox('run-items');
    const invalid = await world.strapiCreate(mailbox, { subject: 'Ends before it starts', start: isoTime(30), end: isoTime(29) });
    const run = await world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'] });
    const listed = resultFor(run, mailbox.address).errors.find((e) => e.localId === invalid.documentId);
    assert.ok(listed, JSON.stringify(run.results));
    assert.equal(listed.title, undefined, 'the history stores ids, never the subject');

    const { body } = await admin.get(`/microsoft-365/sync/runs/${run.id}`);
    const error = body.data.results[0].errors.find((e: any) => e.localId === invalid.documentId);
    assert.equal(error.title, 'Ends before it starts');
    await world.strapiUpdate(invalid.documentId, { subject: 'Renamed' });
    const again = await admin.get(`/microsoft-365/sync/runs/${run.id}`);
    assert.equal(again.body.data.results[0].errors.find((e: any) => e.localId === invalid.documentId).title, 'Renamed');
  });
});
