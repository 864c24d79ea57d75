// App registrations: GET /applications/{id} and /applications(appId='{appId}') ("Get application", v1.0).
// Application permissions, least privileged first: Application.Read.All, Application.ReadWrite.OwnedBy,
// Application.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All; without one of them the
// directory answers 403 Authorization_RequestDenied like every directory object.
import type { EmulatorCore } from '../core/core';
import { graphError, json } from '../core/http';
import type { GraphCtx } from '../core/graphRoute';
import type { AppRegistration, PasswordCredentialRecord } from '../state/model';
import { applySelect, contextUrl } from './odata';

export const APPLICATION_READ_ROLES = ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

/** Graph never returns a secret's value after addPassword: secretText is null, the hint its first three characters. */
function passwordCredentialJson(c: PasswordCredentialRecord): Record<string, unknown> {
  return { customKeyIdentifier: null, displayName: c.displayName, endDateTime: c.endDateTime, hint: c.hint, keyId: c.keyId, secretText: null, startDateTime: c.startDateTime };
}

function applicationJson(app: AppRegistration): Record<string, unknown> {
  return {
    id: app.objectId,
    deletedDateTime: null,
    appId: app.clientId,
    displayName: app.displayName,
    signInAudience: 'AzureADMyOrg',
    keyCredentials: [],
    passwordCredentials: app.passwordCredentials.map(passwordCredentialJson),
  };
}

function answer(ctx: GraphCtx, app: AppRegistration | undefined, asked: string) {
  if (!app) return graphError(ctx.req, 404, 'Request_ResourceNotFound', `Resource '${asked}' does not exist or one of its queried reference-property objects are not present.`);
  const select = ctx.req.query.get('$select');
  return json(200, { '@odata.context': contextUrl(ctx.req, select ? `applications(${select})/$entity` : 'applications/$entity'), ...applySelect(applicationJson(app), select) });
}

const appsOf = (ctx: GraphCtx) => [...(ctx.core.state.findTenant(ctx.claims.tid)?.apps.values() ?? [])];

export function registerApplicationRoutes(core: EmulatorCore): void {
  const spec = { service: 'directory' as const, anyRole: APPLICATION_READ_ROLES };
  core.graphRouter.add('GET', "/v1.0/applications(appId='{appId}')", {
    spec,
    renders: 'application',
    handler: (ctx, p) => answer(ctx, appsOf(ctx).find((a) => a.clientId.toLowerCase() === p.appId.toLowerCase()), p.appId),
  });
  core.graphRouter.add('GET', '/v1.0/applications/{id}', {
    spec,
    renders: 'application',
    handler: (ctx, p) => answer(ctx, appsOf(ctx).find((a) => a.objectId.toLowerCase() === p.id.toLowerCase()), p.id),
  });
}
