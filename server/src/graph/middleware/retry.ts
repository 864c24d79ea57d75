import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GatewayError } from '../errors';
import { batchParts } from '../limiter';
import { decideRetry, isRetryableStatus, parseRetryAfter, sleep, type RetryPolicy } from '../retry-policy';
import type { GatewayLogger, RequestCounter } from '../types';
import { methodOf, requestOptionsOf, urlOf } from './context';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH']);

/**
 * Our replacement for the SDK's RetryHandler, which we do not use: it caps Retry-After at its own
 * max delay (retrying early), and knows nothing of timeouts or network errors. Each attempt runs the
 * whole inner chain again (fresh token, fresh limiter slot, fresh timeout); no slot is held while
 * sleeping. 429 and 503 are retried for every method (Graph did not run the request); 504, timeouts
 * and dropped connections only when repeating is safe (idempotent method, a $batch of idempotent
 * parts, or GatewayRequestOptions.retryUnsafe).
 */
export class RetryMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly counter?: RequestCounter,
    private readonly logger?: GatewayLogger,
    /** Told about every 429 that carries a Retry-After (the limiter pauses the mailbox). */
    private readonly onThrottled?: (url: string, retryAfterMs: number) => void,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const method = methodOf(context);
    const url = urlOf(context);
    const safeToRepeat = isSafeToRepeat(method, url, context.options?.body, requestOptionsOf(context)?.retryUnsafe === true);
    for (let attempt = 0; ; attempt++) {
      context.response = undefined;
      let failure: GatewayError | undefined;
      try {
        await this.next!.execute(context);
      } catch (err) {
        if (!(err instanceof GatewayError) || !err.transient || !safeToRepeat) throw err;
        failure = err;
      }
      let retryAfterMs: number | undefined;
      if (!failure) {
        const status = context.response!.status;
        if (!isRetryableStatus(status) || (status === 504 && !safeToRepeat)) return;
        retryAfterMs = parseRetryAfter(context.response!.headers.get('retry-after'));
      }
      const decision = decideRetry(this.policy, attempt, retryAfterMs);
      if (!decision.retry) {
        if (failure) throw failure;
        return; // the last 429/503/504 response goes back to the caller, which reports "throttled"
      }
      // Only a wait we accept pauses the mailbox: one we refuse (too long) must not block later calls.
      if (!failure && context.response!.status === 429 && retryAfterMs !== undefined) this.onThrottled?.(url, retryAfterMs);
      if (this.counter) this.counter.retries++;
      this.logger?.debug?.(
        `[microsoft-365] retry ${attempt + 1}/${this.policy.maxRetries} of ${method} ${pathForLog(url)} in ${decision.delayMs} ms (${failure ? failure.message : `status ${context.response!.status}`})`,
      );
      // A caller that gave up (a stopped delta walk) ends the wait too, not only the next attempt.
      await sleep(decision.delayMs, context.options?.signal ?? undefined);
    }
  }
}

export function isSafeToRepeat(method: string, url: string, body: unknown, retryUnsafe: boolean): boolean {
  if (retryUnsafe || IDEMPOTENT.has(method)) return true;
  if (method === 'POST' && /\/\$batch(\?|$)/.test(url)) {
    const parts = batchParts(body);
    return parts.length > 0 && parts.every((p) => IDEMPOTENT.has(String((p as { method?: unknown }).method ?? 'GET').toUpperCase()));
  }
  return false;
}

/** Delta and skip tokens are bearer-like cursors: keep them out of logs. */
export function pathForLog(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return url.split('?')[0];
  }
}
