// What a benchmark scenario reports: plain JSON, written by the scenario's child process and read by
// the orchestrator (bench/run.ts), which prints the table and stores the file.
import type { DatabaseKind } from '../../test/helpers/databases';

export interface DbCounts {
  /** Every statement knex sent (transactions' BEGIN/COMMIT included). */
  queries: number;
  reads: number;
  /** INSERT / UPDATE / DELETE statements. */
  writes: number;
  /** Writes to synced data: entries, their mailbox links, sync mappings. */
  dataWrites: number;
  /** Writes to bookkeeping: run record, lease, cursors, mailbox status. */
  bookkeepingWrites: number;
  writesByTable: Record<string, number>;
  /** Sum of statement durations (query → response), which overlap when statements run concurrently. */
  dbTimeMs: number;
}

export interface GraphCounts {
  /** Requests that count against Graph's limits: top-level requests plus each $batch part (emulator). */
  graphRequests: number;
  /** HTTP round trips the emulator served (envelopes once, token requests included). */
  roundTrips: number;
  batchEnvelopes: number;
  throttled: number;
  /** Our RequestCounter: round trips the client sent (sum of SyncResult.graphRequests, or the naive way's counter). */
  counterRequests: number;
  maxConcurrentPerMailbox: number;
  /** Sum of the emulator's durations of those round trips (its latency and its own work). */
  serverMs?: number;
}

export interface MemoryCounts {
  /** RSS after a forced GC just before the measured work. */
  rssBeforeMb: number;
  rssPeakMb: number;
  /** Peak minus before: what the work needed on top of what was there. */
  rssGrowthMb: number;
  /** Peak JS heap in use minus before: how much of the RSS growth is V8 heap (garbage included). */
  heapPeakGrowthMb?: number;
  /** Heap still used after the work and a forced GC, minus before: what it kept. */
  heapRetainedMb: number;
}

export interface Measurement {
  /** How many items the measured work covered (for per-item comparisons). */
  items: number;
  wallMs: number;
  graph: GraphCounts;
  db: DbCounts;
  memory: MemoryCounts;
}

export interface LowerBound {
  requests: number;
  timeMs: number;
  /** How the bound was computed, in words. */
  formula: string;
}

export interface TargetCheck {
  target: string;
  /** null: not applicable or not measured. */
  met: boolean | null;
  detail: string;
}

export interface Ratios {
  /** Our round trips ÷ the lower bound's requests. */
  lowerBoundRequests: number | null;
  lowerBoundTime: number | null;
  /** The naive way's round trips per item ÷ ours (how many times fewer we send). */
  naiveRequests: number | null;
  naiveTime: number | null;
}

export interface ScenarioResult {
  id: number;
  name: string;
  title: string;
  database: DatabaseKind;
  latencyMs: number;
  /** The sizes this run used (items, mailboxes…). */
  size: Record<string, number>;
  /** Set when the scenario could not be measured (e.g. a resource not wired into the runner). */
  notMeasured?: string;
  ours: Measurement | null;
  naive: Measurement | null;
  lowerBound: LowerBound | null;
  ratios: Ratios;
  /** Extra measured figures (e.g. events per second for scenario 7). */
  figures: Record<string, number>;
  targets: TargetCheck[];
  notes: string[];
}

export interface BenchOptions {
  scenarios: number[];
  latencyMs: number;
  database: DatabaseKind;
  events: number;
  edits: number;
  mailboxes: number;
  eventsPerMailbox: number;
  messages: number;
  /** Messages in scenario 8's mailbox. */
  bigMailboxMessages: number;
  /** Events of each mailbox in scenario 10 (host type vs own type). */
  hostEvents: number;
  /** Items the naive way handles at most per scenario (its cost is linear in items; ratios are per item). */
  naiveItems: number;
  /** Items the naive way handles under the 429 storm (each 5th request waits a second). */
  naiveStormItems: number;
  out: string;
}
