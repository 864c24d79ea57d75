import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { transportError } from '../errors';
import { batchParts } from '../limiter';
import type { RequestCounter } from '../types';
import { methodOf, requestOptionsOf, urlOf } from './context';

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * The last link: fetch with a per-attempt timeout, then read the whole body before returning, so the
 * limiter slot covers the full exchange and the timeout covers a stalled body too. Counts each
 * attempt that goes on the wire.
 */
export class TransportMiddleware implements Middleware {
  constructor(
    private readonly timeoutMs: number | undefined,
    private readonly counter?: RequestCounter,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = urlOf(context);
    const method = methodOf(context);
    const timeoutMs = requestOptionsOf(context)?.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    const callerSignal = context.options?.signal ?? undefined;
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let timedOut = false;
    const timer =
      timeoutMs && timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;

    this.count(url, context.options?.body);
    try {
      const response = await fetch(context.request, { ...(context.options as RequestInit), signal: controller.signal });
      const body = NULL_BODY_STATUS.has(response.status) ? null : await response.arrayBuffer();
      if (response.status === 429 && this.counter) this.counter.throttled++;
      context.response = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (err) {
      // The caller cancelling is not a transport failure: let it surface as is.
      if (callerSignal?.aborted && !timedOut) throw err;
      throw transportError(err, { method, url, timeoutMs, timedOut });
    } finally {
      if (timer) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private count(url: string, body: unknown): void {
    if (!this.counter) return;
    this.counter.requests++;
    if (/\/\$batch(\?|$)/.test(url)) {
      this.counter.batches++;
      this.counter.batchParts += batchParts(body).length;
    }
  }
}
