// The real client libraries against the emulator: msal-node 7 (client credentials, secret and
// certificate) and @microsoft/microsoft-graph-client 3 (PageIterator over a delta, RetryHandler on 429).
// Node reads NODE_EXTRA_CA_CERTS only at start-up, so without it this file re-runs itself in a child
// process that has it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureCertificates, startEmulator, DEMO, type Emulator } from './index';
import { selfSignedClientCertificate } from './clientCertificate';

const caPath = path.join(__dirname, '.certs', 'ca.pem');

if (process.env.NODE_EXTRA_CA_CERTS !== caPath) {
  test('msal-node and graph-client against the emulator (child process with NODE_EXTRA_CA_CERTS)', async () => {
    await ensureCertificates();
    // NODE_TEST_CONTEXT would make the child report in the runner's binary protocol instead of TAP.
    const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', __filename], {
      env: { ...env, NODE_EXTRA_CA_CERTS: caPath },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.status, 0, `${child.stdout}\n${child.stderr}`);
    assert.match(child.stdout, /# pass [1-9]/);
    assert.match(child.stdout, /# fail 0/);
  });
} else {
  // Loaded lazily: only the child needs them.
  const { ConfidentialClientApplication } = require('@azure/msal-node') as typeof import('@azure/msal-node');
  const { Client, PageIterator } = require('@microsoft/microsoft-graph-client') as typeof import('@microsoft/microsoft-graph-client');

  let em: Emulator;
  before(async () => {
    em = await startEmulator({ seed: 'demo' });
  });
  after(() => em.close());

  const msalApp = (tenant: string, auth: Record<string, unknown>) =>
    new ConfidentialClientApplication({
      auth: { clientId: DEMO.clientId, authority: `${em.url}/${tenant}`, knownAuthorities: [em.host], ...auth },
    });

  describe('msal-node ConfidentialClientApplication', () => {
    test('acquires a token with a client secret (tenant id and domain)', async () => {
      for (const tenant of [DEMO.tenantId, DEMO.tenantDomain]) {
        const app = msalApp(tenant, { clientSecret: DEMO.clientSecret });
        const result = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
        assert.ok(result?.accessToken);
        const claims = JSON.parse(Buffer.from(result.accessToken.split('.')[1], 'base64url').toString());
        assert.equal(claims.tid, DEMO.tenantId);
        assert.ok(result.expiresOn && result.expiresOn.getTime() > Date.now() + 3000_000);
      }
    });

    test('surfaces AADSTS7000215 for a wrong secret', async () => {
      const app = msalApp(DEMO.tenantId, { clientSecret: 'wrong' });
      await assert.rejects(app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }), (err: any) => {
        assert.equal(err.errorCode, 'invalid_client');
        assert.match(err.errorMessage, /AADSTS7000215/);
        return true;
      });
    });

    test('acquires a token with a certificate (client assertion, x5t#S256)', async () => {
      const certificate = selfSignedClientCertificate('emulator client');
      em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: DEMO.clientId, secret: DEMO.clientSecret, certificateThumbprint: certificate.thumbprintSha256, permissions: [...DEMO.permissions] }] });
      const app = msalApp(DEMO.tenantId, { clientCertificate: certificate });
      const result = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
      assert.ok(result?.accessToken);
    });
  });

  describe('@microsoft/microsoft-graph-client', () => {
    const client = (token: () => Promise<string>) =>
      Client.initWithMiddleware({ authProvider: { getAccessToken: token }, baseUrl: em.url, customHosts: new Set(['127.0.0.1']) });
    const msalToken = async () => {
      const app = msalApp(DEMO.tenantId, { clientSecret: DEMO.clientSecret });
      const r = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
      return r!.accessToken;
    };

    test('PageIterator pages a calendarView delta to its deltaLink', async () => {
      const token = await msalToken();
      const c = client(async () => token);
      const start = new Date(Date.now() - 30 * 86400000).toISOString();
      const end = new Date(Date.now() + 365 * 86400000).toISOString();
      const options = { headers: { Prefer: 'odata.maxpagesize=3' } };
      const first = await c.api(`/users/${DEMO.mailboxes[0]}/calendarView/delta`).query({ startDateTime: start, endDateTime: end }).headers(options.headers).get();
      const seen: any[] = [];
      const it = new PageIterator(c, first, (e) => (seen.push(e), true), options);
      await it.iterate();
      assert.ok(seen.length >= 10, `saw ${seen.length}`);
      assert.equal(new Set(seen.map((e) => e.id)).size, seen.length);
      assert.ok(it.getDeltaLink()?.includes('$deltatoken='));
      assert.ok(seen.every((e) => e.type !== 'seriesMaster'));
      const stats = em.control.stats();
      assert.ok(stats.byRoute['GET /v1.0/users/{user}/calendarView/delta'] >= 4);
    });

    test('RetryHandler honours Retry-After on an injected 429', async () => {
      const token = await msalToken();
      em.control.addFault({ pathPattern: '/users$', status: 429, retryAfterSeconds: 1, times: 1 });
      const t0 = Date.now();
      const users = await client(async () => token).api('/users').get();
      assert.equal(users.value.length, 3);
      assert.ok(Date.now() - t0 >= 900, 'waited for Retry-After');
      const statuses = em.control.requests().filter((r) => r.route === '/v1.0/users').map((r) => r.status);
      assert.deepEqual(statuses.slice(-2), [429, 200]);
    });
  });
}
