// Sends what the change-notification service sends: the validation request, change notifications
// (grouped per notificationUrl, retried with backoff on a non-2xx or timeout, then dropped) and
// lifecycle notifications. Never inside the write that caused them; every attempt is logged.

export interface DeliveryTimings {
  /** "Notification endpoint validation": the endpoint must answer within 10 seconds. */
  validationTimeoutMs: number;
  /** How long a notification POST may take before it counts as failed. */
  notificationTimeoutMs: number;
  /** Further attempts after a failed one (Graph keeps trying for up to 4 hours; tests want a few). */
  notificationRetries: number;
  /** Wait before the first retry; it doubles for each further one. */
  notificationRetryBaseMs: number;
  /** How long changes are collected into one POST per notificationUrl. */
  notificationBatchMs: number;
}

export interface DeliveryControl {
  /** Drop the next N change notifications (or all, until reset) without sending them. */
  drop?: number | 'all';
  /** Wait this long before each change-notification POST. */
  delayMs?: number;
  /** Send each change notification this many extra times (separate POSTs). */
  duplicate?: number;
}

export interface DeliveryAttempt {
  kind: 'validation' | 'notification' | 'lifecycle';
  url: string;
  /** HTTP status answered; 0 for a network error or timeout; null when the control API dropped it unsent. */
  status: number | null;
  durationMs: number;
  notifications: number;
  subscriptionIds: string[];
  attempt: number;
  outcome: 'delivered' | 'retrying' | 'dropped' | 'validated' | 'refused' | 'dropped-by-control';
  startedAt: string;
  error?: string;
}

const MAX_PER_POST = 20;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class NotificationDelivery {
  private readonly attempts: DeliveryAttempt[] = [];
  private control: DeliveryControl = {};
  private queues = new Map<string, Array<Record<string, unknown>>>();
  private timer: NodeJS.Timeout | undefined;
  private pending = 0;
  private waiters: Array<() => void> = [];
  /** Bumped by reset(): retries of an older generation stop. */
  private generation = 0;

  constructor(private readonly timings: () => DeliveryTimings) {}

  setControl(control: DeliveryControl): void {
    if (control.drop !== undefined && control.drop !== 'all' && !(Number.isInteger(control.drop) && control.drop >= 0)) throw new TypeError("drop must be a count or 'all'");
    for (const k of ['delayMs', 'duplicate'] as const) {
      const v = control[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new TypeError(`${k} must be a whole number >= 0`);
    }
    this.control = { ...this.control, ...control };
  }

  resetControl(): void {
    this.control = {};
  }

  log(): DeliveryAttempt[] {
    return this.attempts.map((a) => ({ ...a, subscriptionIds: [...a.subscriptionIds] }));
  }

  /** Resolves once nothing is queued, waiting or in flight. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  reset(): void {
    this.generation++;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.done();
    }
    this.queues.clear();
    this.attempts.length = 0;
    this.control = {};
  }

  /** The validation handshake: POST ?validationToken=… (text/plain, empty body); 200 and the token echoed, in time. */
  async validate(url: string, subscriptionId: string): Promise<'ok' | 'failed' | 'timeout'> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${subscriptionId}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    const started = Date.now();
    let status = 0;
    let error: string | undefined;
    let ok = false;
    try {
      const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '', signal: AbortSignal.timeout(this.timings().validationTimeoutMs) });
      status = res.status;
      const text = await res.text();
      ok = status === 200 && text === token;
      if (!ok) error = status === 200 ? 'the body was not the validation token' : undefined;
    } catch (err) {
      error = isTimeout(err) ? 'timeout' : String(err);
    }
    this.attempts.push({ kind: 'validation', url, status, durationMs: Date.now() - started, notifications: 0, subscriptionIds: [subscriptionId], attempt: 1, outcome: ok ? 'validated' : 'refused', startedAt: new Date(started).toISOString(), ...(error ? { error } : {}) });
    return ok ? 'ok' : error === 'timeout' ? 'timeout' : 'failed';
  }

  /** Queues one change notification for its notificationUrl; the control's drop and duplicate apply here. */
  enqueue(url: string, notification: Record<string, unknown>): void {
    const subscriptionIds = [String(notification.subscriptionId)];
    if (this.control.drop === 'all' || (typeof this.control.drop === 'number' && this.control.drop > 0)) {
      if (typeof this.control.drop === 'number') this.control.drop--;
      this.attempts.push({ kind: 'notification', url, status: null, durationMs: 0, notifications: 1, subscriptionIds, attempt: 0, outcome: 'dropped-by-control', startedAt: new Date().toISOString() });
      return;
    }
    const queue = this.queues.get(url) ?? [];
    queue.push(notification);
    this.queues.set(url, queue);
    for (let i = 0; i < (this.control.duplicate ?? 0); i++) {
      // Extra copies go in a POST of their own, as a redelivery would.
      this.track(this.send('notification', url, [notification]));
    }
    if (!this.timer) {
      this.pending++;
      this.timer = setTimeout(() => this.flush(), this.timings().notificationBatchMs);
    }
  }

  /** A lifecycle notification, sent on its own (retried like change notifications; the control does not apply). */
  lifecycle(url: string, notification: Record<string, unknown>): void {
    this.track(this.send('lifecycle', url, [notification]));
  }

  private flush(): void {
    this.timer = undefined;
    for (const [url, queue] of this.queues) {
      for (let i = 0; i < queue.length; i += MAX_PER_POST) this.track(this.send('notification', url, queue.slice(i, i + MAX_PER_POST)));
    }
    this.queues.clear();
    this.done();
  }

  private async send(kind: 'notification' | 'lifecycle', url: string, value: Array<Record<string, unknown>>): Promise<void> {
    const generation = this.generation;
    const t = this.timings();
    if (kind === 'notification' && this.control.delayMs) await sleep(this.control.delayMs);
    const subscriptionIds = [...new Set(value.map((n) => String(n.subscriptionId)))];
    for (let attempt = 1; attempt <= t.notificationRetries + 1; attempt++) {
      if (generation !== this.generation) return;
      const started = Date.now();
      let status = 0;
      let error: string | undefined;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ value }), signal: AbortSignal.timeout(t.notificationTimeoutMs) });
        status = res.status;
        await res.arrayBuffer();
      } catch (err) {
        error = isTimeout(err) ? 'timeout' : String(err);
      }
      const delivered = status >= 200 && status < 300;
      const last = attempt === t.notificationRetries + 1;
      if (generation !== this.generation) return;
      this.attempts.push({ kind, url, status, durationMs: Date.now() - started, notifications: value.length, subscriptionIds, attempt, outcome: delivered ? 'delivered' : last ? 'dropped' : 'retrying', startedAt: new Date(started).toISOString(), ...(error ? { error } : {}) });
      if (delivered || last) return;
      await sleep(t.notificationRetryBaseMs * 2 ** (attempt - 1));
    }
  }

  private track(p: Promise<void>): void {
    this.pending++;
    void p.catch(() => undefined).finally(() => this.done());
  }

  private done(): void {
    this.pending--;
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
