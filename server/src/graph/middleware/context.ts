import type { Context, MiddlewareOptions } from '@microsoft/microsoft-graph-client';

/**
 * Per-request knobs for our middleware, passed the SDK way:
 * `client.api(url).middlewareOptions([new GatewayRequestOptions({ ... })])`.
 */
export class GatewayRequestOptions implements MiddlewareOptions {
  /** Allow repeating a non-idempotent POST after a timeout, 504 or dropped connection (e.g. a create carrying a transactionId). */
  readonly retryUnsafe?: boolean;
  /** Overrides the gateway's per-attempt timeout for this request. */
  readonly timeoutMs?: number;

  constructor(init: { retryUnsafe?: boolean; timeoutMs?: number } = {}) {
    this.retryUnsafe = init.retryUnsafe;
    this.timeoutMs = init.timeoutMs;
  }
}

export function requestOptionsOf(context: Context): GatewayRequestOptions | undefined {
  // MiddlewareControl is not exported by the SDK's entry point, so duck-type it.
  const control = context.middlewareControl as { getMiddlewareOptions?: (c: unknown) => MiddlewareOptions | undefined } | undefined;
  const found = control?.getMiddlewareOptions?.(GatewayRequestOptions);
  return found instanceof GatewayRequestOptions ? found : undefined;
}

export function urlOf(context: Context): string {
  const request = context.request as unknown;
  return typeof request === 'string' ? request : (request as { url: string }).url;
}

export function methodOf(context: Context): string {
  const request = context.request as unknown;
  if (typeof request !== 'string' && request && typeof (request as { method?: string }).method === 'string') {
    return (request as { method: string }).method.toUpperCase();
  }
  return (context.options?.method ?? 'GET').toUpperCase();
}

/** Headers as the SDK builds them are a plain object; tolerate Headers and arrays as well. */
export function setHeader(context: Context, name: string, value: string | undefined): void {
  const options = (context.options ??= {});
  const headers = options.headers as unknown;
  if (headers instanceof Headers) {
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
    return;
  }
  if (Array.isArray(headers)) {
    const kept = (headers as string[][]).filter(([k]) => k.toLowerCase() !== name.toLowerCase());
    if (value !== undefined) kept.push([name, value]);
    options.headers = kept as unknown as HeadersInit;
    return;
  }
  const record: Record<string, string> = { ...((headers as Record<string, string> | undefined) ?? {}) };
  for (const key of Object.keys(record)) if (key.toLowerCase() === name.toLowerCase()) delete record[key];
  if (value !== undefined) record[name] = value;
  options.headers = record;
}
