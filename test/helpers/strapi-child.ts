// A playground Strapi in a child process, driven by its parent over IPC: what the two-process test
// forks twice onto one shared database. Start with `fork(STRAPI_CHILD, { execArgv: ['--import', 'tsx'] })`
// and the environment below; it answers `{ type: 'ready', pid, url }`, then one reply per request.
//   STRAPI_CHILD_DATABASE_ENV   JSON of the shared database's DATABASE_* variables
//   STRAPI_CHILD_ENV            JSON of extra environment for the playground (MICROSOFT365_* etc.)
import { setTimeout as sleep } from 'node:timers/promises';
import { createLease, leaseHolder, type Lease } from '../../server/src/sync/lease';
import { pluginConfig } from '../../server/src/utils/strapi';
import { startPlayground, type Playground } from './playground';

export type ChildRequest =
  | { id: number; op: 'contend'; name: string; rounds: number; maxHoldMs: number; maxPauseMs: number }
  | { id: number; op: 'hold'; name: string }
  | { id: number; op: 'tryAcquire'; name: string }
  | { id: number; op: 'release'; name: string }
  | { id: number; op: 'holder'; name: string }
  | { id: number; op: 'settings'; patch: unknown }
  | { id: number; op: 'runs' }
  | { id: number; op: 'createMailbox'; address: string }
  | { id: number; op: 'run'; trigger: 'manual' | 'api' }
  | { id: number; op: 'find'; uid: string; where?: Record<string, unknown> }
  | { id: number; op: 'stop' };

export type ChildReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** A stretch of time during which this process held the lease, in ms on the host's wall clock. */
export interface HeldInterval {
  pid: number;
  from: number;
  to: number;
}

// Sub-millisecond wall-clock time, comparable between processes on one host.
const wallClock = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const databaseEnv = JSON.parse(process.env.STRAPI_CHILD_DATABASE_ENV ?? 'null') as Record<string, string> | null;
  if (!databaseEnv) throw new Error('STRAPI_CHILD_DATABASE_ENV is required');
  const env = JSON.parse(process.env.STRAPI_CHILD_ENV ?? '{}') as Record<string, string>;
  const playground: Playground = await startPlayground({ databaseEnv, env });
  const { strapi } = playground;
  const ttlMs = pluginConfig(strapi).leaseTtlSeconds * 1000;
  const held = new Map<string, Lease>();

  async function handle(request: ChildRequest): Promise<unknown> {
    switch (request.op) {
      case 'contend': {
        // Acquire, hold a moment, release; again and again while the other process does the same.
        const lease = createLease(strapi, { name: request.name, ttlMs, autoRenew: false });
        const intervals: HeldInterval[] = [];
        for (let round = 0; round < request.rounds; round += 1) {
          if (await lease.acquire()) {
            const from = wallClock();
            await sleep(Math.random() * request.maxHoldMs);
            intervals.push({ pid: process.pid, from, to: wallClock() });
            await lease.release();
          }
          await sleep(Math.random() * request.maxPauseMs);
        }
        return { attempts: request.rounds, intervals };
      }
      case 'hold': {
        // Held with automatic renewal until released or this process dies.
        const lease = createLease(strapi, { name: request.name, ttlMs });
        const ok = await lease.acquire();
        if (ok) held.set(request.name, lease);
        return ok;
      }
      case 'tryAcquire': {
        const lease = createLease(strapi, { name: request.name, ttlMs, autoRenew: false });
        const ok = await lease.acquire();
        if (ok) held.set(request.name, lease);
        return ok;
      }
      case 'release': {
        await held.get(request.name)?.release();
        held.delete(request.name);
        return true;
      }
      case 'holder':
        return leaseHolder(strapi, request.name);
      case 'settings':
        return strapi.plugin('microsoft-365').service('settings').update(request.patch);
      case 'runs':
        return strapi.db.query('plugin::microsoft-365.sync-run').findMany({ orderBy: { startedAt: 'asc' } });
      case 'createMailbox':
        return strapi.plugin('microsoft-365').service('mailboxes').create({ address: request.address });
      case 'run':
        // A run, or the 409 another holder of the sync lease causes.
        try {
          return await strapi.plugin('microsoft-365').service('sync').run({ trigger: request.trigger });
        } catch (error) {
          if ((error as { status?: number }).status === 409) return { conflict: true };
          throw error;
        }
      case 'find':
        return strapi.db.query(request.uid as never).findMany({ where: request.where ?? {}, orderBy: { id: 'asc' } });
      case 'stop':
        await playground.stop();
        setImmediate(() => process.exit(0));
        return true;
    }
  }

  process.on('message', (request: ChildRequest) => {
    handle(request).then(
      (value) => process.send?.({ id: request.id, ok: true, value } satisfies ChildReply),
      (error: unknown) => process.send?.({ id: request.id, ok: false, error: (error as Error).stack ?? String(error) } satisfies ChildReply),
    );
  });
  process.send?.({ type: 'ready', pid: process.pid, url: playground.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
