// Directory users: GET /users and /users/{id|upn}.
import type { EmulatorCore } from '../core/core';
import { json } from '../core/http';
import { ROLES, type GraphCtx } from '../core/graphRoute';
import type { UserRecord } from '../state/model';
import { applySelect, contextUrl, linkWith } from './odata';

export function userJson(u: UserRecord): Record<string, unknown> {
  const [given, ...rest] = u.displayName.split(' ');
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.shared ? null : given ?? null,
    jobTitle: null,
    mail: u.address,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: u.shared ? null : rest.join(' ') || null,
    userPrincipalName: u.address,
    id: u.id,
  };
}

function listUsers(ctx: GraphCtx) {
  const { req, core, claims } = ctx;
  const all = core.state.usersOf(claims.tid);
  const top = Math.min(999, Number(req.query.get('$top') ?? 100) || 100);
  const offset = Number(req.query.get('$skiptoken') ?? 0) || 0;
  const page = all.slice(offset, offset + top);
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(req, 'users'),
    value: page.map((u) => applySelect(userJson(u), req.query.get('$select'))),
  };
  if (offset + top < all.length) {
    const params: Record<string, string> = { $top: String(top), $skiptoken: String(offset + top) };
    if (req.query.get('$select')) params.$select = req.query.get('$select') as string;
    body['@odata.nextLink'] = linkWith(req, '/v1.0/users', params);
  }
  return json(200, body);
}

function getUser(ctx: GraphCtx) {
  return json(200, { '@odata.context': contextUrl(ctx.req, 'users/$entity'), ...applySelect(userJson(ctx.user), ctx.req.query.get('$select')) });
}

export function registerUserRoutes(core: EmulatorCore): void {
  const spec = { service: 'directory' as const, anyRole: [...ROLES.usersRead] };
  core.graphRouter.add('GET', '/v1.0/users', { spec, handler: listUsers, renders: 'user' });
  core.graphRouter.add('GET', '/v1.0/users/{user}', { spec, handler: getUser, renders: 'user' });
}
