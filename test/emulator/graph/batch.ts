// JSON batching: POST /v1.0/$batch. Each part runs through the normal pipeline (auth, faults, throttling,
// latency) and answers with its own status; the envelope is 200. Parts wait for their dependsOn, a failed
// dependency answers 424, and at most 4 parts aimed at one mailbox run at once (as Graph does for Outlook).
import type { EmulatorCore } from '../core/core';
import { json, newRequestId, type EmRequest, type EmResponse } from '../core/http';
import { GraphHttpError } from '../core/http';
import type { GraphCtx } from '../core/graphRoute';
import { parseJsonBody } from './odata';

const MAX_PARTS = 20;
const PARALLEL_PER_MAILBOX = 4;

interface BatchPart {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

function validate(body: Record<string, unknown>): BatchPart[] {
  const requests = body.requests;
  if (!Array.isArray(requests)) throw new GraphHttpError(400, 'BadRequest', 'Invalid batch payload format.');
  if (requests.length > MAX_PARTS) throw new GraphHttpError(400, 'BadRequest', `Number of batch request steps exceeds the maximum value of ${MAX_PARTS}.`);
  const ids = new Set<string>();
  for (const r of requests as BatchPart[]) {
    if (!r || typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string') {
      throw new GraphHttpError(400, 'BadRequest', 'Invalid batch payload format: each request needs id, method and url.');
    }
    // "JSON batching": url is "the relative resource URL the individual request would typically be sent to".
    if (/^[a-z][a-z0-9+.-]*:/i.test(r.url) || r.url.startsWith('//')) throw new GraphHttpError(400, 'BadRequest', `Invalid request url '${r.url}' in request id ${r.id}: batch requests take a URL relative to the version, such as /users/{id}/events.`);
    if (ids.has(r.id)) throw new GraphHttpError(400, 'BadRequest', `Batch request ids must be unique; '${r.id}' is repeated.`);
    ids.add(r.id);
    if (r.body !== undefined && !Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')) {
      throw new GraphHttpError(400, 'BadRequest', `Write request id : ${r.id} does not contain Content-Type header or body.`);
    }
  }
  for (const r of requests as BatchPart[]) {
    for (const dep of r.dependsOn ?? []) if (!ids.has(dep)) throw new GraphHttpError(400, 'BadRequest', `Request '${r.id}' depends on unknown request '${dep}'.`);
  }
  return requests as BatchPart[];
}

function mailboxOf(url: string): string | undefined {
  const m = /^\/?users\/([^/?]+)/i.exec(url);
  return m ? decodeURIComponent(m[1]).toLowerCase() : undefined;
}

function partRequest(outer: EmRequest, part: BatchPart): EmRequest {
  const rel = part.url.startsWith('/') ? part.url : `/${part.url}`;
  const url = new URL(`https://batch.invalid/v1.0${rel.replace(/^\/v1\.0(?=\/)/i, '')}`);
  const headers: Record<string, string> = {};
  // Parts inherit the envelope's authorization and Graph-specific preferences unless they set their own.
  if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
  for (const [k, v] of Object.entries(part.headers ?? {})) headers[k.toLowerCase()] = String(v);
  return {
    method: part.method.toUpperCase(),
    path: decodeURIComponent(url.pathname),
    query: url.searchParams,
    headers,
    body: part.body,
    rawBody: part.body === undefined ? '' : JSON.stringify(part.body),
    origin: outer.origin,
    requestId: newRequestId(),
    inBatch: true,
  };
}

async function batch(ctx: GraphCtx): Promise<EmResponse> {
  const parts = validate(parseJsonBody(ctx.req));
  const results = new Map<string, EmResponse>();
  const done = new Map<string, Promise<EmResponse>>();
  const running = new Map<string, number>();
  const waiters = new Map<string, Array<() => void>>();

  const acquire = async (mailbox: string) => {
    while ((running.get(mailbox) ?? 0) >= PARALLEL_PER_MAILBOX) {
      await new Promise<void>((resolve) => waiters.set(mailbox, [...(waiters.get(mailbox) ?? []), resolve]));
    }
    running.set(mailbox, (running.get(mailbox) ?? 0) + 1);
  };
  const release = (mailbox: string) => {
    running.set(mailbox, (running.get(mailbox) ?? 1) - 1);
    const next = waiters.get(mailbox)?.shift();
    next?.();
  };

  const run = async (part: BatchPart): Promise<EmResponse> => {
    const deps = await Promise.all((part.dependsOn ?? []).map((d) => done.get(d) as Promise<EmResponse>));
    if (deps.some((d) => d.status >= 400)) {
      return json(424, { error: { code: 'FailedDependency', message: 'Failed Dependency' } });
    }
    const mailbox = mailboxOf(part.url);
    if (mailbox) await acquire(mailbox);
    try {
      return await ctx.core.handleGraph(partRequest(ctx.req, part));
    } finally {
      if (mailbox) release(mailbox);
    }
  };

  // Graph runs independent parts in any order; creating promises in request order keeps dependsOn simple
  // because validation guarantees dependencies exist (cycles would deadlock, so refuse them up front).
  assertAcyclic(parts);
  const ordered = topological(parts);
  for (const part of ordered) done.set(part.id, run(part));
  for (const part of parts) results.set(part.id, await (done.get(part.id) as Promise<EmResponse>));

  return json(200, {
    responses: parts.map((p) => {
      const r = results.get(p.id) as EmResponse;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) {
        if (k === 'request-id' || k === 'client-request-id' || k === 'x-ms-ags-diagnostic') continue;
        headers[HEADER_CASE[k] ?? k] = v;
      }
      return { id: p.id, status: r.status, headers, ...(r.body !== undefined ? { body: r.body } : {}) };
    }),
  });
}

const HEADER_CASE: Record<string, string> = {
  'content-type': 'Content-Type',
  'retry-after': 'Retry-After',
  location: 'Location',
  'cache-control': 'Cache-Control',
  'odata-version': 'OData-Version',
  'preference-applied': 'Preference-Applied',
  etag: 'ETag',
};

function topological(parts: BatchPart[]): BatchPart[] {
  const byId = new Map(parts.map((p) => [p.id, p]));
  const out: BatchPart[] = [];
  const seen = new Set<string>();
  const visit = (p: BatchPart) => {
    if (seen.has(p.id)) return;
    seen.add(p.id);
    for (const d of p.dependsOn ?? []) visit(byId.get(d) as BatchPart);
    out.push(p);
  };
  parts.forEach(visit);
  return out;
}

function assertAcyclic(parts: BatchPart[]): void {
  const byId = new Map(parts.map((p) => [p.id, p]));
  const state = new Map<string, 1 | 2>();
  const visit = (id: string) => {
    if (state.get(id) === 2) return;
    if (state.get(id) === 1) throw new GraphHttpError(400, 'BadRequest', 'The batch request contains a circular dependsOn reference.');
    state.set(id, 1);
    for (const d of byId.get(id)?.dependsOn ?? []) visit(d);
    state.set(id, 2);
  };
  parts.forEach((p) => visit(p.id));
}

export function registerBatchRoute(core: EmulatorCore): void {
  core.graphRouter.add('POST', '/v1.0/$batch', { spec: { service: 'batch', anyRole: [] }, handler: batch });
}
