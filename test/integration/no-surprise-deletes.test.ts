// Nothing is deleted in bulk by surprise (issue 9 §3, first point): removing, disabling or re-adding a
// mailbox, switching a resource or the integration off, narrowing the calendar window, changing the
// direction or moving an entry to another mailbox never deletes anything on either side; only a real
// delete of an item does.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { EVENT_UID, isoTime, resultFor, useSyncWorld, type SyncWorld } from './sync-support';
import type { SyncRun } from '../../server/src/sync/run-types';
import { UID } from '../../shared/plugin';

const MAILBOX_UID = UID.mailbox;

describe(`no deletes by surprise (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world: SyncWorld = useSyncWorld();
  const mailboxes = () => world.strapi.plugin('microsoft-365').service('mailboxes');
  const settings = () => world.strapi.plugin('microsoft-365').service('settings');

  beforeEach(async () => {
    await settings().update({ integrations: { calendar: true }, calendar: { direction: 'bidirectional', pastDays: 30, futureDays: 365 } });
  });

  /** A mailbox with three events made in Outlook and two in Strapi, all synced. */
  async function syncedMailbox(name: string) {
    const mailbox = await world.newMailbox(name);
    for (let i = 0; i < 3; i++) world.outlookCreate(mailbox.address, `Outlook ${i}`, 24 * (i + 1));
    for (let i = 0; i < 2; i++) await world.strapiCreate(mailbox, { subject: `Strapi ${i}`, start: isoTime(200 + i), end: isoTime(201 + i) });
    await world.syncMailbox(mailbox.address);
    await world.assertInStep(mailbox.address);
    const documentIds = (await world.localEvents(mailbox.address)).map((e) => e.documentId as string);
    assert.equal(documentIds.length, 5);
    return { ...mailbox, documentIds };
  }

  /** No delete counted, Outlook still holds its five events, and every Strapi entry still exists. */
  async function assertNothingDeleted(address: string, runs: SyncRun[], documentIds: string[]) {
    for (const run of runs) {
      const result = run.results.find((r) => r.mailbox === address && r.resource === 'calendar');
      if (!result) continue;
      assert.equal(result.pulled.deleted, 0, `a run deleted in Strapi: ${JSON.stringify(result)}`);
      assert.equal(result.pushed.deleted, 0, `a run deleted in Outlook: ${JSON.stringify(result)}`);
    }
    assert.equal(world.remoteEvents(address).length, 5, 'Outlook lost events');
    const still = await world.strapi.db.query(EVENT_UID as never).count({ where: { documentId: { $in: documentIds } } });
    assert.equal(still, documentIds.length, 'Strapi lost entries');
  }

  const run = (address: string) => world.sync.run({ mailboxes: [address], resources: ['calendar'] });

  test('a mailbox deleted in the Content Manager way (Document Service) and added again deletes nothing', async () => {
    const box = await syncedMailbox('readded-cm');
    await world.strapi.documents(MAILBOX_UID as never).delete({ documentId: box.documentId });
    await mailboxes().create({ address: box.address, displayName: 'again' });
    const runs = [await run(box.address), await run(box.address)];
    for (const r of runs) assert.deepEqual(resultFor(r, box.address).errors, []);
    await assertNothingDeleted(box.address, runs, box.documentIds);
  });

  test('a mailbox removed through the plugin and added again deletes nothing', async () => {
    const box = await syncedMailbox('readded-route');
    await mailboxes().remove(box.documentId);
    await mailboxes().create({ address: box.address });
    const runs = [await run(box.address), await run(box.address)];
    await assertNothingDeleted(box.address, runs, box.documentIds);
  });

  test('disabling a mailbox, or its calendar, and enabling it again deletes nothing', async () => {
    const box = await syncedMailbox('disabled');
    const runs: SyncRun[] = [];
    await mailboxes().update(box.documentId, { enabled: false });
    runs.push(await world.sync.run({}));
    await mailboxes().update(box.documentId, { enabled: true, calendar: false });
    runs.push(await run(box.address));
    await mailboxes().update(box.documentId, { calendar: true });
    runs.push(await run(box.address));
    await assertNothingDeleted(box.address, runs, box.documentIds);
    assert.equal((await world.localEvents(box.address)).length, 5);
  });

  test('switching the calendar integration off and on deletes nothing', async () => {
    const box = await syncedMailbox('integration-off');
    await settings().update({ integrations: { calendar: false } });
    const off = await run(box.address);
    await settings().update({ integrations: { calendar: true } });
    const on = await run(box.address);
    await assertNothingDeleted(box.address, [off, on], box.documentIds);
    await world.assertInStep(box.address);
  });

  test('narrowing the calendar window deletes nothing on either side', async () => {
    const box = await syncedMailbox('narrowed');
    // Only the first Outlook event (tomorrow) is still inside a two-day window.
    await settings().update({ calendar: { pastDays: 0, futureDays: 2 } });
    const narrowed = [await run(box.address), await run(box.address)];
    await settings().update({ calendar: { pastDays: 30, futureDays: 365 } });
    const widened = await run(box.address);
    await assertNothingDeleted(box.address, [...narrowed, widened], box.documentIds);
    await world.assertInStep(box.address);
  });

  test('changing the direction, each way, deletes nothing', async () => {
    const box = await syncedMailbox('directions');
    const runs: SyncRun[] = [];
    for (const direction of ['microsoft-to-strapi', 'strapi-to-microsoft', 'bidirectional', 'strapi-to-microsoft', 'microsoft-to-strapi', 'bidirectional']) {
      await settings().update({ calendar: { direction } });
      runs.push(await run(box.address));
    }
    await assertNothingDeleted(box.address, runs, box.documentIds);
    await world.assertInStep(box.address);
  });

  test('an entry moved to another mailbox in Strapi is not deleted in the first mailbox', async () => {
    const box = await syncedMailbox('moved-from');
    const other = await world.newMailbox('moved-to');
    const [moved] = await world.localEvents(box.address);
    await world.strapi.documents(EVENT_UID as never).update({ documentId: moved!.documentId, data: { mailbox: other.documentId } as never });
    const runs = [await run(box.address), await run(box.address)];
    await assertNothingDeleted(box.address, runs, box.documentIds);
  });

  test('a real delete still deletes, on each side', async () => {
    const box = await syncedMailbox('real-delete');
    const [inStrapi] = await world.localEvents(box.address);
    await world.strapiDelete(inStrapi!.documentId);
    const outlook = world.remoteEvents(box.address).find((e) => e.subject !== inStrapi!.subject)!;
    world.emulator.control.deleteEvent(box.address, outlook.id);
    const result = resultFor(await world.syncMailbox(box.address), box.address);
    assert.equal(result.pushed.deleted, 1);
    assert.equal(result.pulled.deleted, 1);
    assert.equal(world.remoteEvents(box.address).length, 3);
    await world.assertInStep(box.address);
  });
});
