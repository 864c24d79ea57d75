// The identity platform as Microsoft documents it for the client-credentials flow
// (learn.microsoft.com: "OAuth 2.0 client credentials flow", "OpenID Connect metadata", AADSTS error codes).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, DEMO, type Emulator } from './index';
import { request, graph, getToken } from './testClient';

let em: Emulator;
before(async () => {
  em = await startEmulator({ seed: 'demo' });
});
after(() => em.close());

const tokenUrl = (tenant: string) => `${em.url}/${tenant}/oauth2/v2.0/token`;
const form = (over: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: DEMO.clientId,
  client_secret: DEMO.clientSecret,
  scope: 'https://graph.microsoft.com/.default',
  ...over,
});

function decode(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

describe('OpenID Connect metadata', () => {
  test('by tenant id and by domain, endpoints on the emulator origin', async () => {
    for (const tenant of [DEMO.tenantId, DEMO.tenantDomain]) {
      const res = await request(`${em.url}/${tenant}/v2.0/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      assert.equal(res.body.token_endpoint, `${em.url}/${DEMO.tenantId}/oauth2/v2.0/token`);
      assert.equal(res.body.issuer, `${em.url}/${DEMO.tenantId}/v2.0`);
      assert.equal(res.body.authorization_endpoint, `${em.url}/${DEMO.tenantId}/oauth2/v2.0/authorize`);
      assert.equal(res.body.jwks_uri, `${em.url}/${DEMO.tenantId}/discovery/v2.0/keys`);
      const keys = await request(res.body.jwks_uri);
      assert.equal(keys.body.keys[0].kty, 'RSA');
    }
  });

  test('unknown tenant answers 400 AADSTS90002', async () => {
    const res = await request(`${em.url}/nosuch.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_tenant');
    assert.deepEqual(res.body.error_codes, [90002]);
    assert.match(res.body.error_description, /^AADSTS90002: Tenant 'nosuch.onmicrosoft.com' not found/);
  });

  test('instance discovery lists the emulator host as its own alias', async () => {
    const res = await request(`${em.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(em.url + '/x/oauth2/v2.0/authorize')}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.metadata[0].aliases, [em.host]);
    assert.equal(res.body.tenant_discovery_endpoint, `${em.url}/{tenant}/v2.0/.well-known/openid-configuration`);
  });
});

describe('token endpoint', () => {
  test('success: Bearer token whose claims carry tid, appid, roles and exp', async () => {
    const res = await request(tokenUrl(DEMO.tenantId), { method: 'POST', form: form() });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3599);
    assert.equal(res.body.ext_expires_in, 3599);
    assert.equal(res.headers['cache-control'], 'no-store, no-cache');
    const claims = decode(res.body.access_token);
    assert.equal(claims.tid, DEMO.tenantId);
    assert.equal(claims.appid, DEMO.clientId);
    assert.deepEqual([...claims.roles].sort(), [...DEMO.permissions].sort());
    const now = Math.floor(Date.now() / 1000);
    assert.ok(claims.exp > now + 3500 && claims.exp <= now + 3600);
  });

  test('scope may also name the emulator itself (with or without a trailing slash), and Graph accepts that token', async () => {
    for (const scope of [`${em.url}/.default`, `${em.url}//.default`, '00000003-0000-0000-c000-000000000000/.default']) {
      const res = await request(tokenUrl(DEMO.tenantDomain), { method: 'POST', form: form({ scope }) });
      assert.equal(res.status, 200, scope);
      assert.equal((await graph(em, res.body.access_token)('/users')).status, 200, scope);
    }
  });

  const cases: Array<[string, string, Record<string, string>, number, string, number]> = [
    ['unknown client id', DEMO.tenantId, { client_id: '00000000-1111-2222-3333-444444444444' }, 400, 'unauthorized_client', 700016],
    ['wrong secret', DEMO.tenantId, { client_secret: 'nope' }, 401, 'invalid_client', 7000215],
    ['unknown tenant', 'nosuch.onmicrosoft.com', {}, 400, 'invalid_request', 90002],
    ['scope without /.default', DEMO.tenantId, { scope: 'https://graph.microsoft.com/User.Read.All' }, 400, 'invalid_scope', 1002012],
    ['unsupported grant', DEMO.tenantId, { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
    ['unknown resource (the doc example)', DEMO.tenantId, { scope: 'https://foo.microsoft.com/.default' }, 400, 'invalid_scope', 70011],
  ];
  for (const [name, tenant, over, status, error, code] of cases) {
    test(`${name} → ${status} ${error} AADSTS${code}`, async () => {
      const res = await request(tokenUrl(tenant), { method: 'POST', form: form(over) });
      assert.equal(res.status, status);
      assert.equal(res.body.error, error);
      assert.deepEqual(res.body.error_codes, [code]);
      assert.match(res.body.error_description, new RegExp(`^AADSTS${code}: .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`, 's'));
      for (const k of ['timestamp', 'trace_id', 'correlation_id']) assert.equal(typeof res.body[k], 'string', k);
    });
  }

  test('expired secret → 401 invalid_client AADSTS7000222', async () => {
    em.control.addTenant({ tenantId: '11111111-2222-3333-4444-555555555555', domain: 'fabrikam.onmicrosoft.com', apps: [{ clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', secret: 's', secretExpired: true, permissions: [] }] });
    const res = await request(tokenUrl('fabrikam.onmicrosoft.com'), { method: 'POST', form: form({ client_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', client_secret: 's' }) });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
    assert.deepEqual(res.body.error_codes, [7000222]);
  });

  test('tokenLifetimeSeconds shortens expires_in', async () => {
    em.control.configure({ tokenLifetimeSeconds: 120 });
    try {
      const res = await request(tokenUrl(DEMO.tenantId), { method: 'POST', form: form() });
      assert.equal(res.body.expires_in, 120);
    } finally {
      em.control.configure({ tokenLifetimeSeconds: 3599 });
    }
  });
});

describe('Graph token checks', () => {
  test('missing, forged and expired tokens → 401 InvalidAuthenticationToken', async () => {
    const none = await request(`${em.url}/v1.0/users`);
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'InvalidAuthenticationToken');
    assert.ok(none.headers['request-id']);
    assert.equal(none.body.error.innerError['request-id'], none.headers['request-id']);

    const forged = await graph(em, 'eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.')('/users');
    assert.equal(forged.status, 401);

    em.control.configure({ tokenLifetimeSeconds: 1 });
    const short = await getToken(em, DEMO.tenantId, DEMO.clientId, DEMO.clientSecret);
    em.control.configure({ tokenLifetimeSeconds: 3599 });
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await graph(em, short)('/users');
    assert.equal(expired.status, 401);
    assert.match(expired.body.error.message, /expired/);
  });

  test('missing role → 403 (Authorization_RequestDenied for users, ErrorAccessDenied for Outlook)', async () => {
    em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: 'b0b0b0b0-0000-0000-0000-000000000001', secret: 'x', permissions: ['Mail.Read'] }] });
    const token = await getToken(em, DEMO.tenantId, 'b0b0b0b0-0000-0000-0000-000000000001', 'x');
    const g = graph(em, token);
    const users = await g('/users');
    assert.equal(users.status, 403);
    assert.equal(users.body.error.code, 'Authorization_RequestDenied');
    const cal = await g(`/users/${DEMO.mailboxes[0]}/events`);
    assert.equal(cal.status, 403);
    assert.equal(cal.body.error.code, 'ErrorAccessDenied');
    assert.equal(cal.body.error.message, 'Access is denied. Check credentials and try again.');
  });

  test('application access policy → 403 ErrorAccessDenied RAOP; unknown mailbox → 404', async () => {
    em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: 'b0b0b0b0-0000-0000-0000-000000000002', secret: 'y', permissions: ['Calendars.ReadWrite', 'User.Read.All'], blockedMailboxes: [DEMO.mailboxes[1]] }] });
    const g = graph(em, await getToken(em, DEMO.tenantId, 'b0b0b0b0-0000-0000-0000-000000000002', 'y'));
    const blocked = await g(`/users/${DEMO.mailboxes[1]}/events`);
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.error.code, 'ErrorAccessDenied');
    assert.match(blocked.body.error.message, /Blocked by tenant configured AppOnly AccessPolicy settings/);
    assert.equal((await g(`/users/${DEMO.mailboxes[0]}/events`)).status, 200);
    const missing = await g('/users/nobody@contoso.onmicrosoft.com/events');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'ErrorInvalidUser');
    const missingUser = await g('/users/nobody@contoso.onmicrosoft.com');
    assert.equal(missingUser.status, 404);
    assert.equal(missingUser.body.error.code, 'Request_ResourceNotFound');
  });

  test('/me is refused for app-only tokens', async () => {
    const g = graph(em, await getToken(em, DEMO.tenantId, DEMO.clientId, DEMO.clientSecret));
    const res = await g('/me/events');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.message, '/me request is only valid with delegated authentication flow.');
  });

  test('users list and get by UPN or id', async () => {
    const g = graph(em, await getToken(em, DEMO.tenantId, DEMO.clientId, DEMO.clientSecret));
    const list = await g('/users');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.value.map((u: any) => u.userPrincipalName), [...DEMO.mailboxes].sort());
    const one = list.body.value[0];
    const byId = await g(`/users/${one.id}?$select=displayName`);
    assert.equal(byId.body.displayName, one.displayName);
    assert.equal(byId.body.mail, undefined);
  });
});
