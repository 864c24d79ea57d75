/** Public types of the Graph gateway. Plain data only: the gateway knows nothing of Strapi. */
import type { Cloud } from '../../../shared/settings';

export type { Cloud };

/** A certificate credential as msal-node expects it (PEM private key, SHA-256 thumbprint in hex). */
export interface ClientCertificate {
  privateKey: string;
  thumbprintSha256: string;
  /** PEM chain; sent as x5c so subject-name/issuer auth works. */
  x5c?: string;
}

export interface GatewayLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

export interface GatewayOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  clientCertificate?: ClientCertificate;
  cloud?: Cloud;
  /** Overrides the cloud's identity host, e.g. `https://127.0.0.1:8443` for the emulator. */
  authorityHost?: string;
  /** Overrides the cloud's Graph root, e.g. `https://127.0.0.1:8443` (an optional `/v1.0` is accepted). */
  graphBaseUrl?: string;
  /** Outlook allows 4 concurrent requests per app per mailbox; lower only, never above 4. */
  maxConcurrentPerMailbox?: number;
  /** In-flight HTTP requests to Graph across all mailboxes (default 16). */
  maxConcurrent?: number;
  /** Retries of one request after 429/503/504/timeout (default 5). */
  maxRetries?: number;
  /** Cap of one backoff wait, and the longest Retry-After we are willing to sleep (default 60 000 ms). */
  maxRetryDelayMs?: number;
  /** Per-attempt timeout; a timed-out attempt is retried like a 503 (default none). */
  requestTimeoutMs?: number;
  /** Send `Prefer: IdType="ImmutableId"` on every request and batch part (default true). */
  immutableIds?: boolean;
  logger?: GatewayLogger;
}

/**
 * Counts what one sync run (or any caller) sent to Graph. Create one per run and pass it to
 * `getClient(counter)` / `batch(..., { counter })`; the numbers are what reached the wire.
 */
export interface RequestCounter {
  /** HTTP round trips to Graph, retries included ($batch envelopes count once). */
  requests: number;
  /** Attempts that were repeated after a 429/503/504/timeout (envelopes and batch parts). */
  retries: number;
  /** Responses (envelopes or parts) that were 429. */
  throttled: number;
  /** $batch envelopes sent. */
  batches: number;
  /** Requests carried inside $batch envelopes (each counts against Graph's limits). */
  batchParts: number;
}

export function createRequestCounter(): RequestCounter {
  return { requests: 0, retries: 0, throttled: 0, batches: 0, batchParts: 0 };
}
