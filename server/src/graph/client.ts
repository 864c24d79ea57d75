import { Client, type Middleware } from '@microsoft/microsoft-graph-client';
import type { ResolvedEndpoints } from './clouds';
import { mailboxOf, type MailboxLimiter } from './limiter';
import { AuthMiddleware } from './middleware/auth';
import { OriginGuardMiddleware } from './middleware/origin-guard';
import { PreferMiddleware } from './middleware/prefer';
import { IMMUTABLE_ID_PREFERENCE } from './prefer';
import { LimitMiddleware } from './middleware/limit';
import { RetryMiddleware } from './middleware/retry';
import { TransportMiddleware } from './middleware/transport';
import type { RetryPolicy } from './retry-policy';
import type { TokenProvider } from './token-provider';
import type { GatewayLogger, RequestCounter } from './types';

export interface ClientFactoryOptions {
  endpoints: ResolvedEndpoints;
  tokens: TokenProvider;
  limiter: MailboxLimiter;
  retry: RetryPolicy;
  requestTimeoutMs?: number;
  /** Send `Prefer: IdType="ImmutableId"` on every request (default true). */
  immutableIds?: boolean;
  logger?: GatewayLogger;
}

/**
 * A Graph SDK client with our chain: origin guard (only Graph's host) → [immutable-id preference] → retry (outermost of the per-attempt part, so each attempt re-runs everything below) →
 * auth (fresh token per attempt) → limiter (slot per attempt) → transport (timeout, counting, fetch).
 * The counter is per client: create a client per sync run to report that run's requests.
 */
export function createGraphClient(options: ClientFactoryOptions, counter?: RequestCounter): Client {
  const chain: Middleware[] = [
    new OriginGuardMiddleware(options.endpoints.graphBaseUrl),
    ...(options.immutableIds === false ? [] : [new PreferMiddleware(IMMUTABLE_ID_PREFERENCE)]),
    new RetryMiddleware(options.retry, counter, options.logger, (url, ms) => pauseMailbox(options.limiter, url, ms)),
    new AuthMiddleware(options.tokens, options.endpoints.graphBaseUrl),
    new LimitMiddleware(options.limiter),
    new TransportMiddleware(options.requestTimeoutMs, counter),
  ];
  return Client.initWithMiddleware({
    middleware: chain, // the SDK links them in order
    baseUrl: options.endpoints.graphBaseUrl,
    defaultVersion: options.endpoints.graphVersion,
    // Only read by the SDK's own AuthenticationHandler; kept so the client describes its Graph host
    // the same way if someone swaps the chain for the SDK default.
    customHosts: new Set([new URL(options.endpoints.graphBaseUrl).hostname]),
  });
}

/** A 429 with Retry-After on a mailbox URL pauses that mailbox in the shared limiter. */
export function pauseMailbox(limiter: MailboxLimiter, url: string, retryAfterMs: number): void {
  const mailbox = mailboxOf(url);
  if (mailbox) limiter.pause(mailbox, retryAfterMs);
}
