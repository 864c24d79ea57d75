// Figures the run history shows: a run's totals over its mailboxes × resources, and its duration.
import type { SyncRun, SyncResult } from '../../../api/types';

type Counts = SyncResult['pulled'];

export interface RunTotals {
  pulled: Counts;
  pushed: Counts;
  conflicts: number;
  graphRequests: number;
  errors: number;
}

const add = (a: Counts, b: Counts): Counts => ({ created: a.created + b.created, updated: a.updated + b.updated, deleted: a.deleted + b.deleted });

export function runTotals(run: SyncRun): RunTotals {
  const zero: Counts = { created: 0, updated: 0, deleted: 0 };
  return run.results.reduce<RunTotals>(
    (sum, result) => ({
      pulled: add(sum.pulled, result.pulled),
      pushed: add(sum.pushed, result.pushed),
      conflicts: sum.conflicts + result.conflicts,
      graphRequests: sum.graphRequests + result.graphRequests,
      errors: sum.errors + result.errors.length,
    }),
    { pulled: zero, pushed: zero, conflicts: 0, graphRequests: 0, errors: 0 },
  );
}

/** Created / updated / deleted, the order the legend names them. */
export const formatCounts = ({ created, updated, deleted }: Counts) => `${created} / ${updated} / ${deleted}`;

/** Milliseconds a finished run took; null while it runs. */
export function runDurationMs(run: SyncRun): number | null {
  if (!run.finishedAt) return null;
  return Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
}

/** "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min": precise for quick runs, readable for long ones. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
