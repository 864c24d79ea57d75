// Fencing: a run's writes carry its lease, and the database refuses them once another process holds it.
//
// A holder that stalls past the ttl (a long GC pause, a frozen VM) wakes up believing it still holds the
// lease while a new holder is already syncing the same mailboxes; its writes would interleave with the
// new holder's. So every write transaction of a run starts by touching the lease row on the condition
// that the run's holder still has it. The UPDATE locks the row until the commit (PostgreSQL, MySQL; on
// SQLite the transaction holds the database's write lock), so a takeover waits for an in-flight
// transaction to end and any later transaction of the stalled run finds the row taken and rolls back.
// The cost is one statement per write transaction.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import type { Strapi } from '../utils/strapi';
import { leaseTable } from './lease';

/** The lease a run holds, by name and holder token. */
export interface LeaseFence {
  name: string;
  holder: string;
}

/** Thrown inside a write transaction of a run whose lease another process took: the transaction rolls back. */
export class LeaseLostError extends Error {
  readonly code = 'lease_lost';
  constructor(readonly fence: LeaseFence) {
    super(`the ${fence.name} lease was taken over by another process; this run's writes were refused`);
    this.name = 'LeaseLostError';
  }
}

const fences = new AsyncLocalStorage<LeaseFence>();

/** Runs `work` with every write transaction it opens (through db.ts transaction()) fenced by `fence`. */
export function runFenced<T>(fence: LeaseFence, work: () => Promise<T>): Promise<T> {
  return fences.run(fence, work);
}

/** The fence of the run this code is part of, if any. */
export function currentFence(): LeaseFence | undefined {
  return fences.getStore();
}

/** First statement of a fenced transaction: locks the lease row and refuses the transaction when it is not ours. */
export async function checkFence(strapi: Strapi, trx: Knex.Transaction, fence: LeaseFence): Promise<void> {
  const t = leaseTable(strapi);
  // Setting the holder to itself changes nothing but takes the row lock; mysql2 reports matched rows.
  const count = await trx(t.table).where(t.name, fence.name).andWhere(t.holder, fence.holder).update({ [t.holder]: fence.holder });
  if (Number(count) !== 1) throw new LeaseLostError(fence);
}
