import type { Client } from '@microsoft/microsoft-graph-client';
import { GatewayError, fromGraphResponse, toGatewayError } from './errors';
import { GatewayRequestOptions } from './middleware/context';
import { IMMUTABLE_ID_PREFERENCE, mergePreferHeader } from './prefer';
import { decideRetry, isRetryableStatus, parseRetryAfter, sleep, type RetryPolicy } from './retry-policy';
import type { GatewayLogger, RequestCounter } from './types';

/** Graph's hard limit of requests per $batch. */
export const MAX_BATCH_SIZE = 20;

export interface BatchRequest {
  /** Unique within one call; responses are matched back by it. */
  id: string;
  method: string;
  /** Relative to the Graph version (`/users/a@b.c/events/…`), or an absolute Graph URL. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchResponse {
  id: string;
  status: number;
  body: unknown;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** How many times this part was sent again after a 429/503/504. */
  retries: number;
}

export interface BatchOptions {
  retry: RetryPolicy;
  counter?: RequestCounter;
  logger?: GatewayLogger;
  /** Requests per envelope, at most 20. */
  batchSize?: number;
  /** Add `Prefer: IdType="ImmutableId"` to every part (default true): parts do not inherit envelope headers. */
  immutableIds?: boolean;
  /** Told about each part answered 429 with Retry-After (the gateway pauses that mailbox). */
  onThrottled?: (url: string, retryAfterMs: number) => void;
  /** Allow repeating an envelope with POST parts after a timeout/504 (parts must be idempotent, e.g. events with transactionId). */
  retryUnsafe?: boolean;
}

interface GraphBatchPart {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Sends requests in $batch envelopes of up to 20 and returns one response per request, in input
 * order. Envelopes run concurrently; the limiter in the client's chain weighs each envelope by the
 * parts it carries per mailbox (Graph runs at most 4 Outlook parts of one batch at once), so the
 * per-mailbox cap of 4 holds across batches and single requests alike.
 *
 * Graph answers a batch with 200 even when parts are throttled, so the envelope's retry middleware
 * never sees those; here only the parts that came back 429/503/504 are sent again, after the longest
 * Retry-After among them (or the shared backoff), under the same RetryPolicy.
 * `dependsOn` is not supported: retrying a subset would break the ordering it promises.
 */
export async function runBatch(client: Client, requests: ReadonlyArray<BatchRequest>, options: BatchOptions): Promise<BatchResponse[]> {
  validate(requests);
  const size = Math.max(1, Math.min(MAX_BATCH_SIZE, Math.floor(options.batchSize ?? MAX_BATCH_SIZE)));
  const chunks: BatchRequest[][] = [];
  for (let i = 0; i < requests.length; i += size) chunks.push(requests.slice(i, i + size));
  const results = await Promise.all(chunks.map((chunk) => sendWithPartRetries(client, chunk, options)));
  const byId = new Map<string, BatchResponse>();
  for (const list of results) for (const r of list) byId.set(r.id, r);
  return requests.map((r) => byId.get(r.id)!);
}

async function sendWithPartRetries(client: Client, chunk: BatchRequest[], options: BatchOptions): Promise<BatchResponse[]> {
  const done = new Map<string, BatchResponse>();
  let pending = chunk;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const parts = await sendSplittingTooLarge(client, pending, options);
    const again: BatchRequest[] = [];
    let longestRetryAfter: number | undefined;
    for (const request of pending) {
      const part = parts.get(request.id);
      const response: BatchResponse = part
        ? { id: request.id, status: part.status, body: part.body ?? null, headers: lowerCaseKeys(part.headers), retries: attempt }
        : missingPart(request.id, attempt);
      if (response.status === 429 && options.counter) options.counter.throttled++;
      done.set(request.id, response);
      if (isRetryableStatus(response.status)) {
        again.push(request);
        const wait = parseRetryAfter(response.headers['retry-after']);
        if (wait !== undefined) longestRetryAfter = Math.max(longestRetryAfter ?? 0, wait);
      }
    }
    if (again.length === 0) break;
    const decision = decideRetry(options.retry, attempt, longestRetryAfter);
    if (!decision.retry) break; // the throttled parts keep their last 429/503/504 response
    for (const request of again) {
      const response = done.get(request.id)!;
      const wait = parseRetryAfter(response.headers['retry-after']);
      if (response.status === 429 && wait !== undefined) options.onThrottled?.(request.url, wait);
    }
    if (options.counter) options.counter.retries += again.length;
    options.logger?.debug?.(`[microsoft-365] $batch: ${again.length} throttled part(s) sent again in ${decision.delayMs} ms (retry ${attempt + 1})`);
    await sleep(decision.delayMs);
    pending = again;
  }
  return chunk.map((r) => done.get(r.id)!);
}

/**
 * Graph refuses a request body over its size limit (413) as a whole, envelope included: one oversized
 * part would fail every part beside it, every run. So a refused envelope is split in two and each half
 * sent on its own, down to the one part that is too large, which alone is answered 413.
 */
async function sendSplittingTooLarge(client: Client, pending: BatchRequest[], options: BatchOptions): Promise<Map<string, GraphBatchPart>> {
  try {
    return await sendEnvelope(client, pending, options);
  } catch (error) {
    if (!(error instanceof GatewayError) || error.status !== 413) throw error;
    if (pending.length === 1) {
      const id = pending[0]!.id;
      const refusal = { code: error.graphCode ?? 'RequestEntityTooLarge', message: 'The request is larger than Microsoft Graph accepts (413, even alone in its $batch envelope).' };
      return new Map([[id, { id, status: 413, body: { error: refusal } }]]);
    }
    const half = Math.ceil(pending.length / 2);
    const [first, second] = await Promise.all([sendSplittingTooLarge(client, pending.slice(0, half), options), sendSplittingTooLarge(client, pending.slice(half), options)]);
    return new Map([...first, ...second]);
  }
}

async function sendEnvelope(client: Client, pending: BatchRequest[], options: BatchOptions): Promise<Map<string, GraphBatchPart>> {
  const body = { requests: pending.map((r) => toPart(r, options.immutableIds !== false)) };
  let answer: { responses?: GraphBatchPart[] };
  try {
    answer = await client
      .api('/$batch')
      .middlewareOptions([new GatewayRequestOptions({ retryUnsafe: options.retryUnsafe })])
      .post(body);
  } catch (err) {
    throw toGatewayError(err, { method: 'POST', url: '/$batch' });
  }
  if (!answer || !Array.isArray(answer.responses)) {
    throw new GatewayError({ code: 'graph_error', message: 'Microsoft Graph answered a $batch without a "responses" array.' });
  }
  const parts = new Map<string, GraphBatchPart>();
  for (const part of answer.responses) parts.set(String(part.id), part);
  return parts;
}

function toPart(request: BatchRequest, immutableIds: boolean): Record<string, unknown> {
  const part: Record<string, unknown> = { id: request.id, method: request.method.toUpperCase(), url: relativeUrl(request.url) };
  const headers = immutableIds ? mergePreferHeader(request.headers ?? {}, IMMUTABLE_ID_PREFERENCE) : { ...(request.headers ?? {}) };
  if (request.body !== undefined) {
    part.body = request.body;
    // Graph rejects a part with a body but no Content-Type.
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  if (Object.keys(headers).length > 0) part.headers = headers;
  return part;
}

/** Batch part URLs are relative to the version segment: strip `https://host/v1.0` from absolute ones. */
export function relativeUrl(url: string): string {
  const stripped = url.replace(/^https:\/\/[^/]+\/(v1\.0|beta)(?=\/)/i, '');
  return stripped.startsWith('/') ? stripped : `/${stripped}`;
}

function validate(requests: ReadonlyArray<BatchRequest>): void {
  const ids = new Set<string>();
  for (const [i, r] of requests.entries()) {
    if (!r || typeof r.id !== 'string' || r.id === '') throw new TypeError(`batch request #${i}: id must be a non-empty string`);
    if (ids.has(r.id)) throw new TypeError(`batch request #${i}: id "${r.id}" is used twice`);
    ids.add(r.id);
    if (typeof r.method !== 'string' || r.method === '') throw new TypeError(`batch request "${r.id}": method is required`);
    if (typeof r.url !== 'string' || r.url === '') throw new TypeError(`batch request "${r.id}": url is required`);
  }
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

function missingPart(id: string, attempt: number): BatchResponse {
  return {
    id,
    status: 502,
    body: { error: { code: 'MissingBatchResponse', message: `Microsoft Graph returned no response for batch request "${id}".` } },
    headers: {},
    retries: attempt,
  };
}

/** A failed part as a GatewayError (for callers that want to throw or record it). */
export function batchPartError(request: Pick<BatchRequest, 'method' | 'url'>, response: BatchResponse): GatewayError {
  const error = (response.body as { error?: { code?: string; message?: string; innerError?: { 'request-id'?: string } } } | null)?.error;
  return fromGraphResponse(
    {
      status: response.status,
      code: error?.code,
      message: error?.message,
      requestId: error?.innerError?.['request-id'],
      retryAfter: response.headers['retry-after'],
      location: response.headers['location'],
    },
    { method: request.method, url: request.url },
  );
}
