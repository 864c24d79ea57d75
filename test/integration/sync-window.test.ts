// calendarView delta reports events outside its window that were added, changed or deleted as
// `@removed` "deleted" ("event: delta", Response), so a removal is no proof of a deletion: a stored
// event's removal is read by id first, and only one Graph no longer has is removed from Strapi.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resultFor, useSyncWorld, type SyncWorld } from './sync-support';

let world: SyncWorld;
const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, '');
};
const at = (days: number, hour = 9) => ({ start: { dateTime: inDays(days, hour), timeZone: 'UTC' }, end: { dateTime: inDays(days, hour + 1), timeZone: 'UTC' } });

describe(`events outside the calendar window (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld();

  test('an event moved out of the window in Outlook is followed, not deleted; deleted there later, it is removed here', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins', pastDays: 30, futureDays: 365 });
    const mailbox = await world.newMailbox('window-out');
    const remote = world.emulator.control.createEvent(mailbox.address, { subject: 'Offsite', ...at(10) });
    await world.syncMailbox(mailbox.address);
    assert.equal((await world.localEvents(mailbox.address)).length, 1);

    world.emulator.control.updateEvent(mailbox.address, String(remote.id), { subject: 'Offsite, next year', ...at(500) });
    const moved = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(moved, mailbox.address).pulled.deleted, 0);
    const [local] = await world.localEvents(mailbox.address);
    assert.equal(local?.subject, 'Offsite, next year', 'Strapi follows the event out of the window');
    assert.equal(new Date(local.start).toISOString().slice(0, 10), inDays(500).slice(0, 10));
    assert.equal(world.emulator.control.getEvent(mailbox.address, String(remote.id))?.subject, 'Offsite, next year', 'nothing written back');

    world.emulator.control.deleteEvent(mailbox.address, String(remote.id));
    const deleted = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(deleted, mailbox.address).pulled.deleted, 1);
    assert.deepEqual(await world.localEvents(mailbox.address), []);
  });

  test('an event Strapi created beyond the window and Outlook then edited keeps its entry, with the edit', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins', pastDays: 30, futureDays: 365 });
    const mailbox = await world.newMailbox('window-beyond');
    await world.strapiCreate(mailbox, { subject: 'Anniversary', start: `${inDays(600)}.000Z`, end: `${inDays(600, 10)}.000Z` });
    await world.syncMailbox(mailbox.address);
    const [remote] = world.remoteEvents(mailbox.address);
    assert.ok(remote, 'created in Outlook');
    await world.syncMailbox(mailbox.address);

    world.emulator.control.updateEvent(mailbox.address, String(remote.id), { subject: 'Anniversary dinner' });
    const run = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(run, mailbox.address).pulled.deleted, 0);
    assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject), ['Anniversary dinner']);
    await world.assertInStep(mailbox.address);
  });
});
