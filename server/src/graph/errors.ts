import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';

/**
 * Stable, machine-readable error codes. Messages are written for the admin who has to fix the
 * Azure app registration or the mailbox, never contain a secret, and name what to change.
 */
export type GatewayErrorCode =
  | 'invalid_config'
  | 'invalid_secret'
  | 'expired_secret'
  | 'invalid_certificate'
  | 'unknown_client'
  | 'unknown_tenant'
  | 'auth_failed'
  | 'token_rejected'
  | 'missing_permission'
  | 'mailbox_blocked'
  | 'mailbox_not_found'
  | 'not_found'
  | 'throttled'
  | 'network'
  | 'resync_required'
  | 'precondition_failed'
  | 'invalid_request'
  | 'foreign_link'
  | 'sender_not_allowed'
  | 'graph_error';

export interface GatewayErrorInit {
  code: GatewayErrorCode;
  message: string;
  status?: number;
  permission?: string;
  mailbox?: string;
  /** Graph's or the identity platform's own error code (e.g. ErrorAccessDenied, AADSTS7000215). */
  graphCode?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  /** A network failure or timeout that a retry may cure. */
  transient?: boolean;
  /** For invalid input: the offending field (e.g. `to`, `attachments[1].filename`). */
  field?: string;
  cause?: unknown;
}

/**
 * Extends the SDK's GraphClientError on purpose: GraphRequest passes GraphClientErrors raised inside
 * the middleware chain (token, network, timeout) through unchanged, so callers of getClient() see
 * the same typed error as callers of the gateway facade.
 */
export class GatewayError extends GraphClientError {
  readonly code: GatewayErrorCode;
  readonly status?: number;
  readonly permission?: string;
  readonly mailbox?: string;
  readonly graphCode?: string;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;
  readonly transient: boolean;
  readonly field?: string;

  constructor(init: GatewayErrorInit) {
    super(init.message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'GatewayError';
    this.code = init.code;
    this.status = init.status;
    this.permission = init.permission;
    this.mailbox = init.mailbox;
    this.graphCode = init.graphCode;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.transient = init.transient ?? false;
    this.field = init.field;
    if (init.cause !== undefined) Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false });
  }

  /** What an API answer or a sync-run error entry should carry. */
  toJSON(): { code: GatewayErrorCode; message: string; status?: number; permission?: string; mailbox?: string; field?: string } {
    return { code: this.code, message: this.message, status: this.status, permission: this.permission, mailbox: this.mailbox, field: this.field };
  }
}

/** A delta or next link that Graph no longer honours: start again from an initial delta request. */
export class FullResyncRequired extends GatewayError {
  /** Graph's Location header on a 410, when given: a fresh initial delta URL. */
  readonly location?: string;

  constructor(init: Omit<GatewayErrorInit, 'code' | 'message'> & { message?: string; location?: string }) {
    super({
      ...init,
      code: 'resync_required',
      message: init.message ?? 'Microsoft Graph no longer accepts the stored sync cursor; a full resync of this resource is needed.',
    });
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'FullResyncRequired';
    this.location = init.location;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** Removes every known secret from a text before it reaches a message or a log line. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Identity platform (msal-node) errors

interface MsalLikeError {
  name?: string;
  errorCode?: string;
  errorMessage?: string;
  errorNo?: string | number;
  status?: number;
  message?: string;
}

const AADSTS: Record<string, { code: GatewayErrorCode; message: (ctx: IdentityContext) => string }> = {
  '7000215': {
    code: 'invalid_secret',
    message: (c) => `The client secret for application ${c.clientId} is wrong (AADSTS7000215). Enter the secret's Value (not its Secret ID) from Azure portal > App registrations > Certificates & secrets.`,
  },
  '7000222': {
    code: 'expired_secret',
    message: (c) => `The client secret for application ${c.clientId} has expired (AADSTS7000222). Create a new secret under Certificates & secrets in the app registration and save it here.`,
  },
  '700016': {
    code: 'unknown_client',
    message: (c) => `No application with client ID ${c.clientId} exists in tenant ${c.tenantId} (AADSTS700016). Check the Application (client) ID, and that the app is registered in (or consented to by) this tenant.`,
  },
  '90002': {
    code: 'unknown_tenant',
    message: (c) => `Tenant "${c.tenantId}" was not found (AADSTS90002). Use the Directory (tenant) ID GUID or a verified domain of the tenant, and check that the cloud setting matches it.`,
  },
  '900023': {
    code: 'unknown_tenant',
    message: (c) => `"${c.tenantId}" is not a valid tenant identifier (AADSTS900023). Use the Directory (tenant) ID GUID or a verified domain.`,
  },
  '700027': {
    code: 'invalid_certificate',
    message: (c) => `The identity platform rejected the certificate credential of application ${c.clientId} (AADSTS700027). Upload the certificate's public key to the app registration and check the thumbprint and private key.`,
  },
  '7000112': {
    code: 'unknown_client',
    message: (c) => `Application ${c.clientId} is disabled in tenant ${c.tenantId} (AADSTS7000112). Enable it under Enterprise applications.`,
  },
};

export interface IdentityContext {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  secrets: ReadonlyArray<string | undefined>;
}

export function fromIdentityError(err: unknown, ctx: IdentityContext): GatewayError {
  if (err instanceof GatewayError) return err;
  const e = (err ?? {}) as MsalLikeError;
  const text = redact(`${e.errorMessage ?? ''} ${e.message ?? ''}`, ctx.secrets);
  const aadsts = e.errorNo !== undefined && e.errorNo !== '' ? String(e.errorNo) : /AADSTS(\d+)/.exec(text)?.[1];
  const known = aadsts ? AADSTS[aadsts] : undefined;
  if (known) {
    return new GatewayError({ code: known.code, message: known.message(ctx), status: e.status, graphCode: `AADSTS${aadsts}`, cause: stripped(err, ctx) });
  }
  const host = safeHost(ctx.authorityHost);
  switch (e.errorCode) {
    case 'network_error':
    case 'endpoints_resolution_error':
      return new GatewayError({
        code: 'network',
        message: `Could not reach the Microsoft identity platform at ${host}: ${describeNetwork(text)}`,
        transient: true,
        cause: stripped(err, ctx),
      });
    case 'untrusted_authority':
      return new GatewayError({
        code: 'invalid_config',
        message: `The identity host ${host} is not trusted by msal-node; set authorityHost to a Microsoft cloud or list it as a known authority.`,
        cause: stripped(err, ctx),
      });
    case 'token_parsing_error':
      return new GatewayError({ code: 'network', message: `The identity platform at ${host} answered with something that is not a token response.`, transient: true, cause: stripped(err, ctx) });
    case 'invalid_client':
      return new GatewayError({
        code: 'invalid_secret',
        message: `The identity platform refused the credentials of application ${ctx.clientId}${aadsts ? ` (AADSTS${aadsts})` : ''}. Check the client secret or certificate.`,
        status: e.status,
        graphCode: aadsts ? `AADSTS${aadsts}` : e.errorCode,
        cause: stripped(err, ctx),
      });
    default: {
      const detail = aadsts ? `AADSTS${aadsts}` : e.errorCode || e.name || 'unknown error';
      const description = /Description: (.*?)(?: - Correlation ID|$)/.exec(text)?.[1]?.trim();
      return new GatewayError({
        code: 'auth_failed',
        message: `Could not get a token for application ${ctx.clientId} in tenant ${ctx.tenantId} (${detail})${description ? `: ${description}` : '.'}`,
        status: e.status,
        graphCode: detail,
        cause: stripped(err, ctx),
      });
    }
  }
}

/** msal errors carry the request in their stack on some paths; keep only name and redacted message. */
function stripped(err: unknown, ctx: IdentityContext): Error {
  const e = err as { name?: string; message?: string };
  const out = new Error(redact(String(e?.message ?? err), ctx.secrets));
  out.name = String(e?.name ?? 'Error');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Transport errors

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

/** The innermost `code` of a fetch failure (undici nests the socket error as `cause`). */
export function networkCode(err: unknown): string | undefined {
  let found: string | undefined;
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if (typeof e.code === 'string') found = e.code;
    e = e.cause as typeof e;
  }
  return found;
}

/** undici's "fetch failed" says nothing; the reason is in the innermost cause. */
function innermostMessage(err: unknown): string {
  let message = String((err as Error)?.message ?? err);
  let e = (err as { cause?: unknown } | undefined)?.cause as { message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if (typeof e.message === 'string' && e.message) message = e.message;
    e = e.cause as typeof e;
  }
  return message;
}

export function isTlsCode(code: string | undefined): boolean {
  return !!code && TLS_CODES.has(code);
}

export function describeNetwork(text: string): string {
  const code = /\b(E[A-Z]+|UND_ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)\b/.exec(text)?.[1];
  if (code && TLS_CODES.has(code)) return `the TLS certificate is not trusted (${code}). For a private CA, start Node with NODE_EXTRA_CA_CERTS pointing at it.`;
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED).';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name does not resolve (${code}); check DNS and proxy settings.`;
  if (code) return `${code}.`;
  return text.trim() || 'network failure.';
}

export function transportError(err: unknown, where: { method: string; url: string; timeoutMs?: number; timedOut: boolean }): GatewayError {
  const host = safeHost(where.url);
  const target = `${where.method} ${pathOf(where.url)}`;
  if (where.timedOut) {
    return new GatewayError({
      code: 'network',
      message: `Microsoft Graph (${host}) did not answer within ${where.timeoutMs} ms (${target}).`,
      transient: true,
      cause: err,
    });
  }
  const code = networkCode(err);
  if (isTlsCode(code)) {
    return new GatewayError({
      code: 'network',
      message: `The TLS certificate of ${host} is not trusted (${code}). For a private CA, start Node with NODE_EXTRA_CA_CERTS pointing at its PEM file.`,
      transient: false,
      cause: err,
    });
  }
  const detail = code ? describeNetwork(code) : describeNetwork(innermostMessage(err));
  return new GatewayError({ code: 'network', message: `Could not reach Microsoft Graph at ${host}: ${detail}`, transient: true, cause: err });
}

// ---------------------------------------------------------------------------------------------
// Graph errors (responses)

export interface RequestContext {
  method?: string;
  /** Absolute or version-relative Graph URL of the failed request. */
  url?: string;
}

/** The application permission a Graph path needs, for the "missing permission" message. */
export function permissionFor(method: string | undefined, url: string | undefined): string | undefined {
  if (!url) return undefined;
  const path = pathOf(url).toLowerCase();
  const user = String.raw`\/users(?:\/[^/]+|\('[^']+'\))`;
  const under = (segments: string) => new RegExp(`^${user}\\/(?:${segments})(?:\\/|$)`);
  if (/\/sendmail$/.test(path)) return 'Mail.Send';
  if (/^\/applications(?:\/|\(|$)/.test(path)) return 'Application.Read.All';
  if (under('calendar|calendars|calendarview|events|calendargroups').test(path)) return 'Calendars.ReadWrite';
  if (under('todo').test(path)) return 'Tasks.ReadWrite.All';
  if (under('messages|mailfolders').test(path)) return (method ?? 'GET').toUpperCase() === 'GET' ? 'Mail.Read' : 'Mail.ReadWrite';
  if (new RegExp(`^\\/users(?:\\/[^/]+|\\('[^']+'\\))?\\/?$`).test(path)) return 'User.Read.All';
  return undefined;
}

const RESYNC_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid', 'resyncapplydifferences', 'resyncuploaddifferences', 'resyncchangesapplydifferences', 'resyncchangesuploaddifferences']);
const MAILBOX_MISSING_CODES = new Set(['errorinvaliduser', 'mailboxnotenabledforrestapi', 'mailboxnotfound', 'errornonexistentmailbox', 'request_resourcenotfound']);

export function isResyncCode(code: string | null | undefined): boolean {
  return !!code && RESYNC_CODES.has(code.toLowerCase());
}

/** Turns a failed Graph answer (a GraphError from the SDK, or a $batch part) into a GatewayError. */
export function fromGraphResponse(
  res: { status: number; code?: string | null; message?: string | null; requestId?: string | null; retryAfter?: string | null; location?: string | null },
  ctx: RequestContext = {},
): GatewayError {
  const { status } = res;
  const graphCode = res.code ?? undefined;
  const graphMessage = (res.message ?? '').trim();
  const mailbox = ctx.url ? mailboxFromUrl(ctx.url) : undefined;
  const target = ctx.url ? `${(ctx.method ?? 'GET').toUpperCase()} ${pathOf(ctx.url)}` : 'the request';
  const base = { status, graphCode, requestId: res.requestId ?? undefined, mailbox };
  const said = graphMessage ? ` Graph said: "${graphMessage}"${graphCode ? ` (${graphCode})` : ''}.` : graphCode ? ` (${graphCode})` : '';

  if (status === 410 || isResyncCode(graphCode)) {
    return new FullResyncRequired({ ...base, location: res.location ?? undefined });
  }
  if (status === 429 || status === 503 || status === 504) {
    const seconds = res.retryAfter && /^\d+$/.test(res.retryAfter.trim()) ? Number(res.retryAfter.trim()) : undefined;
    return new GatewayError({
      ...base,
      code: 'throttled',
      retryAfterSeconds: seconds,
      message: `Microsoft Graph kept throttling ${target}${mailbox ? ` for mailbox ${mailbox}` : ''} (${status}) after all retries${seconds !== undefined ? `; it asks to wait ${seconds} s` : ''}. The next sync will continue; lower the number of mailboxes synced at once if this persists.`,
    });
  }
  if (status === 401) {
    return new GatewayError({
      ...base,
      code: 'token_rejected',
      message: `Microsoft Graph rejected the access token for ${target}.${said} Check that the app registration is in the same cloud as the Graph endpoint and has admin-consented application permissions.`,
    });
  }
  if (status === 403) {
    if (/access ?policy|RAOP|ApplicationAccessPolicy/i.test(graphMessage)) {
      return new GatewayError({
        ...base,
        code: 'mailbox_blocked',
        message: `An Exchange application access policy blocks this app from mailbox ${mailbox ?? '(unknown)'}. Add the mailbox to the group allowed by New-ApplicationAccessPolicy, or remove it from the synced mailboxes.${said}`,
      });
    }
    const permission = permissionFor(ctx.method, ctx.url);
    return new GatewayError({
      ...base,
      code: 'missing_permission',
      permission,
      message: permission
        ? `The app lacks the application permission ${permission} for ${target}. In Azure portal > App registrations > API permissions add Microsoft Graph > Application permissions > ${permission}, then grant admin consent.${said}`
        : `Access denied for ${target}: the app lacks an application permission, or admin consent was not granted.${said}`,
    });
  }
  if (status === 404 && graphCode && MAILBOX_MISSING_CODES.has(graphCode.toLowerCase()) && mailbox) {
    return new GatewayError({
      ...base,
      code: 'mailbox_not_found',
      message: `Mailbox ${mailbox} does not exist in this tenant or has no Exchange Online mailbox. Check the address (email or UPN) and its license.${said}`,
    });
  }
  if (status === 404) {
    return new GatewayError({ ...base, code: 'not_found', message: `Not found: ${target}.${said}` });
  }
  if (status === 412) {
    return new GatewayError({ ...base, code: 'precondition_failed', message: `The item changed in Microsoft 365 since it was read (412 on ${target}); it will be compared again on the next sync.${said}` });
  }
  if (status === 400 || status === 405 || status === 409 || status === 413 || status === 415 || status === 422) {
    return new GatewayError({ ...base, code: 'invalid_request', message: `Microsoft Graph refused ${target} (${status}).${said}` });
  }
  return new GatewayError({ ...base, code: 'graph_error', message: `Microsoft Graph failed on ${target} (${status}).${said}`, transient: status >= 500 });
}

/** Any error from a Graph call (GraphError, GatewayError, fetch failure) as a GatewayError. */
export function toGatewayError(err: unknown, ctx: RequestContext = {}): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof GraphError) {
    if (err.statusCode > 0) {
      return fromGraphResponse(
        {
          status: err.statusCode,
          code: err.code,
          message: graphErrorMessage(err),
          requestId: err.requestId,
          retryAfter: err.headers?.get?.('retry-after') ?? null,
          location: err.headers?.get?.('location') ?? null,
        },
        ctx,
      );
    }
    return transportError(err, { method: ctx.method ?? 'GET', url: ctx.url ?? '', timedOut: false });
  }
  if (err instanceof Error) {
    return new GatewayError({ code: 'graph_error', message: `Microsoft Graph call failed: ${err.message}`, cause: err });
  }
  return new GatewayError({ code: 'graph_error', message: `Microsoft Graph call failed: ${String(err)}` });
}

function graphErrorMessage(err: GraphError): string {
  if (err.message) return err.message;
  if (typeof err.body === 'string') {
    try {
      const parsed = JSON.parse(err.body) as { message?: string; error?: { message?: string } };
      return parsed.message ?? parsed.error?.message ?? '';
    } catch {
      return err.body.slice(0, 200);
    }
  }
  return '';
}

export function mailboxFromUrl(url: string): string | undefined {
  const path = pathOf(url);
  const match = /^\/?(?:(?:v1\.0|beta)\/)?users(?:\/([^/?]+)|\('([^']+)'\))/i.exec(path);
  if (!match) return undefined;
  const raw = match[1] ?? match[2];
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function pathOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0];
  }
  path = path.replace(/^\/?(v1\.0|beta)(?=\/)/, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
