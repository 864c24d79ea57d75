// Measures one piece of work: wall time, what reached the emulator, what our counter saw, the
// database statements and memory. Everything is reset right before the work starts.
import { MemorySampler } from './memory';
import type { Measurement } from './types';
import type { World } from './world';

export interface WorkOutcome {
  /** Round trips our RequestCounter saw (SyncResult.graphRequests summed, or the naive way's counter). */
  counterRequests: number;
}

export async function measure<T extends WorkOutcome>(world: World, items: number, work: () => Promise<T>): Promise<Measurement & { outcome: T }> {
  const { control } = world.emulator;
  control.clearRequests();
  const memory = new MemorySampler();
  memory.start();
  world.db.reset();
  const started = performance.now();
  const outcome = await work();
  const wallMs = performance.now() - started;
  const db = world.db.snapshot();
  const mem = memory.stop();
  const records = control.requests().filter((r) => !r.inBatch);
  const stats = control.stats();
  return {
    items,
    wallMs: Math.round(wallMs),
    graph: {
      graphRequests: stats.graphRequests,
      roundTrips: records.length,
      batchEnvelopes: stats.batchRequests,
      throttled: stats.byStatus['429'] ?? 0,
      counterRequests: outcome.counterRequests,
      maxConcurrentPerMailbox: Math.max(0, ...Object.values(stats.maxConcurrentPerMailbox)),
      serverMs: Math.round(records.reduce((sum, r) => sum + r.durationMs, 0)),
    },
    db: { ...db, dbTimeMs: Math.round(db.dbTimeMs) },
    memory: mem,
    outcome,
  };
}

/** The measurement alone, for the JSON report. */
export function plain(m: Measurement & { outcome?: unknown }): Measurement {
  const { outcome: _outcome, ...rest } = m;
  return rest;
}
