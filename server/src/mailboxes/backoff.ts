// Backoff of the schedule during a transient streak (throttling, an outage): a mailbox whose runs keep
// failing without an admin's fault is tried less and less often, the wait doubling with the streak's
// length (one interval, then two, four…) up to `maxRetryBackoffMinutes`, so a long Graph outage or a
// throttled mailbox is not hammered every interval. Only scheduled runs wait: Sync now and the API
// always try. A mailbox that needs an admin is tried every interval, so a fix (a new secret, a granted
// permission) takes effect at the next run.

export interface BackoffColumns {
  enabled: boolean;
  failingSince: string | Date | null;
  attentionCode: string | null;
  /** When its last run ended (recordMailboxOutcome). */
  lastSyncAt: string | Date | null;
}

const MINUTE_MS = 60_000;

/** When the schedule may try the mailbox again; null when it does not wait (no transient streak). */
export function scheduledRetryAt(mailbox: BackoffColumns, intervalMinutes: number, maxBackoffMinutes: number): Date | null {
  if (!mailbox.enabled || mailbox.attentionCode || !mailbox.failingSince || !mailbox.lastSyncAt) return null;
  const lastRun = new Date(mailbox.lastSyncAt).getTime();
  const streak = Math.max(0, lastRun - new Date(mailbox.failingSince).getTime());
  const interval = intervalMinutes * MINUTE_MS;
  const wait = Math.max(interval, Math.min(streak, maxBackoffMinutes * MINUTE_MS));
  return new Date(lastRun + wait);
}

/**
 * Whether a scheduled run starting `now` takes the mailbox. Runs start an interval apart and the retry
 * time is counted from when the last one ended, so a retry due within half an interval goes with this
 * run rather than a whole interval late.
 */
export function scheduleTakes(mailbox: BackoffColumns, now: Date, intervalMinutes: number, maxBackoffMinutes: number): boolean {
  const retryAt = scheduledRetryAt(mailbox, intervalMinutes, maxBackoffMinutes);
  return retryAt === null || retryAt.getTime() - now.getTime() <= (intervalMinutes * MINUTE_MS) / 2;
}
