// Transport-neutral request/response shapes: the HTTPS server and $batch both feed handlers with these,
// so a batch part goes through exactly the same auth, fault, throttling and latency steps.
import { randomUUID } from 'node:crypto';

export type Headers = Record<string, string>;

export interface EmRequest {
  method: string;
  /** Path without query, e.g. /v1.0/users/x/events */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Headers;
  body: unknown;
  rawBody: string;
  /** Origin used to build absolute links (https://127.0.0.1:PORT). */
  origin: string;
  requestId: string;
  inBatch: boolean;
}

export interface EmResponse {
  status: number;
  headers: Headers;
  /** JSON value, string (sent as is) or undefined (no body). */
  body?: unknown;
}

/** A query parameter by its name in any case, as Graph reads them (startdatetime, $Select). */
export function queryParam(req: Pick<EmRequest, 'query'>, name: string): string | null {
  for (const [k, v] of req.query) if (k.toLowerCase() === name.toLowerCase()) return v;
  return null;
}

export function json(status: number, body: unknown, headers: Headers = {}): EmResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8', 'cache-control': 'no-cache', 'odata-version': '4.0', ...headers },
    body,
  };
}

export function noContent(status = 204, headers: Headers = {}): EmResponse {
  return { status, headers, body: undefined };
}

/** Graph's error envelope; every Graph error goes through here. */
export function graphError(req: Pick<EmRequest, 'requestId' | 'headers'>, status: number, code: string, message: string, headers: Headers = {}): EmResponse {
  return json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': req.requestId,
          'client-request-id': req.headers['client-request-id'] ?? req.requestId,
        },
      },
    },
    headers,
  );
}

/** Thrown by handlers to answer with a Graph error without threading responses through helpers. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Headers = {},
  ) {
    super(message);
  }
}

/** Azure AD (identity platform) error envelope. */
export function aadError(status: number, error: string, aadstsCode: number, description: string, headers: Headers = {}): EmResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  return json(
    status,
    {
      error,
      error_description: `AADSTS${aadstsCode}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [aadstsCode],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadstsCode}`,
    },
    { 'content-type': 'application/json; charset=utf-8', ...headers },
  );
}

export function newRequestId(): string {
  return randomUUID();
}
