// Meetings another mailbox organizes (Graph isOrganizer: false) are never written from Strapi: an
// edit or delete made in Strapi is put back from Outlook in bidirectional mode and counted by reason;
// a removed invitation is removed here, never re-created as this mailbox's own meeting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resultFor, useSyncWorld, type SyncWorld } from './sync-support';

let world: SyncWorld;
const ORGANIZER = { emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@fabrikam.example' } };

/** An invitation in the mailbox's calendar, imported into Strapi. */
async function invited(name: string) {
  const mailbox = await world.newMailbox(name);
  const remote = world.outlookCreate(mailbox.address, 'Quarterly review', 30, { organizer: ORGANIZER, attendees: [{ emailAddress: { address: mailbox.address }, type: 'required' }] });
  assert.equal(remote.isOrganizer, false);
  await world.syncMailbox(mailbox.address);
  const [local] = await world.localEvents(mailbox.address);
  assert.ok(local);
  world.emulator.control.clearRequests();
  return { mailbox, remoteId: String(remote.id), documentId: String(local.documentId) };
}

const writesToGraph = () => world.emulator.control.requests().filter((r) => r.kind === 'graph' && r.method !== 'GET');

describe(`meetings organized by someone else (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld();

  test('bidirectional: a Strapi edit of an invitation is put back from Outlook, counted, and nothing is written', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await invited('invite-edit');
    await world.strapiUpdate(documentId, { subject: 'Taken over', location: 'My office' });
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(run, mailbox.address).refused, { 'not-organizer': 1 });
    assert.deepEqual(writesToGraph(), [], 'no PATCH, no $batch write');
    assert.equal(world.emulator.control.getEvent(mailbox.address, remoteId)?.subject, 'Quarterly review');
    const [local] = await world.localEvents(mailbox.address);
    assert.equal(local.subject, 'Quarterly review');
    await world.assertInStep(mailbox.address);
    const quiet = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(quiet, mailbox.address).refused, undefined, 'settled: nothing to refuse again');
  });

  test('bidirectional, strapi-wins: edited on both sides, the organizer\'s version wins anyway', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await invited('invite-both');
    await world.strapiUpdate(documentId, { subject: 'Strapi version' });
    world.emulator.control.updateEvent(mailbox.address, remoteId, { subject: 'Moved by the organizer' });
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(run, mailbox.address).refused, { 'not-organizer': 1 });
    assert.deepEqual(writesToGraph(), []);
    const [local] = await world.localEvents(mailbox.address);
    assert.equal(local.subject, 'Moved by the organizer');
    await world.assertInStep(mailbox.address);
  });

  test('a Strapi delete of an invitation is restored from Outlook, never sent (no cancellation from this mailbox)', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await invited('invite-delete');
    await world.strapiDelete(documentId);
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(writesToGraph(), []);
    assert.ok(world.emulator.control.getEvent(mailbox.address, remoteId), 'still in Outlook');
    assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject), ['Quarterly review']);
    assert.deepEqual(resultFor(run, mailbox.address).refused, { 'not-organizer': 1 });
  });

  test('an invitation edited in Strapi and removed in Outlook is removed here, never re-created as this mailbox\'s meeting', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await invited('invite-removed');
    await world.strapiUpdate(documentId, { subject: 'Kept by its edit?' });
    world.emulator.control.deleteEvent(mailbox.address, remoteId);
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(writesToGraph(), [], 'no POST: the meeting is not re-created from this mailbox');
    assert.deepEqual(world.remoteEvents(mailbox.address), []);
    assert.deepEqual(await world.localEvents(mailbox.address), []);
    assert.deepEqual(resultFor(run, mailbox.address).refused, { 'not-organizer': 1 });
  });

  test('strapi → microsoft: an invitation edited in Strapi is refused each run, never written, and left as edited', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await invited('invite-one-way');
    await world.setCalendarSettings({ direction: 'strapi-to-microsoft' });
    await world.strapiUpdate(documentId, { subject: 'Taken over' });
    for (let i = 0; i < 2; i++) {
      const run = await world.syncMailbox(mailbox.address);
      assert.deepEqual(resultFor(run, mailbox.address).refused, { 'not-organizer': 1 }, `run ${i + 1}`);
    }
    assert.deepEqual(writesToGraph(), []);
    assert.equal(world.emulator.control.getEvent(mailbox.address, remoteId)?.subject, 'Quarterly review');
  });

  test('an event the mailbox organizes is still written as before', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const mailbox = await world.newMailbox('own-meeting');
    const remote = world.outlookCreate(mailbox.address, 'My meeting', 30);
    assert.equal(remote.isOrganizer, true);
    await world.syncMailbox(mailbox.address);
    const [local] = await world.localEvents(mailbox.address);
    await world.strapiUpdate(String(local.documentId), { subject: 'My meeting, renamed' });
    const run = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(run, mailbox.address).pushed.updated, 1);
    assert.equal(resultFor(run, mailbox.address).refused, undefined);
    assert.equal(world.emulator.control.getEvent(mailbox.address, String(remote.id))?.subject, 'My meeting, renamed');
  });
});
