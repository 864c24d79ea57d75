import type { Client } from '@microsoft/microsoft-graph-client';
import { readPasswordCredentials, type PasswordCredential } from './app-credentials';
import { runBatch, type BatchRequest, type BatchResponse } from './batch-writer';
import { createGraphClient, pauseMailbox } from './client';
import { resolveEndpoints, type ResolvedEndpoints } from './clouds';
import { checkConnection as runConnectionCheck, type ConnectionReport } from './connection-check';
import { deltaPages as walkDelta, type DeltaPage, type DeltaPagesOptions } from './delta-pager';
import { toGatewayError } from './errors';
import { sharedLimiter } from './limiter';
import { sendMail as postSendMail, type MailMessage } from './mail';
import { GatewayRequestOptions } from './middleware/context';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { createTokenProvider, validateCredentials } from './token-provider';
import type { GatewayOptions, RequestCounter } from './types';

export * from './types';
export { CLOUDS, resolveEndpoints, type ResolvedEndpoints } from './clouds';
export { GatewayError, FullResyncRequired, isGatewayError, toGatewayError, type GatewayErrorCode } from './errors';
export { batchPartError, MAX_BATCH_SIZE, type BatchRequest, type BatchResponse } from './batch-writer';
export type { DeltaPage, DeltaPagesOptions } from './delta-pager';
export type { MailMessage, MailAttachment } from './mail';
export type { PasswordCredential } from './app-credentials';
export { buildSendMailPayload } from './mail';
export type { ConnectionReport, ConnectionCheck } from './connection-check';
export { GatewayRequestOptions } from './middleware/context';
export { clearTokenProviders } from './token-provider';

export interface GraphRequest {
  method: string;
  /** Relative to the Graph version (`/users/…`) or an absolute Graph URL (a nextLink). */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Allow repeating a POST after a timeout/504 (only for requests Graph de-duplicates, e.g. events with transactionId). */
  retryUnsafe?: boolean;
}

export interface Gateway {
  readonly endpoints: ResolvedEndpoints;
  /** An app-only token for Graph, from msal's cache while valid. */
  getAccessToken(): Promise<string>;
  /** A Graph SDK client with our limiter, retry, timeout and (if given) request counter. */
  getClient(counter?: RequestCounter): Client;
  /** One request; resolves with the parsed body, throws GatewayError. */
  request<T = unknown>(request: GraphRequest, counter?: RequestCounter): Promise<T>;
  /** Delta pages, fetched one at a time as the caller asks (see delta-pager.ts). */
  deltaPages<T = Record<string, unknown>>(options: DeltaPagesOptions, counter?: RequestCounter): AsyncGenerator<DeltaPage<T>, void, void>;
  /** $batch writes with per-part retry; one response per request, in input order. */
  batch(requests: ReadonlyArray<BatchRequest>, options?: { counter?: RequestCounter; retryUnsafe?: boolean }): Promise<BatchResponse[]>;
  /** POST /users/{from}/sendMail. */
  sendMail(message: MailMessage, counter?: RequestCounter): Promise<void>;
  /** Token, calendar, To Do and mail checks for the settings page. */
  checkConnection(mailbox?: string): Promise<ConnectionReport>;
  /** The client secrets of this app's registration (needs Application.Read.All). */
  passwordCredentials(): Promise<PasswordCredential[]>;
}

const SUPPORTED_METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * The facade the plugin's services use. Creating it is cheap: the msal application (token cache)
 * and the limiter are shared per app across every gateway of the process.
 */
export function createGateway(options: GatewayOptions): Gateway {
  validateCredentials(options);
  const endpoints = resolveEndpoints(options);
  const tokens = createTokenProvider({ ...options, endpoints });
  const limiter = sharedLimiter(`${endpoints.graphBaseUrl}|${options.tenantId.trim().toLowerCase()}|${options.clientId.trim().toLowerCase()}`, {
    maxConcurrentPerMailbox: options.maxConcurrentPerMailbox,
    maxConcurrent: options.maxConcurrent,
  });
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(options.maxRetries !== undefined ? { maxRetries: Math.max(0, Math.floor(options.maxRetries)) } : {}),
    ...(options.maxRetryDelayMs !== undefined ? { maxDelayMs: Math.max(0, options.maxRetryDelayMs) } : {}),
  };
  const factory = { endpoints, tokens, limiter, retry, requestTimeoutMs: options.requestTimeoutMs, immutableIds: options.immutableIds, logger: options.logger };
  const getClient = (counter?: RequestCounter): Client => createGraphClient(factory, counter);

  const gateway: Gateway = {
    endpoints,
    getAccessToken: () => tokens.getAccessToken(),
    getClient,
    async request<T>(req: GraphRequest, counter?: RequestCounter): Promise<T> {
      const method = req.method.toUpperCase();
      if (!SUPPORTED_METHODS.has(method)) throw new TypeError(`Unsupported method ${req.method}`);
      let call = getClient(counter).api(req.url);
      if (req.headers) call = call.headers(req.headers);
      if (req.retryUnsafe) call = call.middlewareOptions([new GatewayRequestOptions({ retryUnsafe: true })]);
      try {
        if (method === 'GET') return (await call.get()) as T;
        if (method === 'DELETE') return (await call.delete()) as T;
        if (method === 'POST') return (await call.post(req.body ?? {})) as T;
        if (method === 'PATCH') return (await call.patch(req.body ?? {})) as T;
        return (await call.put(req.body ?? {})) as T;
      } catch (err) {
        throw toGatewayError(err, { method, url: req.url });
      }
    },
    deltaPages: <T>(opts: DeltaPagesOptions, counter?: RequestCounter) => walkDelta<T>(getClient(counter), { immutableIds: options.immutableIds, ...opts, graphOrigin: endpoints.graphBaseUrl }),
    batch: (requests, opts = {}) =>
      runBatch(getClient(opts.counter), requests, {
        retry,
        counter: opts.counter,
        retryUnsafe: opts.retryUnsafe,
        immutableIds: options.immutableIds,
        logger: options.logger,
        onThrottled: (url, ms) => pauseMailbox(limiter, url, ms),
      }),
    sendMail: (message, counter) => postSendMail(gateway, message, counter),
    checkConnection: (mailbox) => runConnectionCheck({ ...options, mailbox }, createGateway),
    passwordCredentials: () => readPasswordCredentials(gateway, options.clientId),
  };
  return gateway;
}

/** Connection test for settings that may not be saved yet: never throws, reports per check. */
export function checkConnection(options: GatewayOptions & { mailbox?: string }): Promise<ConnectionReport> {
  return runConnectionCheck(options, createGateway);
}
