// A @odata.nextLink / @odata.deltaLink on a host other than the configured Graph host is refused
// (issue 9 §5): the run reports an error naming it, nothing of that page is stored, the cursor stays.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resultFor, useSyncWorld, graphTime } from './sync-support';
import { UID } from '../../shared/plugin';

const STATE_UID = UID.syncState;
const FOREIGN = 'https://graph.evil.example';

describe(`links to a foreign host (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();

  const cursors = async (address: string) =>
    (await world.strapi.db.query(STATE_UID as never).findMany({ where: { mailbox: address }, orderBy: { id: 'asc' } })) as Array<Record<string, any>>;

  const assertRefused = (run: Awaited<ReturnType<typeof world.sync.run>>, address: string) => {
    const result = resultFor(run, address);
    assert.equal(run.status, 'failed');
    assert.deepEqual(result.errors.map((e) => e.code), ['foreign_link']);
    assert.match(result.errors[0]!.message, /graph\.evil\.example/);
    assert.deepEqual(result.pulled, { created: 0, updated: 0, deleted: 0 });
  };

  test('a nextLink to another host on the first page: nothing stored, no cursor written', async () => {
    const mailbox = await world.newMailbox('foreign-next');
    // More than one page (pageSize 100), so the first page carries a nextLink.
    world.emulator.control.seedEvents(mailbox.address, 120, { start: new Date(Date.now() + 86_400_000).toISOString() });
    world.emulator.control.setLinkOrigin(FOREIGN);
    try {
      assertRefused(await world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'] }), mailbox.address);
    } finally {
      world.emulator.control.setLinkOrigin(null);
    }
    assert.equal((await world.localEvents(mailbox.address)).length, 0);
    assert.deepEqual(await cursors(mailbox.address), []);
    // With Graph's own links the same mailbox syncs in full.
    await world.syncMailbox(mailbox.address);
    assert.equal((await world.localEvents(mailbox.address)).length, 120);
  });

  test('a deltaLink to another host on an incremental round: the new items are not stored, the cursor stays', async () => {
    const mailbox = await world.newMailbox('foreign-delta');
    world.outlookCreate(mailbox.address, 'Before', 4);
    await world.syncMailbox(mailbox.address);
    const before = await cursors(mailbox.address);
    assert.equal(before.length, 1);
    assert.ok(before[0]!.deltaLink.startsWith(world.emulator.graphBaseUrl));

    world.emulator.control.createEvent(mailbox.address, { subject: 'After', start: graphTime(6), end: graphTime(7) });
    world.emulator.control.setLinkOrigin(FOREIGN);
    try {
      assertRefused(await world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'] }), mailbox.address);
    } finally {
      world.emulator.control.setLinkOrigin(null);
    }
    assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject), ['Before']);
    const after = await cursors(mailbox.address);
    assert.deepEqual(after.map((c) => [c.deltaLink, c.updatedAt]), before.map((c) => [c.deltaLink, c.updatedAt]));

    // With Graph's own links again, the next run picks the change up from the same cursor.
    await world.syncMailbox(mailbox.address);
    assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject), ['Before', 'After']);
  });

  test('a stored cursor on another host is not followed', async () => {
    const mailbox = await world.newMailbox('foreign-cursor');
    world.outlookCreate(mailbox.address, 'Only', 4);
    await world.syncMailbox(mailbox.address);
    const [row] = await cursors(mailbox.address);
    const planted = row!.deltaLink.replace(world.emulator.graphBaseUrl, FOREIGN);
    await world.strapi.db.query(STATE_UID as never).update({ where: { id: row!.id }, data: { deltaLink: planted } });
    const before = world.emulator.control.requests().length;
    assertRefused(await world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'] }), mailbox.address);
    assert.equal((await cursors(mailbox.address))[0]!.deltaLink, planted);
    // Refused before any request: the emulator saw none for this mailbox's delta.
    const calls = world.emulator.control.requests().slice(before).filter((r) => r.mailbox === mailbox.address && r.path.includes('/delta'));
    assert.deepEqual(calls, []);
  });
});
