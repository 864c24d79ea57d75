import { createHash } from 'node:crypto';
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { ResolvedEndpoints } from './clouds';
import { GatewayError, fromIdentityError, redact, transportError, type IdentityContext } from './errors';
import type { ClientCertificate, GatewayLogger } from './types';

export interface TokenProvider {
  getAccessToken(): Promise<string>;
}

export interface TokenProviderOptions {
  endpoints: ResolvedEndpoints;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  clientCertificate?: ClientCertificate;
  logger?: GatewayLogger;
}

const MULTI_TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Entry {
  app: ConfidentialClientApplication;
  /** Concurrent callers share one token request: msal does not coalesce client-credential calls. */
  inflight?: Promise<string>;
}

/**
 * One ConfidentialClientApplication per (authority, client id, credential fingerprint) per process.
 * msal caches tokens per instance, so building a new one per request would fetch a token every time.
 */
const registry = new Map<string, Entry>();

export function validateCredentials(options: Pick<TokenProviderOptions, 'tenantId' | 'clientId' | 'clientSecret' | 'clientCertificate'>): void {
  const tenant = options.tenantId?.trim();
  if (!tenant) throw new GatewayError({ code: 'invalid_config', message: 'The Directory (tenant) ID is empty.' });
  if (MULTI_TENANT_ALIASES.has(tenant.toLowerCase())) {
    throw new GatewayError({
      code: 'invalid_config',
      message: `Tenant "${tenant}" cannot be used for app-only access; enter the Directory (tenant) ID GUID or a verified domain of the tenant.`,
    });
  }
  if (!/^[A-Za-z0-9.-]+$/.test(tenant)) {
    throw new GatewayError({ code: 'invalid_config', message: `Tenant "${tenant}" is neither a GUID nor a domain name.` });
  }
  const client = options.clientId?.trim();
  if (!client) throw new GatewayError({ code: 'invalid_config', message: 'The Application (client) ID is empty.' });
  if (!GUID.test(client)) throw new GatewayError({ code: 'invalid_config', message: `The Application (client) ID "${client}" is not a GUID.` });
  const hasSecret = !!options.clientSecret;
  const hasCert = !!options.clientCertificate?.privateKey && !!options.clientCertificate?.thumbprintSha256;
  if (!hasSecret && !hasCert) throw new GatewayError({ code: 'invalid_config', message: 'No client secret (or certificate) is configured for the application.' });
  if (hasSecret && hasCert) throw new GatewayError({ code: 'invalid_config', message: 'Configure either a client secret or a certificate, not both.' });
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  validateCredentials(options);
  const tenantId = options.tenantId.trim();
  const clientId = options.clientId.trim();
  const authority = `${options.endpoints.authorityHost}/${tenantId}`;
  const secrets = [options.clientSecret, options.clientCertificate?.privateKey];
  const identity: IdentityContext = { tenantId, clientId, authorityHost: options.endpoints.authorityHost, secrets };
  const key = `${authority}|${clientId}|${credentialFingerprint(options)}`;
  const scopes = [options.endpoints.graphScope];

  const entry = (): Entry => {
    let found = registry.get(key);
    if (!found) {
      found = { app: new ConfidentialClientApplication(msalConfiguration(options, authority, clientId, secrets)) };
      registry.set(key, found);
    }
    return found;
  };

  return {
    getAccessToken(): Promise<string> {
      const e = entry();
      if (!e.inflight) {
        e.inflight = e.app
          .acquireTokenByClientCredential({ scopes })
          .then((result) => {
            if (!result?.accessToken) {
              throw new GatewayError({ code: 'auth_failed', message: `The identity platform returned no access token for application ${clientId}.` });
            }
            return result.accessToken;
          })
          .catch(async (err: unknown) => {
            throw await explainIdentityFailure(err, authority, identity);
          })
          .finally(() => {
            e.inflight = undefined;
          });
      }
      return e.inflight;
    },
  };
}

/**
 * msal reports a failed metadata fetch as a bare endpoints_resolution_error, dropping why: an unknown
 * tenant (400 AADSTS90002), an untrusted certificate, a refused connection. On that path only, ask the
 * metadata endpoint once ourselves so the admin gets the actual reason.
 */
async function explainIdentityFailure(err: unknown, authority: string, identity: IdentityContext): Promise<GatewayError> {
  const code = (err as { errorCode?: string } | null)?.errorCode;
  if (code !== 'endpoints_resolution_error' && code !== 'network_error') return fromIdentityError(err, identity);
  const url = `${authority}/v2.0/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (probeError) {
    const reason = transportError(probeError, { method: 'GET', url, timedOut: (probeError as Error)?.name === 'TimeoutError', timeoutMs: 10_000 });
    return new GatewayError({
      code: 'network',
      message: reason.message.replace('Microsoft Graph', 'the Microsoft identity platform'),
      transient: reason.transient,
      cause: probeError,
    });
  }
  if (response.ok) return fromIdentityError(err, identity);
  const body = (await response.json().catch(() => ({}))) as { error?: string; error_description?: string; error_codes?: number[] };
  return fromIdentityError(
    { name: 'ServerError', errorCode: body.error ?? `http_${response.status}`, errorMessage: body.error_description ?? '', errorNo: body.error_codes?.[0], status: response.status },
    identity,
  );
}

/** Forget every cached application (and so every cached token); for tests and credential changes. */
export function clearTokenProviders(): void {
  registry.clear();
}

function msalConfiguration(options: TokenProviderOptions, authority: string, clientId: string, secrets: Array<string | undefined>): Configuration {
  const logger = options.logger;
  const config: Configuration = {
    auth: {
      clientId,
      authority,
      ...(options.clientSecret
        ? { clientSecret: options.clientSecret }
        : {
            clientCertificate: {
              privateKey: options.clientCertificate!.privateKey,
              thumbprintSha256: options.clientCertificate!.thumbprintSha256,
              ...(options.clientCertificate!.x5c ? { x5c: options.clientCertificate!.x5c } : {}),
            },
          }),
      // A host msal does not know (an emulator, a proxy) must be declared, or msal asks the public
      // cloud's instance discovery first, which fails offline with untrusted_authority.
      ...(options.endpoints.customAuthority ? { knownAuthorities: [new URL(options.endpoints.authorityHost).host] } : {}),
    },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          if (!logger) return;
          const line = `[microsoft-365 msal] ${redact(message, secrets)}`;
          if (level === LogLevel.Error) logger.error?.(line);
          // Client-credentials answers never carry client_info; msal warns about it on every token.
          else if (level === LogLevel.Warning && !/No client info in response/.test(message)) logger.warn?.(line);
          else logger.debug?.(line);
        },
      },
    },
  };
  return config;
}

/** A hash, so the registry key never holds the secret itself. */
function credentialFingerprint(options: TokenProviderOptions): string {
  const material = options.clientSecret
    ? `secret:${options.clientSecret}`
    : `cert:${options.clientCertificate?.thumbprintSha256}:${options.clientCertificate?.privateKey}`;
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}
