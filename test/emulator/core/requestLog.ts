// What clients did to the emulator: per-request records and aggregate counters for assertions and benchmarks.

export interface RequestRecord {
  method: string;
  path: string;
  route?: string;
  mailbox?: string;
  status: number;
  startedAt: string;
  durationMs: number;
  inBatch: boolean;
  kind: 'token' | 'identity' | 'graph' | 'batch';
}

export interface EmulatorStats {
  total: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
  tokenRequests: number;
  graphRequests: number;
  batchRequests: number;
  maxConcurrentPerMailbox: Record<string, number>;
  maxConcurrent: number;
}

const MAX_RECORDS = 200_000;

export class RequestLog {
  private records: RequestRecord[] = [];
  private inFlightTotal = 0;
  private maxConcurrent = 0;
  private readonly inFlightByMailbox = new Map<string, number>();
  private readonly maxByMailbox = new Map<string, number>();

  add(record: RequestRecord): void {
    if (this.records.length >= MAX_RECORDS) this.records.splice(0, MAX_RECORDS / 10);
    this.records.push(record);
  }

  /** Marks a request as in flight (for the concurrency high-water marks); returns its release. */
  enter(mailbox: string | undefined): () => void {
    this.inFlightTotal++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.inFlightTotal);
    if (mailbox) {
      const n = (this.inFlightByMailbox.get(mailbox) ?? 0) + 1;
      this.inFlightByMailbox.set(mailbox, n);
      this.maxByMailbox.set(mailbox, Math.max(this.maxByMailbox.get(mailbox) ?? 0, n));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlightTotal--;
      if (mailbox) this.inFlightByMailbox.set(mailbox, (this.inFlightByMailbox.get(mailbox) ?? 1) - 1);
    };
  }

  list(): RequestRecord[] {
    return this.records.slice();
  }

  clear(): void {
    this.records = [];
    this.maxConcurrent = this.inFlightTotal;
    this.maxByMailbox.clear();
    for (const [m, n] of this.inFlightByMailbox) if (n > 0) this.maxByMailbox.set(m, n);
  }

  stats(): EmulatorStats {
    const byStatus: Record<string, number> = {};
    const byRoute: Record<string, number> = {};
    let tokenRequests = 0;
    let graphRequests = 0;
    let batchRequests = 0;
    for (const r of this.records) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      const route = `${r.method} ${r.route ?? r.path}`;
      byRoute[route] = (byRoute[route] ?? 0) + 1;
      if (r.kind === 'token') tokenRequests++;
      else if (r.kind === 'graph') graphRequests++;
      else if (r.kind === 'batch') batchRequests++;
    }
    return {
      total: this.records.length,
      byStatus,
      byRoute,
      tokenRequests,
      graphRequests,
      batchRequests,
      maxConcurrentPerMailbox: Object.fromEntries(this.maxByMailbox),
      maxConcurrent: this.maxConcurrent,
    };
  }
}
