// Two real Strapi processes on one PostgreSQL database: the sync lease holds across processes and is
// taken over when its holder dies. PostgreSQL only: it is the engine several app servers share.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { SYNC_LEASE_NAME } from '../../server/src/sync/lease';
import { createTestDatabase, currentDatabaseKind, type TestDatabase } from '../helpers/databases';
import type { HeldInterval } from '../helpers/strapi-child';
import { forkStrapiChild, type StrapiChild } from '../helpers/strapi-children';

const LEASE_TTL_SECONDS = 2;
const skip = currentDatabaseKind() === 'postgres' ? false : 'needs TEST_DATABASE=postgres (one database shared by two processes)';

describe('two Strapi processes on one PostgreSQL', () => {
  let database: TestDatabase;
  const children: StrapiChild[] = [];
  const env = { MICROSOFT365_LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS), MICROSOFT365_SCHEDULER: 'false' };

  before(async () => {
    if (skip) return;
    database = await createTestDatabase('postgres', `ms365_two_${Date.now().toString(36)}`);
    // One after the other: the first creates the schema, the second finds it in place.
    children.push(await forkStrapiChild(database.env, env));
    children.push(await forkStrapiChild(database.env, env));
  });

  after(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await database?.drop();
  });

  test('both contend for the sync lease many times at once: never both hold it', { skip }, async () => {
    const request = { op: 'contend', name: SYNC_LEASE_NAME, rounds: 300, maxHoldMs: 4, maxPauseMs: 2 } as const;
    const results = await Promise.all(children.map((child) => child.request<{ attempts: number; intervals: HeldInterval[] }>(request)));
    const intervals = results.flatMap((result) => result.intervals).sort((a, b) => a.from - b.from);
    for (const [index, result] of results.entries()) {
      assert.ok(result.intervals.length > 0, `process ${index + 1} never won the lease in ${result.attempts} attempts`);
    }
    // Sorted by start, each hold must end before the next one starts.
    for (let i = 1; i < intervals.length; i += 1) {
      const [previous, current] = [intervals[i - 1], intervals[i]];
      assert.ok(
        current.from >= previous.to,
        `pid ${current.pid} held the lease from ${current.from.toFixed(3)} while pid ${previous.pid} held it until ${previous.to.toFixed(3)}`,
      );
    }
    const wins = results.map((result) => result.intervals.length);
    console.log(`# holds: ${wins.join(' + ')} = ${intervals.length} of ${2 * request.rounds} attempts, none overlapping`);
  });

  test('the holder is killed with SIGKILL: the other takes over after the ttl, not before', { skip }, async () => {
    const [holder, other] = children;
    const ttlMs = LEASE_TTL_SECONDS * 1000;
    assert.equal(await holder.request({ op: 'hold', name: SYNC_LEASE_NAME }), true);
    assert.equal(await other.request({ op: 'tryAcquire', name: SYNC_LEASE_NAME }), false);
    // Longer than the ttl: the live holder's renewals keep it.
    await sleep(ttlMs * 1.5);
    assert.equal(await other.request({ op: 'tryAcquire', name: SYNC_LEASE_NAME }), false, 'a renewing holder keeps the lease past its ttl');

    await holder.kill('SIGKILL');
    const killedAt = Date.now();
    assert.equal(await other.request({ op: 'tryAcquire', name: SYNC_LEASE_NAME }), false, 'not taken over the moment the holder dies');
    let tookOverAfter = -1;
    while (Date.now() - killedAt < ttlMs * 3) {
      if (await other.request<boolean>({ op: 'tryAcquire', name: SYNC_LEASE_NAME })) {
        tookOverAfter = Date.now() - killedAt;
        break;
      }
      await sleep(50);
    }
    assert.ok(tookOverAfter >= 0, 'the survivor never took the lease over');
    // The last renewal was at most ttl/3 before the kill, so at least 2/3 ttl remained.
    assert.ok(tookOverAfter >= (ttlMs * 2) / 3 - 100, `taken over too early: ${tookOverAfter} ms after the kill`);
    assert.ok(tookOverAfter <= ttlMs + 500, `taken over too late: ${tookOverAfter} ms after the kill`);
    console.log(`# taken over ${tookOverAfter} ms after SIGKILL (ttl ${ttlMs} ms)`);
    await other.request({ op: 'release', name: SYNC_LEASE_NAME });
  });
});
