// Two real Strapi processes on one PostgreSQL database: the sync lease holds across processes and is
// taken over when its holder dies; both processes' schedulers ticking every second start one
// scheduled run when one is due, never two, and no runs overlap. PostgreSQL only: it is the engine
// several app servers share.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { SYNC_LEASE_NAME } from '../../server/src/sync/lease';
import { DEMO, startEmulator, type Emulator } from '../emulator';
import { createTestDatabase, currentDatabaseKind, type TestDatabase } from '../helpers/databases';
import type { HeldInterval } from '../helpers/strapi-child';
import { forkStrapiChild, type StrapiChild } from '../helpers/strapi-children';
import { waitFor } from '../helpers/wait';

const LEASE_TTL_SECONDS = 2;
const skip = currentDatabaseKind() === 'postgres' ? false : 'needs TEST_DATABASE=postgres (one database shared by two processes)';

interface RunRow {
  id: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}


describe('two Strapi processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let emulator: Emulator | null = null;
  const children: StrapiChild[] = [];
  // Schedulers on and ticking every second throughout: until the scheduler test completes the
  // settings they find nothing to do (no integration enabled) and never touch the leases.
  // Like app servers of one deployment, both share the keys (the sealed client secret opens in either).
  const sharedKey = () => randomBytes(16).toString('base64');
  const env: Record<string, string> = {
    APP_KEYS: `${sharedKey()},${sharedKey()}`,
    ENCRYPTION_KEY: sharedKey(),
    ADMIN_JWT_SECRET: sharedKey(),
    MICROSOFT365_LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS),
    MICROSOFT365_SCHEDULER: 'true',
    MICROSOFT365_SCHEDULER_TICK: '* * * * * *',
  };

  before(async () => {
    if (skip) return;
    if (process.env.NODE_EXTRA_CA_CERTS) {
      emulator = await startEmulator({ port: 0, seed: 'demo' });
      env.MICROSOFT365_AUTHORITY_HOST = emulator.authorityHost;
      env.MICROSOFT365_GRAPH_BASE_URL = emulator.graphBaseUrl;
    }
    database = await createTestDatabase('postgres', `ms365_two_${Date.now().toString(36)}`);
    // One after the other: the first creates the schema, the second finds it in place.
    children.push(await forkStrapiChild(database.env, env));
    children.push(await forkStrapiChild(database.env, env));
  });

  after(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await database?.drop();
    await emulator?.close();
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
    // The dead holder's row no longer changes: its expiry, by the database clock.
    const frozen = await other.request<{ holder: string; expiresAt: number } | null>({ op: 'holder', name: SYNC_LEASE_NAME });
    assert.ok(frozen, 'still held right after the kill');
    assert.equal(await other.request({ op: 'tryAcquire', name: SYNC_LEASE_NAME }), false, 'not taken over the moment the holder dies');
    let tookOverAfter = -1;
    while (Date.now() - killedAt < ttlMs * 5) {
      if (await other.request<boolean>({ op: 'tryAcquire', name: SYNC_LEASE_NAME })) {
        tookOverAfter = Date.now() - killedAt;
        break;
      }
      await sleep(50);
    }
    assert.ok(tookOverAfter >= 0, 'the survivor never took the lease over');
    const taken = await other.request<{ holder: string; expiresAt: number }>({ op: 'holder', name: SYNC_LEASE_NAME });
    assert.notEqual(taken.holder, frozen.holder);
    // The takeover's UPDATE set expiresAt = its database time + ttl: that time was not before the old expiry.
    assert.ok(taken.expiresAt - ttlMs >= frozen.expiresAt, `taken over ${frozen.expiresAt - (taken.expiresAt - ttlMs)} ms before the dead holder's lease expired`);
    // Loose on purpose (a busy machine delays the polling): the point is that the takeover comes.
    assert.ok(tookOverAfter <= ttlMs + 1_500, `taken over too late: ${tookOverAfter} ms after the kill`);
    console.log(`# taken over ${tookOverAfter} ms after SIGKILL (ttl ${ttlMs} ms), ${taken.expiresAt - ttlMs - frozen.expiresAt} ms after the old expiry`);
    await other.request({ op: 'release', name: SYNC_LEASE_NAME });
  });

  test('both schedulers tick every second: one scheduled run each time one is due, and no runs overlap', { skip }, async (t) => {
    if (!emulator) {
      t.skip('needs NODE_EXTRA_CA_CERTS=test/emulator/.certs/ca.pem to trust the Graph emulator');
      return;
    }
    // The SIGKILL test left one process: a fresh second one joins the same database.
    const alive = children.filter((child) => child.process.exitCode === null && child.process.signalCode === null);
    while (alive.length < 2) {
      const child = await forkStrapiChild(database.env, env);
      children.push(child);
      alive.push(child);
    }
    const [one, two] = alive;
    const { Client } = await import('pg');
    const sql = new Client({
      host: database.env.DATABASE_HOST,
      port: Number(database.env.DATABASE_PORT),
      user: database.env.DATABASE_USERNAME,
      password: database.env.DATABASE_PASSWORD,
      database: database.env.DATABASE_NAME,
    });
    await sql.connect();
    t.after(() => sql.end());

    const runs = () => one.request<RunRow[]>({ op: 'runs' });
    const noRunInProgress = async () => {
      const rows = await runs();
      return rows.every((row) => row.finishedAt !== null) ? rows : null;
    };
    // The real start and finish of every run, captured before history is shifted (below).
    const seen = new Map<string, { trigger: string; from: number; to: number }>();
    const capture = (rows: RunRow[]) => {
      for (const row of rows) {
        if (row.finishedAt && !seen.has(String(row.id))) {
          seen.set(String(row.id), { trigger: row.trigger, from: Date.parse(row.startedAt), to: Date.parse(row.finishedAt) });
        }
      }
    };

    await one.request({ op: 'createMailbox', address: DEMO.mailboxes[0] });
    // Completing the settings in one process: the other reads them on its next tick.
    await one.request({
      op: 'settings',
      patch: {
        azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret },
        integrations: { calendar: true },
        sync: { intervalMinutes: 1 },
      },
    });

    const rounds = 5;
    for (let round = 1; round <= rounds; round += 1) {
      // Never ran (round 1), or the whole history moved back past the interval: due for both at once.
      const scheduled = await waitFor(`round ${round}'s scheduled run`, async () => {
        const rows = await noRunInProgress();
        const done = rows?.filter((row) => row.trigger === 'schedule') ?? [];
        return done.length >= round ? rows : null;
      }, 60_000);
      capture(scheduled);
      // Meanwhile manual runs from both processes at once contend for the same lease.
      const manual = await Promise.all([one, two, one, two].map((child) => child.request<{ conflict?: boolean }>({ op: 'run', trigger: 'manual' })));
      assert.ok(manual.some((result) => result.conflict), `round ${round}: four simultaneous manual runs, none refused`);
      // More ticks of both: the interval has not passed since these runs, so nothing else starts.
      await sleep(2_500);
      const settled = await waitFor('all runs finished', noRunInProgress, 30_000);
      capture(settled);
      const scheduledCount = settled.filter((row) => row.trigger === 'schedule').length;
      assert.equal(scheduledCount, round, `round ${round}: ${scheduledCount} scheduled runs in all, expected ${round}`);
      // As if a minute and a bit had passed: the next round's run is due.
      await sql.query(
        "UPDATE ms365_sync_runs SET started_at = started_at - interval '61 seconds', finished_at = finished_at - interval '61 seconds'",
      );
    }

    const all = [...seen.values()].sort((a, b) => a.from - b.from);
    for (let i = 1; i < all.length; i += 1) {
      assert.ok(all[i].from >= all[i - 1].to, `a ${all[i].trigger} run started at ${all[i].from} before a ${all[i - 1].trigger} run finished at ${all[i - 1].to}`);
    }
    const failed = (await runs()).filter((row) => row.status === 'failed');
    assert.equal(failed.length, 0, `runs failed: ${JSON.stringify(failed)}`);
    console.log(`# ${all.length} runs (${rounds} scheduled) from two processes, none overlapping`);
  });
});
