// Building a ScenarioResult: ratios from the measurements and the target checks of issue 6.
import { SCENARIOS } from './catalog';
import { perItemRatio, ratio } from './lower-bound';

export { perItemRatio as perItem };
import type { LowerBound, Measurement, Ratios, ScenarioResult, TargetCheck } from './types';
import type { World } from './world';
import type { SyncRun } from '../../server/src/sync/run-types';

export function emptyResult(id: number, world: Pick<World, 'latencyMs'> & { database: ScenarioResult['database'] }, size: Record<string, number>): ScenarioResult {
  const info = SCENARIOS.find((s) => s.id === id)!;
  return {
    id,
    name: info.name,
    title: info.title,
    database: world.database,
    latencyMs: world.latencyMs,
    size,
    ours: null,
    naive: null,
    lowerBound: null,
    ratios: { lowerBoundRequests: null, lowerBoundTime: null, naiveRequests: null, naiveTime: null },
    figures: {},
    targets: [],
    notes: [],
  };
}

/** Ratios against the lower bound (our round trips and wall time) and the naive way (per item). */
export function ratiosOf(ours: Measurement, lowerBound: LowerBound | null, naive: Measurement | null, perItem = true): Ratios {
  const naiveRatio = (n: number, o: number) => (perItem ? perItemRatio(n, naive!.items, o, ours.items) : ratio(n, o));
  return {
    lowerBoundRequests: lowerBound ? ratio(ours.graph.roundTrips, lowerBound.requests) : null,
    lowerBoundTime: lowerBound ? ratio(ours.wallMs, lowerBound.timeMs) : null,
    naiveRequests: naive ? naiveRatio(naive.graph.roundTrips, ours.graph.roundTrips) : null,
    naiveTime: naive ? naiveRatio(naive.wallMs, ours.wallMs) : null,
  };
}

export function within(target: string, value: number | null, limit: number, what: string): TargetCheck {
  if (value === null) return { target, met: null, detail: `${what}: not measured` };
  return { target, met: value <= limit, detail: `${what} ${fmt(value)}× (limit ${limit}×)${value > limit ? `: missed by ${fmt(value / limit)}×` : ''}` };
}

export function atLeast(target: string, value: number | null, minimum: number, what: string): TargetCheck {
  if (value === null) return { target, met: null, detail: `${what}: not measured` };
  return { target, met: value >= minimum, detail: `${what} ${fmt(value)}× (needs ≥ ${minimum}×)${value < minimum ? `: short by ${fmt(minimum / value)}×` : ''}` };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Round trips our RequestCounter saw over every mailbox and resource of a run. */
export function counterRequests(run: SyncRun, resource?: string): number {
  return run.results.filter((r) => !resource || r.resource === resource).reduce((sum, r) => sum + r.graphRequests, 0);
}

export function runSummary(run: SyncRun): string {
  const totals = { pulled: 0, pushed: 0, errors: 0 };
  for (const r of run.results) {
    totals.pulled += r.pulled.created + r.pulled.updated + r.pulled.deleted;
    totals.pushed += r.pushed.created + r.pushed.updated + r.pushed.deleted;
    totals.errors += r.errors.length;
  }
  return `run ${run.status}: ${run.results.length} mailbox×resource, pulled ${totals.pulled}, pushed ${totals.pushed}, errors ${totals.errors}`;
}
