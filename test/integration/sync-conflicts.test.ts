// Conflicts (each policy), edit beats delete (both ways), and the one-way directions.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { changes, isoTime, resultFor, useSyncWorld, type SyncWorld } from './sync-support';

let world: SyncWorld;

/** A mailbox with one event known to both sides. */
async function synced(name: string) {
  const mailbox = await world.newMailbox(name);
  const remote = world.outlookCreate(mailbox.address, 'Original', 20);
  await world.syncMailbox(mailbox.address);
  const [local] = await world.localEvents(mailbox.address);
  assert.ok(local);
  return { mailbox, remoteId: String(remote.id), documentId: String(local.documentId) };
}

const subjects = async (address: string) => ({
  strapi: (await world.localEvents(address)).map((e) => e.subject).sort(),
  outlook: world.remoteEvents(address).map((e) => e.subject).sort(),
});

describe(`sync conflicts and directions (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld();

  for (const [policy, winner] of [
    ['strapi-wins', 'Edited in Strapi'],
    ['microsoft-wins', 'Edited in Outlook'],
  ] as const) {
    test(`bidirectional, ${policy}: an item changed on both sides ends as ${winner} on both`, async () => {
      await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: policy });
      const { mailbox, remoteId, documentId } = await synced(policy);
      await world.strapiUpdate(documentId, { subject: 'Edited in Strapi' });
      world.emulator.control.updateEvent(mailbox.address, remoteId, { subject: 'Edited in Outlook' });
      const run = await world.syncMailbox(mailbox.address);
      assert.equal(resultFor(run, mailbox.address).conflicts, 1);
      assert.deepEqual(await subjects(mailbox.address), { strapi: [winner], outlook: [winner] });
      await world.assertInStep(mailbox.address);
      assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
    });
  }

  for (const newer of ['Strapi', 'Outlook'] as const) {
    test(`bidirectional, newest-wins: the later edit (${newer}) wins`, async () => {
      await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'newest-wins' });
      const { mailbox, remoteId, documentId } = await synced(`newest-${newer}`);
      const editStrapi = () => world.strapiUpdate(documentId, { subject: 'Edited in Strapi' });
      const editOutlook = async () => void world.emulator.control.updateEvent(mailbox.address, remoteId, { subject: 'Edited in Outlook' });
      if (newer === 'Strapi') {
        await editOutlook();
        await sleep(50);
        await editStrapi();
      } else {
        await editStrapi();
        await sleep(50);
        await editOutlook();
      }
      const run = await world.syncMailbox(mailbox.address);
      assert.equal(resultFor(run, mailbox.address).conflicts, 1);
      const winner = `Edited in ${newer}`;
      assert.deepEqual(await subjects(mailbox.address), { strapi: [winner], outlook: [winner] });
      await world.assertInStep(mailbox.address);
    });
  }

  test('equal edits on both sides are no conflict', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await synced('same-edit');
    await world.strapiUpdate(documentId, { subject: 'Same on both' });
    world.emulator.control.updateEvent(mailbox.address, remoteId, { subject: 'Same on both' });
    const run = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(run, mailbox.address).conflicts, 0);
    assert.equal(changes(run, mailbox.address), 0);
    await world.assertInStep(mailbox.address);
  });

  test('edit beats delete: edited in Strapi, deleted in Outlook → restored in Outlook', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'microsoft-wins' });
    const { mailbox, remoteId, documentId } = await synced('edit-local-delete-remote');
    await world.strapiUpdate(documentId, { subject: 'Kept by its edit' });
    world.emulator.control.deleteEvent(mailbox.address, remoteId);
    const run = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(run, mailbox.address).pushed.created, 1);
    assert.deepEqual(await subjects(mailbox.address), { strapi: ['Kept by its edit'], outlook: ['Kept by its edit'] });
    await world.assertInStep(mailbox.address);
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
  });

  test('edit beats delete: deleted in Strapi, edited in Outlook → restored in Strapi', async () => {
    await world.setCalendarSettings({ direction: 'bidirectional', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await synced('delete-local-edit-remote');
    await world.strapiDelete(documentId);
    world.emulator.control.updateEvent(mailbox.address, remoteId, { subject: 'Kept by its edit' });
    const run = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(run, mailbox.address).pulled.created, 1);
    assert.deepEqual(await subjects(mailbox.address), { strapi: ['Kept by its edit'], outlook: ['Kept by its edit'] });
    await world.assertInStep(mailbox.address);
  });

  test('microsoft-to-strapi: Outlook changes arrive; Strapi edits and deletes are reverted, Strapi-only entries stay put', async () => {
    await world.setCalendarSettings({ direction: 'microsoft-to-strapi', conflictResolution: 'strapi-wins' });
    const { mailbox, remoteId, documentId } = await synced('m2s');
    const second = world.outlookCreate(mailbox.address, 'Second', 30);
    await world.syncMailbox(mailbox.address);
    const secondLocal = (await world.localEvents(mailbox.address)).find((e) => e.subject === 'Second')!;

    await world.strapiUpdate(documentId, { subject: 'Strapi edit, not allowed' });
    await world.strapiDelete(secondLocal.documentId);
    await world.strapiCreate(mailbox, { subject: 'Strapi only', start: isoTime(40), end: isoTime(41) });
    world.emulator.control.updateEvent(mailbox.address, String(second.id), { location: { displayName: 'Moved room' } });
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(run, mailbox.address).pushed, { created: 0, updated: 0, deleted: 0 }, 'nothing is written to Outlook');
    assert.deepEqual(await subjects(mailbox.address), { strapi: ['Original', 'Second', 'Strapi only'], outlook: ['Original', 'Second'] });
    assert.equal(world.remoteEvents(mailbox.address).find((e) => e.id === remoteId)!.subject, 'Original');
    const restored = (await world.localEvents(mailbox.address)).find((e) => e.subject === 'Second')!;
    assert.equal(restored.location, 'Moved room');
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
  });

  test('strapi-to-microsoft: Strapi changes go out; Outlook edits and deletes are reverted, Outlook-only events stay put', async () => {
    await world.setCalendarSettings({ direction: 'strapi-to-microsoft', conflictResolution: 'microsoft-wins' });
    const mailbox = await world.newMailbox('s2m');
    world.outlookCreate(mailbox.address, 'Outlook only', 10);
    const first = await world.strapiCreate(mailbox, { subject: 'From Strapi', start: isoTime(20), end: isoTime(21) });
    const second = await world.strapiCreate(mailbox, { subject: 'Second from Strapi', start: isoTime(30), end: isoTime(31) });
    const initial = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(initial, mailbox.address).pulled, { created: 0, updated: 0, deleted: 0 }, 'nothing is read into Strapi');
    assert.equal(resultFor(initial, mailbox.address).pushed.created, 2);

    const remote = world.remoteEvents(mailbox.address);
    world.emulator.control.updateEvent(mailbox.address, remote.find((e) => e.subject === 'From Strapi')!.id, { subject: 'Outlook edit, not allowed' });
    world.emulator.control.deleteEvent(mailbox.address, remote.find((e) => e.subject === 'Second from Strapi')!.id);
    await world.strapiUpdate(first.documentId, { location: 'Strapi room' });
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(run, mailbox.address).pulled, { created: 0, updated: 0, deleted: 0 });
    assert.deepEqual(await subjects(mailbox.address), { strapi: ['From Strapi', 'Second from Strapi'], outlook: ['From Strapi', 'Outlook only', 'Second from Strapi'] });
    const out = world.remoteEvents(mailbox.address).find((e) => e.subject === 'From Strapi')!;
    assert.equal(out.location.displayName, 'Strapi room');
    assert.ok((await world.localEvents(mailbox.address)).some((e) => e.documentId === second.documentId), 'the Strapi entry of the restored event is the same one');
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
  });
});
