// Email import with several configured folders, on a real Strapi and the Graph emulator: a message
// moved between two configured folders (its id kept, as with ImmutableId) stays one entry whichever
// folder is pulled first; the same message in two configured folders is stored once; a message moved
// to a folder that is not configured is removed.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { totalChanges, useSyncWorld, type SyncWorld } from './sync-support';

const RECEIVED = 'microsoft-365.email.received';

let world: SyncWorld;

async function setFolders(folders: string[]): Promise<void> {
  await world.strapi.plugin('microsoft-365').service('settings').update({ email: { folders, initialDays: 30 } });
}

function deliver(address: string, folder: string, subject: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return world.emulator.control.createMessage(address, folder, {
    subject,
    from: { emailAddress: { address: 'sender@fabrikam.com', name: 'Sender' } },
    toRecipients: [{ emailAddress: { address, name: 'Me' } }],
    body: { contentType: 'text', content: `${subject} body` },
    receivedDateTime: new Date(Date.now() - 3_600_000).toISOString(),
    ...extra,
  }) as Record<string, any>;
}

const announced: string[] = [];
const onReceived = async (entry: Record<string, any>) => {
  announced.push(entry.documentId);
};

describe(`email import with several folders (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld({ integrations: { calendar: false, tasks: false, email: true } });
  beforeEach(() => {
    announced.length = 0;
    world.strapi.eventHub.on(RECEIVED, onReceived);
  });
  afterEach(() => {
    world.strapi.eventHub.off(RECEIVED, onReceived);
  });

  // inbox first: its removal is read and found in archive; archive first: the update moves it, inbox's removal is old news.
  for (const folders of [
    ['inbox', 'archive'],
    ['archive', 'inbox'],
  ]) {
    test(`a message moved inbox → archive with folders [${folders.join(', ')}] stays one entry, its folder updated, announced once`, async () => {
      await setFolders(folders);
      const mailbox = await world.newMailbox(`move-${folders[0]}`);
      const message = deliver(mailbox.address, 'inbox', 'Moved to the archive', { attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: Buffer.from('abc').toString('base64') }] });
      deliver(mailbox.address, 'inbox', 'Stays in the inbox');
      await world.syncEmail(mailbox.address);
      const before = (await world.localMessages(mailbox.address)).find((m) => m.subject === 'Moved to the archive')!;
      assert.equal(before.folder, 'inbox');
      assert.equal(announced.length, 2);

      world.emulator.control.moveMessage(mailbox.address, message.id, 'archive');
      const result = await world.syncEmail(mailbox.address);
      assert.deepEqual(result.pulled, { created: 0, updated: 1, deleted: 0 });
      const after = await world.localMessages(mailbox.address);
      assert.deepEqual(after.map((m) => [m.subject, m.folder]), [
        ['Moved to the archive', 'archive'],
        ['Stays in the inbox', 'inbox'],
      ]);
      const moved = after.find((m) => m.subject === 'Moved to the archive')!;
      assert.equal(moved.documentId, before.documentId, 'the same entry');
      assert.deepEqual(moved.attachments, [{ name: 'a.txt', contentType: 'text/plain', size: 3 }], 'its attachment metadata kept');
      assert.equal(announced.length, 2, 'a moved message is not announced again');
      assert.equal(totalChanges(await world.syncEmail(mailbox.address)), 0);

      world.emulator.control.moveMessage(mailbox.address, message.id, 'inbox');
      await world.syncEmail(mailbox.address);
      const back = (await world.localMessages(mailbox.address)).find((m) => m.subject === 'Moved to the archive')!;
      assert.deepEqual([back.documentId, back.folder], [before.documentId, 'inbox'], 'and back again');
      assert.equal(announced.length, 2);
    });
  }

  test('the same message in two configured folders (one internetMessageId) is stored and announced once', async () => {
    await setFolders(['inbox', 'archive']);
    const mailbox = await world.newMailbox('copies');
    deliver(mailbox.address, 'inbox', 'Filed twice', { internetMessageId: '<filed-twice@fabrikam.com>' });
    deliver(mailbox.address, 'archive', 'Filed twice', { internetMessageId: '<filed-twice@fabrikam.com>' });
    deliver(mailbox.address, 'archive', 'Only archived', { internetMessageId: '<only-archived@fabrikam.com>' });
    const first = await world.syncEmail(mailbox.address);
    assert.equal(first.pulled.created, 2);
    const stored = await world.localMessages(mailbox.address);
    assert.deepEqual(stored.map((m) => [m.subject, m.folder]), [
      ['Filed twice', 'inbox'],
      ['Only archived', 'archive'],
    ]);
    assert.equal(announced.length, 2);

    // A later copy, filed in a run of its own, is not a new message either.
    deliver(mailbox.address, 'inbox', 'Only archived', { internetMessageId: '<only-archived@fabrikam.com>' });
    const next = await world.syncEmail(mailbox.address);
    assert.equal(next.pulled.created, 0);
    assert.equal((await world.localMessages(mailbox.address)).length, 2);
    assert.equal(announced.length, 2);
    assert.equal(totalChanges(await world.syncEmail(mailbox.address)), 0);
  });

  test('a message moved from a configured folder to one that is not configured is removed', async () => {
    await setFolders(['inbox', 'archive']);
    const mailbox = await world.newMailbox('away');
    const junk = deliver(mailbox.address, 'inbox', 'Moved to Junk');
    const binned = deliver(mailbox.address, 'archive', 'Moved to Deleted Items');
    const deleted = deliver(mailbox.address, 'archive', 'Deleted');
    deliver(mailbox.address, 'inbox', 'Stays');
    await world.syncEmail(mailbox.address);
    assert.equal((await world.localMessages(mailbox.address)).length, 4);

    world.emulator.control.moveMessage(mailbox.address, junk.id, 'junkemail');
    world.emulator.control.moveMessage(mailbox.address, binned.id, 'deleteditems');
    world.emulator.control.deleteMessage(mailbox.address, deleted.id);
    const result = await world.syncEmail(mailbox.address);
    assert.deepEqual(result.pulled, { created: 0, updated: 0, deleted: 3 });
    assert.deepEqual((await world.localMessages(mailbox.address)).map((m) => m.subject), ['Stays']);
    assert.equal(totalChanges(await world.syncEmail(mailbox.address)), 0);
  });
});
