// The Microsoft identity platform as msal-node's client-credentials flow sees it: tenant metadata,
// instance discovery, keys and the v2.0 token endpoint, with Azure AD's error codes.
import { createHash } from 'node:crypto';
import type { EmulatorCore } from '../core/core';
import { aadError, json, type EmRequest, type EmResponse } from '../core/http';
import { decodeJwt, thumbprintHex, verifyAssertionSignature } from '../core/jwt';
import { guid } from '../core/ids';
import type { AppRegistration, Tenant } from '../state/model';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_RESOURCES = ['https://graph.microsoft.com', 'https://graph.microsoft.com/', GRAPH_APP_ID, 'https://graph.microsoft.us', 'https://dod-graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn'];
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

function tenantNotFound(tenant: string): EmResponse {
  return aadError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
}

function metadata(core: EmulatorCore, tenant: Tenant): Record<string, unknown> {
  const base = `${core.origin}/${tenant.tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${core.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(core.origin).host,
    rbac_url: 'https://pas.windows.net',
  };
}

function openIdConfiguration(core: EmulatorCore, _req: EmRequest, params: Record<string, string>): EmResponse {
  const tenant = core.state.findTenant(params.tenant);
  if (!tenant) return tenantNotFound(params.tenant);
  return json(200, metadata(core, tenant), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=86400, private' });
}

function instanceDiscovery(core: EmulatorCore): EmResponse {
  const host = new URL(core.origin).host;
  return json(200, {
    tenant_discovery_endpoint: `${core.origin}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

function keys(core: EmulatorCore): EmResponse {
  return json(200, core.signer.jwks());
}

function formBody(req: EmRequest): URLSearchParams {
  if (req.body instanceof URLSearchParams) return req.body;
  return new URLSearchParams(req.rawBody);
}

/** Resource identifier of a `<resource>/.default` scope list, or an error. */
function resourceOf(core: EmulatorCore, scope: string | null): { resource?: string; error?: EmResponse } {
  const parts = (scope ?? '').split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  if (parts.length === 0) return { error: aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.") };
  const bad = parts.find((s) => !s.endsWith('/.default'));
  if (bad || parts.length > 1) {
    return { error: aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`) };
  }
  const resource = parts[0].slice(0, -'/.default'.length);
  const known = [...GRAPH_RESOURCES, core.origin, `${core.origin}/`];
  if (!known.includes(resource)) {
    // The client-credentials doc's error example: an unknown resource's scope is an invalid_scope.
    return { error: aadError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${parts[0]} is not valid.`) };
  }
  return { resource };
}

/** The secret's passwordCredential has an end date, and it has passed. */
function secretEnded(app: AppRegistration, secret: string): boolean {
  const credential = app.passwordCredentials.find((c) => c.value === secret);
  return !!credential && Date.parse(credential.endDateTime) <= Date.now();
}

function clientAuthError(core: EmulatorCore, app: AppRegistration, form: URLSearchParams, tokenEndpoint: string): EmResponse | undefined {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (!app.secret || secret !== app.secret) {
      return aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
    }
    if (app.secretExpired || secretEnded(app, secret)) {
      return aadError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`);
    }
    return undefined;
  }
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return aadError(400, 'invalid_request', 700023, "Invalid client assertion type. Expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.");
    }
    const parts = decodeJwt(assertion);
    if (!parts) return aadError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
    const { header, payload } = parts;
    const now = Math.floor(Date.now() / 1000);
    if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
      return aadError(401, 'invalid_client', 700021, 'Client assertion application identifier doesn\'t match \'client_id\' parameter.');
    }
    if (typeof payload.exp !== 'number' || payload.exp < now) return aadError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    const aud = String(payload.aud ?? '');
    const audOk = aud.toLowerCase() === tokenEndpoint.toLowerCase() || aud.toLowerCase().startsWith(core.origin.toLowerCase());
    if (!audOk) return aadError(401, 'invalid_client', 700212, `No matching federated identity record found for presented assertion audience '${aud}'.`);
    const presented = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : typeof header.x5t === 'string' ? header.x5t : undefined;
    const registered = app.certificateThumbprint ? thumbprintHex(app.certificateThumbprint) : undefined;
    if (!presented || !registered || thumbprintHex(presented) !== registered) {
      return aadError(401, 'invalid_client', 700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${presented ? thumbprintHex(presented).toUpperCase() : ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`);
    }
    if (verifyAssertionSignature(parts) === false) return aadError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
    return undefined;
  }
  return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
}

async function token(core: EmulatorCore, req: EmRequest, params: Record<string, string>): Promise<EmResponse> {
  const tenant = core.state.findTenant(params.tenant);
  if (!tenant) {
    return aadError(400, 'invalid_request', 90002, `Tenant '${params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
  }
  const form = formBody(req);
  // client_secret_basic: Authorization: Basic base64(client_id:secret)
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    if (!form.get('client_id')) form.set('client_id', decodeURIComponent(id));
    if (secret !== undefined && form.get('client_secret') === null) form.set('client_secret', decodeURIComponent(secret));
  }
  const grant = form.get('grant_type');
  if (!grant) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grant !== 'client_credentials') {
    return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'. This emulator only implements client_credentials.`);
  }
  const clientId = form.get('client_id');
  if (!clientId) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const app = tenant.apps.get(clientId.toLowerCase());
  if (!app) {
    return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.domain || tenant.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  const tokenEndpoint = `${core.origin}/${params.tenant}/oauth2/v2.0/token`;
  const authError = clientAuthError(core, app, form, tokenEndpoint);
  if (authError) return authError;
  const { resource, error } = resourceOf(core, form.get('scope'));
  if (error) return error;
  const now = Math.floor(Date.now() / 1000);
  const lifetime = core.config.tokenLifetimeSeconds;
  const accessToken = core.signer.sign({
    aud: resource === GRAPH_APP_ID ? 'https://graph.microsoft.com' : resource,
    iss: `https://sts.windows.net/${tenant.tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    aio: guid(),
    app_displayname: `app ${app.clientId}`,
    appid: app.clientId,
    appidacr: form.get('client_assertion') ? '2' : '1',
    idp: `https://sts.windows.net/${tenant.tenantId}/`,
    idtyp: 'app',
    oid: createHash('sha256').update(app.clientId).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
    roles: [...app.permissions],
    sub: app.clientId,
    tid: tenant.tenantId,
    uti: guid().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
  });
  return json(
    200,
    { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken },
    { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
  );
}

export function registerIdentityRoutes(core: EmulatorCore): void {
  const r = core.identityRouter;
  r.add('GET', '/common/discovery/instance', instanceDiscovery);
  r.add('GET', '/{tenant}/discovery/instance', instanceDiscovery);
  r.add('GET', '/{tenant}/v2.0/.well-known/openid-configuration', openIdConfiguration);
  r.add('GET', '/{tenant}/.well-known/openid-configuration', openIdConfiguration);
  r.add('GET', '/{tenant}/discovery/v2.0/keys', keys);
  r.add('GET', '/{tenant}/discovery/keys', keys);
  r.add('POST', '/{tenant}/oauth2/v2.0/token', token);
}
