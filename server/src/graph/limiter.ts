/**
 * Concurrency limits for Outlook: Graph allows 4 concurrent requests per app per mailbox and answers
 * more with 429 MailboxConcurrency, so we queue locally instead. A global cap keeps one process from
 * opening hundreds of sockets when many mailboxes sync at once.
 *
 * Slots are taken per attempt (released while a retry sleeps) and per mailbox with a weight: a plain
 * request weighs 1, a $batch weighs what Graph will run of it in parallel for that mailbox
 * (min(parts for the mailbox, 4)). Mailbox slots are taken first, in sorted order, then the global
 * slot: every holder acquires in the same order, so no wait cycle (deadlock) can form, and a request
 * waiting on a busy mailbox holds no global slot that other mailboxes could use.
 * After a 429 with Retry-After the mailbox is paused: nothing new goes to it until the time is up.
 */

import { sleep } from './retry-policy';

export const OUTLOOK_MAX_CONCURRENT_PER_MAILBOX = 4;
export const DEFAULT_MAX_CONCURRENT = 16;

/** A counting semaphore with weighted, first-come-first-served acquisition. */
export class Semaphore {
  private inUse = 0;
  private readonly waiters: Array<{ weight: number; grant: () => void }> = [];

  constructor(private capacity: number) {
    if (!(capacity >= 1)) throw new Error('Semaphore capacity must be at least 1.');
  }

  get available(): number {
    return this.capacity - this.inUse;
  }

  get active(): number {
    return this.inUse;
  }

  get queued(): number {
    return this.waiters.length;
  }

  setCapacity(capacity: number): void {
    if (!(capacity >= 1)) throw new Error('Semaphore capacity must be at least 1.');
    this.capacity = capacity;
    this.drain();
  }

  /** Resolves with a release function once `weight` slots are held (weight is clamped to capacity). */
  acquire(weight = 1): Promise<() => void> {
    const w = Math.max(1, Math.min(weight, this.capacity));
    return new Promise((resolve) => {
      this.waiters.push({ weight: w, grant: () => resolve(this.releaser(w)) });
      this.drain();
    });
  }

  private releaser(weight: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= weight;
      this.drain();
    };
  }

  // FIFO: a heavy waiter at the head is not overtaken, so batches cannot starve.
  private drain(): void {
    while (this.waiters.length > 0 && this.waiters[0].weight <= this.capacity - this.inUse) {
      const next = this.waiters.shift()!;
      this.inUse += next.weight;
      next.grant();
    }
  }
}

export interface LimiterOptions {
  maxConcurrentPerMailbox?: number;
  maxConcurrent?: number;
}

export class MailboxLimiter {
  private readonly mailboxes = new Map<string, Semaphore>();
  /** Mailbox → epoch ms before which nothing new is sent to it (after a 429 with Retry-After). */
  private readonly pausedUntil = new Map<string, number>();
  private readonly global: Semaphore;
  private perMailbox: number;

  constructor(options: LimiterOptions = {}) {
    this.perMailbox = clampPerMailbox(options.maxConcurrentPerMailbox);
    this.global = new Semaphore(Math.max(1, Math.floor(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT)));
  }

  get maxPerMailbox(): number {
    return this.perMailbox;
  }

  /** Later gateways for the same app may tighten or loosen the caps; the limiter is shared. */
  configure(options: LimiterOptions): void {
    if (options.maxConcurrentPerMailbox !== undefined) {
      this.perMailbox = clampPerMailbox(options.maxConcurrentPerMailbox);
      for (const s of this.mailboxes.values()) s.setCapacity(this.perMailbox);
    }
    if (options.maxConcurrent !== undefined) this.global.setCapacity(Math.max(1, Math.floor(options.maxConcurrent)));
  }

  /**
   * Waits for the slots of one HTTP request. `weights` maps a mailbox key (lower-case) to how many
   * Outlook requests this HTTP request may run at once in it.
   */
  async acquire(weights: ReadonlyMap<string, number>): Promise<() => void> {
    const releases: Array<() => void> = [];
    const keys = [...weights.keys()].sort();
    for (const key of keys) {
      const weight = Math.min(this.perMailbox, Math.max(1, weights.get(key) ?? 1));
      releases.push(await this.semaphoreFor(key).acquire(weight));
    }
    // Wait out a throttled mailbox while holding only its own slots (it cannot be used anyway),
    // before the global slot that other mailboxes need.
    for (let wait = this.pauseLeft(keys); wait > 0; wait = this.pauseLeft(keys)) await sleep(wait);
    releases.push(await this.global.acquire(1));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const release of releases.reverse()) release();
    };
  }

  /**
   * Graph said "wait" (429 + Retry-After) for this mailbox: further requests to it are held back
   * until then instead of each earning its own 429. Only ever extends a pause.
   */
  pause(mailbox: string, ms: number): void {
    if (!(ms > 0)) return;
    const key = mailbox.toLowerCase();
    const until = Date.now() + ms;
    if (until > (this.pausedUntil.get(key) ?? 0)) this.pausedUntil.set(key, until);
  }

  private pauseLeft(keys: string[]): number {
    const now = Date.now();
    let left = 0;
    for (const key of keys) {
      const until = this.pausedUntil.get(key);
      if (until === undefined) continue;
      if (until <= now) this.pausedUntil.delete(key);
      else left = Math.max(left, until - now);
    }
    return left;
  }

  /** In-flight weight per mailbox (for diagnostics and tests). */
  activeFor(mailbox: string): number {
    return this.mailboxes.get(mailbox.toLowerCase())?.active ?? 0;
  }

  private semaphoreFor(key: string): Semaphore {
    let s = this.mailboxes.get(key);
    if (!s) {
      s = new Semaphore(this.perMailbox);
      this.mailboxes.set(key, s);
    }
    return s;
  }
}

function clampPerMailbox(value: number | undefined): number {
  if (value === undefined) return OUTLOOK_MAX_CONCURRENT_PER_MAILBOX;
  return Math.max(1, Math.min(OUTLOOK_MAX_CONCURRENT_PER_MAILBOX, Math.floor(value)));
}

/**
 * The mailbox a Graph URL addresses: `/users/{id}/...` or `/users('{id}')/...`, absolute or relative,
 * with or without the version segment. Directory reads (`/users`, `/users/{id}` alone) are not
 * Outlook requests and return undefined.
 */
export function mailboxOf(url: string): string | undefined {
  let path = url;
  const schemeEnd = path.indexOf('://');
  if (schemeEnd !== -1) {
    const slash = path.indexOf('/', schemeEnd + 3);
    path = slash === -1 ? '/' : path.slice(slash);
  }
  path = path.split('?')[0];
  const match = /^\/?(?:(?:v1\.0|beta)\/)?users(?:\/([^/]+)|\('([^']+)'\))\/(.+)$/i.exec(path);
  if (!match) return undefined;
  const raw = match[1] ?? match[2];
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/**
 * Limiter weights of one request. A $batch body is read to count its parts per mailbox, so a batch
 * sent through getClient() directly is limited the same way as one from the batch writer.
 */
export function limiterWeights(url: string, body: unknown, perMailbox: number): Map<string, number> {
  const weights = new Map<string, number>();
  if (/\/\$batch(\?|$)/.test(url)) {
    const parts = batchParts(body);
    for (const part of parts) {
      const mailbox = typeof part.url === 'string' ? mailboxOf(part.url) : undefined;
      if (mailbox) weights.set(mailbox, Math.min(perMailbox, (weights.get(mailbox) ?? 0) + 1));
    }
    return weights;
  }
  const mailbox = mailboxOf(url);
  if (mailbox) weights.set(mailbox, 1);
  return weights;
}

export function batchParts(body: unknown): Array<{ url?: unknown }> {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return [];
    }
  }
  const requests = (parsed as { requests?: unknown } | null)?.requests;
  return Array.isArray(requests) ? (requests as Array<{ url?: unknown }>) : [];
}

const registry = new Map<string, MailboxLimiter>();

/**
 * One limiter per (Graph host, tenant, app) per process: Graph's limits are per app per mailbox, so
 * every gateway built from the same settings must share the same slots.
 */
export function sharedLimiter(key: string, options: LimiterOptions): MailboxLimiter {
  let limiter = registry.get(key);
  if (!limiter) {
    limiter = new MailboxLimiter(options);
    registry.set(key, limiter);
  } else {
    limiter.configure(options);
  }
  return limiter;
}
