// The sync lease on a real playground Strapi, on whichever database TEST_DATABASE picks.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { CRON_JOB_NAME } from '../../server/src/scheduler';
import { createLease, isLeaseHeld, leaseHolder } from '../../server/src/sync/lease';
import { startPlayground, type Playground } from '../helpers/playground';

let playground: Playground;
let leaseNames = 0;
const freshName = (what: string) => `test-${what}-${++leaseNames}`;

describe(`sync lease (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    playground = await startPlayground();
  });
  after(async () => playground?.stop());

  test('many concurrent acquires, also racing to create the row: exactly one wins', async () => {
    for (let round = 0; round < 5; round += 1) {
      // A fresh name per round, so every round also races the row's creation.
      const name = freshName('race');
      const leases = Array.from({ length: 40 }, () => createLease(playground.strapi, { name, ttlMs: 30_000, autoRenew: false }));
      const results = await Promise.all(leases.map((lease) => lease.acquire()));
      assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results.filter(Boolean).length} winners`);
      const winner = leases[results.indexOf(true)];
      assert.equal((await leaseHolder(playground.strapi, name))?.holder, winner.holder);
      const rows = await playground.strapi.db.query('plugin::microsoft-365.sync-lease').count({ where: { name } });
      assert.equal(rows, 1, 'one row per lease name');
      await winner.release();
    }
  });

  test('a second round on an existing row also has exactly one winner', async () => {
    const name = freshName('race-existing');
    const first = createLease(playground.strapi, { name, ttlMs: 30_000, autoRenew: false });
    assert.equal(await first.acquire(), true);
    await first.release();
    const leases = Array.from({ length: 40 }, () => createLease(playground.strapi, { name, ttlMs: 30_000, autoRenew: false }));
    const results = await Promise.all(leases.map((lease) => lease.acquire()));
    assert.equal(results.filter(Boolean).length, 1);
    await leases[results.indexOf(true)].release();
  });

  test('only the holder renews or releases', async () => {
    const name = freshName('holder-only');
    const a = createLease(playground.strapi, { name, ttlMs: 30_000, autoRenew: false });
    const b = createLease(playground.strapi, { name, ttlMs: 30_000, autoRenew: false });
    assert.notEqual(a.holder, b.holder);
    assert.equal(await a.acquire(), true);
    assert.equal(a.held, true);
    assert.equal(await b.renew(), false, 'a non-holder cannot renew');
    await b.release();
    assert.equal((await leaseHolder(playground.strapi, name))?.holder, a.holder, 'a non-holder cannot release');
    assert.equal(await b.acquire(), false);
    assert.equal(await a.acquire(), true, 'the holder may re-acquire its own lease');
    assert.equal(await a.renew(), true);
    assert.equal(await a.renew(), true, 'renewing twice in a row still counts (matched, not changed, rows)');
    await a.release();
    assert.equal(a.held, false);
    assert.equal(await isLeaseHeld(playground.strapi, name), false);
    assert.equal(await a.renew(), false, 'a released lease cannot be renewed');
    assert.equal(await b.acquire(), true);
    await b.release();
  });

  test('no takeover before the ttl; takeover after it; the old holder then cannot renew', async () => {
    const name = freshName('expiry');
    const ttlMs = 1_500;
    const a = createLease(playground.strapi, { name, ttlMs, autoRenew: false });
    const b = createLease(playground.strapi, { name, ttlMs, autoRenew: false });
    const acquiredAt = Date.now();
    assert.equal(await a.acquire(), true);
    const stored = await leaseHolder(playground.strapi, name);
    // Stored on the database clock: on one host it matches ours to well within a second.
    assert.ok(stored && Math.abs(stored.expiresAt - (acquiredAt + ttlMs)) < 1_000, `expiresAt ${stored?.expiresAt} vs ${acquiredAt + ttlMs}`);
    assert.equal(await b.acquire(), false);
    await sleep(ttlMs - 500 - (Date.now() - acquiredAt));
    assert.equal(await b.acquire(), false, 'not yet expired');
    assert.equal(await isLeaseHeld(playground.strapi, name), true);
    await sleep(ttlMs + 200 - (Date.now() - acquiredAt));
    assert.equal(await isLeaseHeld(playground.strapi, name), false, 'expired');
    assert.equal(await b.acquire(), true, 'taken over after expiry');
    assert.equal(await a.renew(), false, 'the old holder lost it');
    assert.equal(a.held, false);
    await a.release();
    assert.equal((await leaseHolder(playground.strapi, name))?.holder, b.holder, "the old holder's release leaves the new holder");
    await b.release();
  });

  test('automatic renewal at ttl/3 keeps the lease past its ttl while held', async () => {
    const name = freshName('auto-renew');
    const ttlMs = 900;
    const a = createLease(playground.strapi, { name, ttlMs });
    const b = createLease(playground.strapi, { name, ttlMs, autoRenew: false });
    assert.equal(await a.acquire(), true);
    for (let i = 0; i < 6; i += 1) {
      await sleep(400);
      assert.equal(await b.acquire(), false, `still held after ${(i + 1) * 400} ms`);
    }
    await a.release();
    assert.equal(await b.acquire(), true, 'free once released');
    await b.release();
  });

  test('renewal stops and onLost fires when the lease is taken over', async () => {
    const name = freshName('lost');
    const ttlMs = 600;
    const lostReasons: string[] = [];
    const a = createLease(playground.strapi, { name, ttlMs, onLost: (reason) => lostReasons.push(reason) });
    const b = createLease(playground.strapi, { name, ttlMs: 30_000, autoRenew: false });
    assert.equal(await a.acquire(), true);
    // Simulate a holder that stalled past its ttl: its row reads as expired, and another takes over.
    await playground.strapi.db.query('plugin::microsoft-365.sync-lease').update({ where: { name }, data: { expiresAt: 0 } });
    assert.equal(await b.acquire(), true);
    await sleep(ttlMs);
    assert.equal(lostReasons.length, 1, 'onLost fired once');
    assert.equal(a.held, false);
    assert.equal((await leaseHolder(playground.strapi, name))?.holder, b.holder);
    await b.release();
  });

  test('the database itself refuses a second row for a lease name (unique index)', async () => {
    const name = freshName('unique');
    const leases = playground.strapi.db.query('plugin::microsoft-365.sync-lease');
    await leases.create({ data: { name, holder: null, expiresAt: 0 } });
    const table = playground.strapi.db.metadata.get('plugin::microsoft-365.sync-lease').tableName;
    // Straight through knex, past Strapi's validator, as a racing process's insert would be.
    await assert.rejects(playground.strapi.db.connection(table).insert({ name, document_id: `dup-${name}` }), /unique|duplicate/i);
    assert.equal(await leases.count({ where: { name } }), 1);
  });

  test('with MICROSOFT365_SCHEDULER=false (the test default) no schedule is registered, so no lease is taken by ticks', () => {
    const jobs = playground.strapi.cron.jobs as Array<{ name: string | null }>;
    assert.equal(jobs.some((job) => job.name === CRON_JOB_NAME), false);
  });

  test('leases of different names are independent', async () => {
    const a = createLease(playground.strapi, { name: freshName('one'), ttlMs: 30_000, autoRenew: false });
    const b = createLease(playground.strapi, { name: freshName('two'), ttlMs: 30_000, autoRenew: false });
    assert.deepEqual(await Promise.all([a.acquire(), b.acquire()]), [true, true]);
    await Promise.all([a.release(), b.release()]);
  });
});
