/**
 * The one retry policy shared by the client middleware (whole requests) and the batch writer (parts
 * of a $batch). Graph asks clients to wait exactly Retry-After on 429 and 503; without it we back off
 * exponentially with jitter so that many workers throttled together do not return together.
 */

export interface RetryPolicy {
  maxRetries: number;
  /** Cap on one computed backoff and on the Retry-After we are willing to honour. */
  maxDelayMs: number;
  /** First backoff step when no Retry-After was given. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, maxDelayMs: 60_000, baseDelayMs: 500 };

const RETRYABLE_STATUS = new Set([429, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: 'exhausted' | 'retry-after-too-long' };

/**
 * `attempt` is the number of retries already made (0 before the first retry).
 * A Retry-After longer than maxDelayMs is not shortened (retrying early only earns another 429):
 * we give up and let the caller report "throttled" instead of blocking a sync run for minutes.
 */
export function decideRetry(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random = Math.random): RetryDecision {
  if (attempt >= policy.maxRetries) return { retry: false, reason: 'exhausted' };
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxDelayMs) return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs: retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelayMs(policy, attempt, random) };
}

/** "Equal jitter": half the capped exponential step is fixed, half random. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
