// Resync from scratch (issue 13's recovery tools): every scope is read again from the start instead of
// from its delta cursor and matched with what Strapi holds, so what a normal delta can no longer bring
// (an entry and its mapping lost in a database restore) comes back, and nothing is duplicated or deleted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UID } from '../../shared/plugin';
import { assertNoDuplicates, changes, resultFor, useSyncWorld } from './sync-support';

describe(`sync from scratch (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();

  test('an entry lost with its mapping comes back; the others keep their entries; nothing is sent to Microsoft', async () => {
    const mailbox = await world.newMailbox('from-scratch');
    for (const [i, subject] of ['Kept', 'Also kept', 'Lost in a restore'].entries()) world.outlookCreate(mailbox.address, subject, 5 + i);
    await world.syncMailbox(mailbox.address);
    const before = await world.localEvents(mailbox.address);
    const lost = before.find((e) => e.subject === 'Lost in a restore')!;
    await world.strapi.db.query(UID.syncMapping).deleteMany({ where: { mailbox: mailbox.address, localId: lost.documentId } });
    await world.strapi.db.query(UID.calendarEvent).delete({ where: { id: lost.id } });

    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0, 'a delta from the cursor cannot see the loss');
    assert.equal((await world.localEvents(mailbox.address)).length, 2);

    world.emulator.control.clearRequests();
    const run = await world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'], fromScratch: true });
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(resultFor(run, mailbox.address).pulled, { created: 1, updated: 0, deleted: 0 });
    assert.deepEqual(resultFor(run, mailbox.address).pushed, { created: 0, updated: 0, deleted: 0 }, 'nothing written to Outlook');
    const deltas = world.emulator.control.requests().filter((r) => r.path.includes('/calendarView/delta'));
    assert.ok(deltas.length > 0 && deltas.every((r) => !/deltatoken=/i.test(r.path)), 'read from the start, not from the cursor');

    const after = await world.localEvents(mailbox.address);
    assert.deepEqual(after.map((e) => e.subject).sort(), ['Also kept', 'Kept', 'Lost in a restore']);
    for (const entry of before.filter((e) => e.id !== lost.id)) {
      assert.equal(after.find((e) => e.subject === entry.subject)!.documentId, entry.documentId, `${entry.subject}: the same entry, not a copy`);
    }
    assert.equal(world.remoteEvents(mailbox.address).length, 3, 'no duplicate in Outlook either');
    assertNoDuplicates(after.map((e) => e.subject), 'Strapi');
    await world.assertInStep(mailbox.address);
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0, 'the next normal sync finds nothing to do');
  });

  test('To Do and mail too: a from-scratch run over unchanged data finds everything already there', async () => {
    const settings = world.strapi.plugin('microsoft-365').service('settings');
    await settings.update({ integrations: { calendar: true, tasks: true, email: true } });
    try {
      const mailbox = await world.newMailbox('from-scratch-all');
      world.outlookCreate(mailbox.address, 'Planning', 5);
      world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Call the bank' });
      const groceries = world.emulator.control.createTodoList(mailbox.address, 'Groceries');
      world.emulator.control.createTask(mailbox.address, String(groceries.id), { title: 'Buy milk' });
      world.emulator.control.createMessage(mailbox.address, 'inbox', { subject: 'Welcome', receivedDateTime: new Date().toISOString() });
      const first = await world.sync.run({ mailboxes: [mailbox.address] });
      assert.equal(first.status, 'succeeded');
      const counts = async () => ({
        events: (await world.localEvents(mailbox.address)).length,
        tasks: await world.strapi.db.query(UID.task).count({ where: { mailbox: { address: mailbox.address } } }),
        messages: await world.strapi.db.query(UID.emailMessage).count({ where: { mailbox: { address: mailbox.address } } }),
      });
      const before = await counts();
      assert.deepEqual(before, { events: 1, tasks: 2, messages: 1 });

      const again = await world.sync.run({ mailboxes: [mailbox.address], fromScratch: true });
      assert.equal(again.status, 'succeeded');
      for (const resource of ['calendar', 'tasks', 'email'] as const) {
        const result = resultFor(again, mailbox.address, resource);
        assert.deepEqual([result.pulled, result.pushed], [{ created: 0, updated: 0, deleted: 0 }, { created: 0, updated: 0, deleted: 0 }], resource);
      }
      assert.deepEqual(await counts(), before, 'nothing duplicated, nothing lost');
    } finally {
      await settings.update({ integrations: { calendar: true, tasks: false, email: false } });
    }
  });
});
