// Graph's lower bounds for each scenario, as issue 6 defines them, and the ratios against them.
import type { LowerBound } from './types';

/** Graph's $batch limit. */
export const BATCH_SIZE = 20;
/** Outlook's limit of concurrent requests per app and mailbox (batch parts included). */
export const PER_MAILBOX_CONCURRENCY = 4;

/** A delta round of `items` in pages of `pageSize`, sequential: ceil(N / page size) requests × latency. */
export function pullBound(items: number, pageSize: number, latencyMs: number): LowerBound {
  const requests = Math.max(1, Math.ceil(items / pageSize));
  return { requests, timeMs: requests * latencyMs, formula: `ceil(${items}/${pageSize}) = ${requests} sequential requests × ${latencyMs} ms` };
}

/** A sync with nothing to do: one request per mailbox and resource (its delta link), zero writes. */
export function noChangeBound(pairs: number, latencyMs: number): LowerBound {
  return { requests: pairs, timeMs: latencyMs, formula: `${pairs} request(s), one per mailbox and resource, in parallel: 1 × ${latencyMs} ms` };
}

/**
 * Pushing N changes of one mailbox: ceil(N / 20) $batch envelopes. Graph runs at most 4 requests of a
 * mailbox at once, batch parts included, so the parts take at least ceil(N / 4) × latency however
 * the envelopes are arranged.
 */
export function pushBound(changes: number, latencyMs: number): LowerBound {
  const requests = Math.ceil(changes / BATCH_SIZE);
  const waves = Math.ceil(changes / PER_MAILBOX_CONCURRENCY);
  return {
    requests,
    timeMs: waves * latencyMs,
    formula: `ceil(${changes}/${BATCH_SIZE}) = ${requests} batches; parts ${PER_MAILBOX_CONCURRENCY} at a time per mailbox: ceil(${changes}/${PER_MAILBOX_CONCURRENCY}) × ${latencyMs} ms`,
  };
}

/**
 * Several independent sequential chains (one delta round per mailbox, resource and scope), run side
 * by side under a global cap of requests in flight: the longest chain, or the total spread over the cap.
 */
export function chainsBound(chains: readonly number[], maxConcurrent: number, latencyMs: number): LowerBound {
  const requests = chains.reduce((a, b) => a + b, 0);
  const longest = chains.reduce((a, b) => Math.max(a, b), 0);
  const waves = Math.max(longest, Math.ceil(requests / maxConcurrent));
  return {
    requests,
    timeMs: waves * latencyMs,
    formula: `${requests} requests in ${chains.length} delta chains (longest ${longest}), ≤ ${maxConcurrent} in flight: ${waves} × ${latencyMs} ms`,
  };
}

/**
 * The pull bound when every `every`-th request is answered 429 with Retry-After: a client must send
 * the throttled ones again and wait out each Retry-After before continuing its chain.
 */
export function throttledPullBound(requests: number, every: number, retryAfterMs: number, latencyMs: number): LowerBound & { throttled: number } {
  // The smallest S with S - floor(S / every) ≥ requests.
  let sent = requests;
  while (sent - Math.floor(sent / every) < requests) sent++;
  const throttled = Math.floor(sent / every);
  return {
    requests: sent,
    throttled,
    timeMs: sent * latencyMs + throttled * retryAfterMs,
    formula: `${requests} pages + ${throttled} throttled (every ${every}th) = ${sent} requests × ${latencyMs} ms + ${throttled} × ${retryAfterMs} ms Retry-After`,
  };
}

export function ratio(value: number | null | undefined, base: number | null | undefined): number | null {
  if (value === null || value === undefined || base === null || base === undefined || base <= 0) return null;
  return value / base;
}

/** How many times more the naive way spends per item than ours (both measured, perhaps on different item counts). */
export function perItemRatio(naive: number, naiveItems: number, ours: number, ourItems: number): number | null {
  if (naiveItems <= 0 || ourItems <= 0 || ours <= 0) return null;
  return naive / naiveItems / (ours / ourItems);
}
