// Lease fencing (issue 9 §5): a run that stalls past its lease's ttl, while another process takes the
// lease over, writes nothing more: each of its write transactions finds the lease row taken and rolls
// back, on every database. The stall is a checkpoint hook that, instead of sleeping past the ttl, lets
// the lease expire in the database and has another holder take it, exactly as a second process would.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLease, leaseHolder, SYNC_LEASE_NAME } from '../../server/src/sync/lease';
import type { Checkpoint } from '../../server/src/sync/run-types';
import { isoTime, resultFor, useSyncWorld } from './sync-support';
import { UID } from '../../shared/plugin';

const LEASE_UID = UID.syncLease;
const STATE_UID = UID.syncState;
const MAPPING_UID = UID.syncMapping;

describe(`lease fencing (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();

  /** At `point`, the run's lease lapses (its holder stalled) and another process takes it; returns that lease. */
  function takeOverAt(point: Checkpoint) {
    const other = createLease(world.strapi, { name: SYNC_LEASE_NAME, ttlMs: 60_000, holder: 'other-host:4242:fenced', autoRenew: false });
    let tookOver = false;
    const onCheckpoint = async (at: Checkpoint) => {
      if (at !== point || tookOver) return;
      await world.strapi.db.query(LEASE_UID as never).updateMany({ where: { name: SYNC_LEASE_NAME }, data: { expiresAt: 0 } as never });
      tookOver = await other.acquire();
      assert.ok(tookOver, 'the other process could take the lapsed lease');
    };
    return { other, onCheckpoint, tookOver: () => tookOver };
  }

  test('a stalled run whose lease was taken over stores nothing of the page it fetched, nor its cursor', async () => {
    const mailbox = await world.newMailbox('fenced-pull');
    for (let i = 0; i < 3; i++) world.outlookCreate(mailbox.address, `Outlook ${i}`, 24 + i);
    const takeover = takeOverAt('pull:page-fetched');

    const run = await world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'], onCheckpoint: takeover.onCheckpoint });
    assert.ok(takeover.tookOver());
    assert.equal(run.status, 'failed');
    assert.deepEqual(
      resultFor(run, mailbox.address).errors.map((e) => e.code),
      ['lease_lost'],
    );
    assert.equal((await world.localEvents(mailbox.address)).length, 0, 'an event of the fetched page was stored');
    assert.equal(await world.strapi.db.query(STATE_UID as never).count({ where: { mailbox: mailbox.address } }), 0, 'a cursor was stored');
    assert.equal(await world.strapi.db.query(MAPPING_UID as never).count({ where: { mailbox: mailbox.address } }), 0, 'a mapping was stored');
    assert.equal((await leaseHolder(world.strapi, SYNC_LEASE_NAME))?.holder, takeover.other.holder, "the stalled run's release left the new holder alone");

    await takeover.other.release();
    await world.syncMailbox(mailbox.address);
    await world.assertInStep(mailbox.address);
  });

  test('a stalled run whose lease was taken over sends nothing it planned to Microsoft', async () => {
    const mailbox = await world.newMailbox('fenced-push');
    await world.syncMailbox(mailbox.address);
    await world.strapiCreate(mailbox, { subject: 'Created in Strapi', start: isoTime(30), end: isoTime(31) });
    const takeover = takeOverAt('push:planned');

    const run = await world.sync.run({ mailboxes: [mailbox.address], resources: ['calendar'], onCheckpoint: takeover.onCheckpoint });
    assert.ok(takeover.tookOver());
    assert.equal(run.status, 'failed');
    assert.deepEqual(resultFor(run, mailbox.address).errors.map((e) => e.code), ['lease_lost']);
    assert.equal(world.remoteEvents(mailbox.address).length, 0, 'the stalled run created the event in Outlook');
    assert.equal(await world.strapi.db.query(MAPPING_UID as never).count({ where: { mailbox: mailbox.address } }), 0, 'a pending create was stored');

    await takeover.other.release();
    await world.syncMailbox(mailbox.address);
    assert.equal(world.remoteEvents(mailbox.address).length, 1);
    await world.assertInStep(mailbox.address);
  });

  test('while the run holds its lease, every write transaction passes the fence', async () => {
    const mailbox = await world.newMailbox('fenced-ok');
    world.outlookCreate(mailbox.address, 'Kept', 40);
    await world.syncMailbox(mailbox.address);
    assert.equal((await world.localEvents(mailbox.address)).length, 1);
  });
});
