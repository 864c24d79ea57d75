// Scripted failures injected before handlers: throttling, outages, slow answers, expired tokens.

export interface FaultSpec {
  method?: string;
  /** Regex source tested against path + query (e.g. '/calendarView/delta'). */
  pathPattern?: string;
  mailbox?: string;
  /** HTTP status to answer; 0 resets the connection instead (a batch part then gets 502). */
  status: number;
  retryAfterSeconds?: number;
  code?: string;
  message?: string;
  /** How many matching requests to hit (default 1). Ignored when `every` is set. */
  times?: number;
  /** Hit every Nth matching request instead, indefinitely. */
  every?: number;
  /** Stall before answering; with a status below 400 the request then proceeds normally. */
  delayMs?: number;
  /** Also applies to requests inside $batch (default true). */
  inBatch?: boolean;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  matched: number;
  hits: number;
}

export interface FaultTarget {
  method: string;
  pathAndQuery: string;
  mailbox?: string;
  inBatch: boolean;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    if (!Number.isInteger(spec.status)) throw new TypeError('fault.status must be an integer HTTP status');
    if (spec.pathPattern) new RegExp(spec.pathPattern); // fail early on a bad pattern
    const fault: ActiveFault = { ...spec, id: this.nextId++, matched: 0, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The fault to apply to this request, if any; counts the match. */
  take(target: FaultTarget): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (!this.matches(fault, target)) continue;
      fault.matched++;
      if (fault.every && fault.every > 0) {
        if (fault.matched % fault.every !== 0) continue;
        fault.hits++;
        return fault;
      }
      const times = fault.times ?? 1;
      if (fault.hits >= times) continue;
      fault.hits++;
      if (fault.hits >= times) this.faults = this.faults.filter((f) => f !== fault);
      return fault;
    }
    return undefined;
  }

  private matches(fault: ActiveFault, t: FaultTarget): boolean {
    if (fault.method && fault.method.toUpperCase() !== t.method.toUpperCase()) return false;
    if (t.inBatch && fault.inBatch === false) return false;
    if (fault.mailbox && fault.mailbox.toLowerCase() !== t.mailbox?.toLowerCase()) return false;
    if (fault.pathPattern && !new RegExp(fault.pathPattern).test(t.pathAndQuery)) return false;
    return true;
  }
}
