// The emulator's engine: state plus the request pipeline every Graph call (batch parts included) passes:
// log → route → auth (401) → roles (403) → mailbox (404) → access policy (403) → concurrency (429)
// → scripted faults → latency → handler.
import { EmulatorState } from '../state/store';
import type { UserRecord } from '../state/model';
import { FaultRegistry } from './faults';
import { RequestLog, type RequestRecord } from './requestLog';
import { MailboxConcurrency } from './throttle';
import { TokenSigner } from './jwt';
import { Router } from './router';
import { DeltaStore } from '../graph/delta';
import { graphError, GraphHttpError, aadError, json, queryParam, type EmRequest, type EmResponse } from './http';
import type { AccessClaims, GraphCtx, GraphRouteEntry, GraphService } from './graphRoute';
import { checkRenderedBody, checkRequestBody, unknownQueryProperty } from '../schema/check';
import { NotificationDelivery } from '../graph/subscriptions/delivery';
import { SubscriptionStore } from '../graph/subscriptions/store';

export interface EmulatorConfig {
  latencyMs: number;
  maxConcurrencyPerMailbox: number;
  tokenLifetimeSeconds: number;
  defaultPageSize: number;
  /** Change notifications: the validation request's timeout (Graph: 10 s). */
  validationTimeoutMs: number;
  /** A notification POST slower than this fails and is retried. */
  notificationTimeoutMs: number;
  /** Retries after a failed notification POST before it is dropped. */
  notificationRetries: number;
  /** First retry wait; doubles per retry. */
  notificationRetryBaseMs: number;
  /** Changes within this window go out in one POST per notificationUrl. */
  notificationBatchMs: number;
  /** Caps every subscription's lifetime at this many minutes (0: the documented maximum per resource). */
  maxSubscriptionMinutes: number;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  latencyMs: 0,
  maxConcurrencyPerMailbox: 4,
  tokenLifetimeSeconds: 3599,
  defaultPageSize: 10,
  validationTimeoutMs: 10_000,
  notificationTimeoutMs: 10_000,
  notificationRetries: 3,
  notificationRetryBaseMs: 1_000,
  notificationBatchMs: 20,
  maxSubscriptionMinutes: 0,
};

export type IdentityHandler = (core: EmulatorCore, req: EmRequest, params: Record<string, string>) => EmResponse | Promise<EmResponse>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Graph refuses request bodies over 4 MB (e.g. sendMail with large attachments). */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Audiences Graph accepts: its own resource ids in every cloud (the emulator's origin is added at check time). */
const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.us', 'https://dod-graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn'];

const OUTLOOK_SERVICES = new Set<GraphService>(['calendar', 'mail']);

export class EmulatorCore {
  readonly state = new EmulatorState();
  readonly faults = new FaultRegistry();
  readonly log = new RequestLog();
  readonly signer = new TokenSigner();
  readonly delta = new DeltaStore();
  readonly config: EmulatorConfig = { ...DEFAULT_CONFIG };
  readonly throttle = new MailboxConcurrency(DEFAULT_CONFIG.maxConcurrencyPerMailbox);
  readonly graphRouter = new Router<GraphRouteEntry>();
  readonly identityRouter = new Router<IdentityHandler>();
  readonly notifications = new NotificationDelivery(() => this.config);
  readonly subscriptions = new SubscriptionStore(this.state, this.notifications, () => this.config.maxSubscriptionMinutes);
  /** Set once the server listens: https://127.0.0.1:PORT */
  origin = '';
  /** When set, delta answers write their nextLink/deltaLink on this origin instead (a foreign host). */
  linkOrigin: string | null = null;
  /** Checks every answer against Graph's schema; a body Graph would never send becomes a 500 that names it. */
  checkResponses = true;

  constructor() {
    // Every item write, through Graph or the control API, is offered to the subscriptions.
    this.state.onChange = (change) => this.subscriptions.onChange(change);
  }

  configure(patch: Partial<EmulatorConfig>): EmulatorConfig {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (!(k in this.config) || typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TypeError(`Invalid config ${k}=${String(v)}`);
      (this.config as unknown as Record<string, number>)[k] = v;
    }
    this.throttle.limit = this.config.maxConcurrencyPerMailbox;
    return { ...this.config };
  }

  /** Token endpoint, metadata and discovery. */
  async handleIdentity(req: EmRequest): Promise<EmResponse> {
    const started = Date.now();
    const match = this.identityRouter.match(req);
    const kind: RequestRecord['kind'] = /\/oauth2\/(v2\.0\/)?token$/i.test(req.path) ? 'token' : 'identity';
    const release = this.log.enter(undefined);
    let res: EmResponse;
    try {
      const fault = this.faults.take({ method: req.method, pathAndQuery: pathAndQuery(req), inBatch: false });
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.status === 0) res = DROP_CONNECTION;
      else if (fault && fault.status >= 400) {
        const retry = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined;
        // Azure AD answers overload and outages as temporarily_unavailable (AADSTS90033 "transient error").
        const transient = fault.status >= 500 || fault.status === 429;
        res = aadError(fault.status, fault.code ?? (transient ? 'temporarily_unavailable' : 'invalid_request'), transient ? 90033 : 90000, fault.message ?? 'A transient error has occurred. Please try again.', retry);
      } else {
        if (this.config.latencyMs) await sleep(this.config.latencyMs);
        if (!match.found) res = json(404, { error: 'not_found', error_description: `No identity endpoint at ${req.path}` });
        else res = await match.found.route.handler(this, req, match.found.params);
      }
    } catch (err) {
      res = json(500, { error: 'server_error', error_description: String(err) });
    } finally {
      release();
    }
    this.record(req, res, started, kind, match.found?.route.template);
    return withIds(req, res);
  }

  /** One Graph request (top-level or a $batch part). */
  async handleGraph(req: EmRequest): Promise<EmResponse> {
    const started = Date.now();
    const match = this.graphRouter.match(req);
    const userParam = match.found?.params.user;
    const user = userParam ? this.state.findUser(userParam) : undefined;
    const mailbox = userParam ? (user?.address ?? userParam).toLowerCase() : undefined;
    const isBatch = match.found?.route.handler.spec.service === 'batch';
    const release = this.log.enter(isBatch ? undefined : mailbox);
    let slot: (() => void) | undefined;
    let res: EmResponse;
    try {
      res = await this.runGraph(req, match, user, mailbox, (s) => (slot = s));
    } catch (err) {
      res = err instanceof GraphHttpError ? graphError(req, err.status, err.code, err.message, err.headers) : graphError(req, 500, 'generalException', `Emulator error: ${String(err instanceof Error ? err.stack : err)}`);
    } finally {
      slot?.();
      release();
    }
    this.record(req, res, started, isBatch ? 'batch' : 'graph', match.found?.route.template, mailbox);
    return withIds(req, res);
  }

  private async runGraph(
    req: EmRequest,
    match: ReturnType<Router<GraphRouteEntry>['match']>,
    user: UserRecord | undefined,
    mailbox: string | undefined,
    holdSlot: (release: () => void) => void,
  ): Promise<EmResponse> {
    if (/^\/v1\.0\/me(\/|$)/i.test(req.path)) {
      // App-only tokens have no signed-in user: Graph refuses /me outright.
      this.authenticate(req);
      return graphError(req, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    }
    if (!match.found) {
      if (match.methodMismatch) return graphError(req, 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
      const segment = req.path.split('/').filter(Boolean).pop() ?? '';
      return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    }
    const { route, params } = match.found;
    const { spec, handler } = route.handler;

    const tokenClaims = this.authenticate(req);
    if (Buffer.byteLength(req.rawBody) > MAX_REQUEST_BYTES) {
      return graphError(req, 413, 'RequestEntityTooLarge', 'The request exceeds the maximum size of 4 MB that Microsoft Graph accepts; use an upload session for large attachments.');
    }
    if (spec.anyRole.length > 0 && !tokenClaims.roles.some((r) => spec.anyRole.includes(r))) {
      return spec.service === 'directory'
        ? graphError(req, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
        : graphError(req, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    if ('user' in params) {
      if (!user || user.tenantId.toLowerCase() !== tokenClaims.tid.toLowerCase()) {
        return spec.service === 'directory'
          ? graphError(req, 404, 'Request_ResourceNotFound', `Resource '${params.user}' does not exist or one of its queried reference-property objects are not present.`)
          : graphError(req, 404, 'ErrorInvalidUser', `The requested user '${params.user}' is invalid.`);
      }
      if (OUTLOOK_SERVICES.has(spec.service)) {
        const app = this.state.findTenant(tokenClaims.tid)?.apps.get(tokenClaims.appid.toLowerCase());
        if (app?.blockedMailboxes.includes(user.address.toLowerCase())) {
          return graphError(req, 403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
        }
      }
    }
    if (mailbox && spec.service !== 'directory' && spec.service !== 'batch') {
      const slot = this.throttle.tryAcquire(`${tokenClaims.appid}|${mailbox}`);
      if (!slot) {
        return graphError(req, 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'retry-after': '1' });
      }
      holdSlot(slot);
    }
    const isBatch = spec.service === 'batch';
    const fault = this.faults.take({ method: req.method, pathAndQuery: pathAndQuery(req), mailbox: isBatch ? undefined : mailbox, inBatch: req.inBatch });
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status === 0) return req.inBatch ? faultResponse(req, 502, 'BadGateway', 'The connection to the backend was reset.', undefined) : DROP_CONNECTION;
    if (fault && fault.status >= 400) return faultResponse(req, fault.status, fault.code, fault.message, fault.retryAfterSeconds);
    // Parts carry the latency; the envelope only waits for them.
    if (this.config.latencyMs && !isBatch) await sleep(this.config.latencyMs);
    if (route.handler.renders) {
      const unknown = unknownQueryProperty(route.handler.renders, queryParam(req, '$select'), queryParam(req, '$expand'));
      if (unknown) {
        // Outlook answers RequestBroker--ParseUri; the directory and To Do the OData parser's BadRequest.
        const message = `Could not find a property named '${unknown.property}' on type 'microsoft.graph.${unknown.type}'.`;
        return OUTLOOK_SERVICES.has(spec.service) ? graphError(req, 400, 'RequestBroker--ParseUri', message) : graphError(req, 400, 'BadRequest', `Parsing OData Select and Expand failed: ${message}`);
      }
    }
    if (route.handler.accepts && isJsonObject(req.body)) {
      const [violation] = checkRequestBody(route.handler.accepts, req.body);
      if (violation) return graphError(req, 400, 'RequestBodyRead', violation.message);
    }
    const ctx: GraphCtx = { core: this, req, claims: tokenClaims, user: user as UserRecord };
    const res = await handler(ctx, params);
    return route.handler.renders && this.checkResponses ? rendersPerSchema(req, res, route.handler.renders) : res;
  }

  /** Verifies the bearer token; throws 401 like Graph. */
  private authenticate(req: EmRequest): AccessClaims {
    const header = req.headers.authorization ?? '';
    const wwwAuth = { 'www-authenticate': `Bearer realm="", authorization_uri="${this.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"` };
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!token) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token is empty.', wwwAuth);
    const claims = this.signer.verify(token);
    if (!claims) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.) or the signature is invalid.', wwwAuth);
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', wwwAuth);
    if (typeof claims.nbf === 'number' && claims.nbf > now + 300) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is not yet valid.', wwwAuth);
    const aud = String(claims.aud ?? '').replace(/\/$/, '');
    if (!GRAPH_AUDIENCES.includes(aud) && aud !== this.origin) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.', wwwAuth);
    const tid = String(claims.tid ?? '');
    const tenant = this.state.findTenant(tid);
    if (!tenant) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.', wwwAuth);
    const roles = Array.isArray(claims.roles) ? (claims.roles as string[]) : [];
    return { tid, appid: String(claims.appid ?? ''), roles, exp: claims.exp };
  }

  private record(req: EmRequest, res: EmResponse, started: number, kind: RequestRecord['kind'], route: string | undefined, mailbox?: string): void {
    this.log.add({
      method: req.method,
      path: pathAndQuery(req),
      route,
      mailbox,
      status: res.status,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      inBatch: req.inBatch,
      kind,
    });
  }
}

const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof URLSearchParams);

/** The emulator's own guard: it must never answer with a property or value Graph's schema lacks. */
function rendersPerSchema(req: EmRequest, res: EmResponse, type: string): EmResponse {
  if (res.status >= 300 || !isJsonObject(res.body)) return res;
  const violations = checkRenderedBody(type, res.body);
  if (violations.length === 0) return res;
  const list = violations.slice(0, 5).map((v) => `${v.path}: ${v.message}`).join(' | ');
  return graphError(req, 500, 'generalException', `Emulator rendered a ${type} body outside Graph's schema: ${list}`);
}

/** Marker response: the server resets the TCP connection instead of answering (fault status 0). */
export const DROP_CONNECTION: EmResponse = Object.freeze({ status: 0, headers: {} }) as EmResponse;

export function pathAndQuery(req: Pick<EmRequest, 'path' | 'query'>): string {
  const q = req.query.toString();
  return q ? `${req.path}?${q}` : req.path;
}

const DEFAULT_FAULT_CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'Injected bad request.'],
  401: ['InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'],
  403: ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
  404: ['ErrorItemNotFound', 'The specified object was not found in the store.'],
  409: ['ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.'],
  410: ['syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.'],
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['generalException', 'An internal server error occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
  504: ['GatewayTimeout', 'The request timed out.'],
};

function faultResponse(req: EmRequest, status: number, code: string | undefined, message: string | undefined, retryAfter: number | undefined): EmResponse {
  const [defCode, defMessage] = DEFAULT_FAULT_CODES[status] ?? ['UnknownError', 'Injected fault.'];
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  return graphError(req, status, code ?? defCode, message ?? defMessage, headers);
}

function withIds(req: EmRequest, res: EmResponse): EmResponse {
  if (res === DROP_CONNECTION) return res;
  res.headers['request-id'] = req.requestId;
  res.headers['client-request-id'] = req.headers['client-request-id'] ?? req.requestId;
  res.headers['x-ms-ags-diagnostic'] = JSON.stringify({ ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'emulator' } });
  return res;
}
