// Graph v1.0 /subscriptions: create (validation handshake), list, get, renew (PATCH), delete, reauthorize.
// An app reads and manages only its own subscriptions, and needs a read role for the resource.
import type { EmulatorCore } from '../../core/core';
import { GraphHttpError, json, noContent } from '../../core/http';
import type { GraphCtx } from '../../core/graphRoute';
import { contextUrl, parseJsonBody } from '../odata';
import { READ_ROLES, extensionError, parseResource, type Target } from './resources';
import type { SubscriptionRecord } from './store';

type Operation = 'Create' | 'Update' | 'Get' | 'Delete' | 'Reauthorize';

function requireRole(ctx: GraphCtx, kind: Target['kind'], operation: Operation): void {
  if (!ctx.claims.roles.some((r) => READ_ROLES[kind].includes(r))) throw extensionError(403, operation, 'Access is denied. Check credentials and try again.');
}

function appOf(ctx: GraphCtx) {
  return ctx.core.state.findTenant(ctx.claims.tid)?.apps.get(ctx.claims.appid.toLowerCase());
}

/** This app's live subscription, or 404: an expired or foreign one does not exist for the caller. */
function own(ctx: GraphCtx, id: string, operation: Operation): SubscriptionRecord {
  const s = ctx.core.subscriptions.get(id);
  if (!s || s.applicationId.toLowerCase() !== ctx.claims.appid.toLowerCase() || s.tenantId.toLowerCase() !== ctx.claims.tid.toLowerCase()) {
    throw new GraphHttpError(404, 'ResourceNotFound', `The object was not found. Subscription '${id}' does not exist or has expired.`);
  }
  requireRole(ctx, s.target.kind, operation);
  return s;
}

const entity = (ctx: GraphCtx, s: SubscriptionRecord) => ({ '@odata.context': contextUrl(ctx.req, 'subscriptions/$entity'), ...ctx.core.subscriptions.render(s) });

async function create(ctx: GraphCtx) {
  const body = parseJsonBody(ctx.req);
  const parsed = typeof body.resource === 'string' ? parseResource(body.resource) : undefined;
  if (parsed) {
    requireRole(ctx, parsed.kind, 'Create');
    const user = ctx.core.state.findUser(parsed.user);
    // An Exchange application access policy keeps the app from subscribing to that mailbox's mail and calendar.
    if (user && parsed.kind !== 'todoTask' && appOf(ctx)?.blockedMailboxes.includes(user.address.toLowerCase())) {
      throw extensionError(403, 'Create', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
    }
  }
  const app = appOf(ctx);
  const s = await ctx.core.subscriptions.create({ tenantId: ctx.claims.tid, applicationId: ctx.claims.appid, creatorId: app?.objectId ?? ctx.claims.appid, body });
  return json(201, entity(ctx, s));
}

function list(ctx: GraphCtx) {
  const mine = ctx.core.subscriptions.all().filter((s) => s.applicationId.toLowerCase() === ctx.claims.appid.toLowerCase() && s.tenantId.toLowerCase() === ctx.claims.tid.toLowerCase());
  return json(200, { '@odata.context': contextUrl(ctx.req, 'subscriptions'), value: mine.map((s) => ctx.core.subscriptions.render(s)) });
}

function get(ctx: GraphCtx, p: Record<string, string>) {
  return json(200, entity(ctx, own(ctx, p.id, 'Get')));
}

function renew(ctx: GraphCtx, p: Record<string, string>) {
  const s = own(ctx, p.id, 'Update');
  const body = parseJsonBody(ctx.req);
  const others = Object.keys(body).filter((k) => k !== 'expirationDateTime' && k !== 'notificationUrl');
  if (others.length) throw new GraphHttpError(400, 'InvalidRequest', `Only expirationDateTime (and notificationUrl) can be updated; not ${others.join(', ')}.`);
  s.expirationMs = ctx.core.subscriptions.expiration(body.expirationDateTime, s.target);
  return json(200, entity(ctx, s));
}

function remove(ctx: GraphCtx, p: Record<string, string>) {
  ctx.core.subscriptions.delete(own(ctx, p.id, 'Delete').id);
  return noContent();
}

/** "subscription: reauthorize": answers a reauthorizationRequired challenge; 204 No Content. */
function reauthorize(ctx: GraphCtx, p: Record<string, string>) {
  own(ctx, p.id, 'Reauthorize');
  return noContent();
}

export function registerSubscriptionRoutes(core: EmulatorCore): void {
  // Roles are checked per resource in the handlers (the route itself names no resource).
  const spec = { service: 'subscriptions' as const, anyRole: [] };
  const r = core.graphRouter;
  r.add('POST', '/v1.0/subscriptions', { spec, handler: create, accepts: { type: 'subscription' }, renders: 'subscription' });
  r.add('GET', '/v1.0/subscriptions', { spec, handler: list, renders: 'subscription' });
  r.add('POST', '/v1.0/subscriptions/{id}/reauthorize', { spec, handler: reauthorize });
  r.add('GET', '/v1.0/subscriptions/{id}', { spec, handler: get, renders: 'subscription' });
  r.add('PATCH', '/v1.0/subscriptions/{id}', { spec, handler: renew, accepts: { type: 'subscription' }, renders: 'subscription' });
  r.add('DELETE', '/v1.0/subscriptions/{id}', { spec, handler: remove });
}
