import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { GatewayError, type Gateway } from '../../server/src/graph';
import { DEMO, MAILBOX, demoGateway, rejectionOf, startTestEmulator, useTestEmulator } from './support';

const NO_PERMISSIONS_APP = '0a0a0a0a-0000-4000-8000-000000000001';
const BLOCKED_APP = '0a0a0a0a-0000-4000-8000-000000000002';
const EXPIRED_APP = '0a0a0a0a-0000-4000-8000-000000000003';
const SECRET = 'errors-test-secret~0123456789';

async function failure(gateway: Gateway, method: string, url: string, body?: unknown): Promise<GatewayError> {
  const err = await rejectionOf(() => gateway.request({ method, url, body }));
  assert.ok(err instanceof GatewayError, `not a GatewayError: ${String(err)}`);
  return err;
}

/** An https server whose certificate no CA vouches for. */
async function untrustedServer(): Promise<{ url: string; close(): void }> {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3600_000);
  cert.setSubject([{ name: 'commonName', value: '127.0.0.1' }]);
  cert.setIssuer([{ name: 'commonName', value: '127.0.0.1' }]);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const server = https.createServer({ cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** A port nothing listens on (fetch refuses "bad ports" such as 9 before connecting). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('error mapping against the emulator', () => {
  const emulator = useTestEmulator({
    apps: [
      { clientId: NO_PERMISSIONS_APP, secret: SECRET, permissions: [] },
      { clientId: BLOCKED_APP, secret: SECRET, permissions: [...DEMO.permissions], blockedMailboxes: [MAILBOX] },
      { clientId: EXPIRED_APP, secret: SECRET, secretExpired: true, permissions: [...DEMO.permissions] },
    ],
  });

  test('a missing application permission is named, per resource', async () => {
    const gateway = demoGateway(emulator, { clientId: NO_PERMISSIONS_APP, clientSecret: SECRET });
    const cases: Array<[string, string, string, unknown?]> = [
      ['GET', `/users/${MAILBOX}/calendarView/delta?startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z`, 'Calendars.ReadWrite'],
      ['POST', `/users/${MAILBOX}/events`, 'Calendars.ReadWrite', { subject: 'x' }],
      ['GET', '/users?$top=1', 'User.Read.All'],
    ];
    for (const [method, url, permission, body] of cases) {
      const err = await failure(gateway, method, url, body);
      assert.equal(err.code, 'missing_permission', url);
      assert.equal(err.status, 403);
      assert.equal(err.permission, permission, url);
      assert.match(err.message, new RegExp(`${permission.replace('.', '\\.')}.*admin consent`));
    }
  });

  test('an application access policy blocking the mailbox is not mistaken for a missing permission', async () => {
    const err = await failure(demoGateway(emulator, { clientId: BLOCKED_APP, clientSecret: SECRET }), 'GET', `/users/${MAILBOX}/events`);
    assert.equal(err.code, 'mailbox_blocked');
    assert.equal(err.mailbox, MAILBOX);
    assert.match(err.message, /application access policy/);
  });

  test('an expired secret is "expired_secret"', async () => {
    const err = await rejectionOf(() => demoGateway(emulator, { clientId: EXPIRED_APP, clientSecret: SECRET }).getAccessToken());
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'expired_secret');
    assert.match(err.message, /expired/);
    assert.ok(!err.message.includes(SECRET));
  });

  test('a mailbox that does not exist, an item that does not, and a stale change key', async () => {
    const gateway = demoGateway(emulator);
    const nobody = await failure(gateway, 'GET', '/users/nobody@contoso.onmicrosoft.com/events');
    assert.equal(nobody.code, 'mailbox_not_found');
    assert.equal(nobody.mailbox, 'nobody@contoso.onmicrosoft.com');
    const directory = await failure(gateway, 'GET', '/users/nobody@contoso.onmicrosoft.com');
    assert.equal(directory.code, 'mailbox_not_found');
    const item = await failure(gateway, 'GET', `/users/${MAILBOX}/events/AAMkAGdoesnotexist`);
    assert.equal(item.code, 'not_found');

    const created = await gateway.request<{ id: string }>({
      method: 'POST',
      url: `/users/${MAILBOX}/events`,
      body: { subject: 'etag', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } },
    });
    const err = await rejectionOf(() =>
      gateway.request({ method: 'PATCH', url: `/users/${MAILBOX}/events/${created.id}`, body: { subject: 'y' }, headers: { 'If-Match': 'W/"stale"' } }),
    );
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'precondition_failed');
    assert.equal(err.status, 412);
  });

  test('a token from another identity platform is "token_rejected" by Graph', async () => {
    const other = await startTestEmulator();
    try {
      // token from `other`, Graph calls to `emulator`: signature check fails with 401
      const gateway = demoGateway(other, { graphBaseUrl: emulator.graphBaseUrl });
      const err = await failure(gateway, 'GET', `/users/${MAILBOX}/events`);
      assert.equal(err.code, 'token_rejected');
      assert.equal(err.status, 401);
    } finally {
      await other.close();
    }
  });

  test('Graph unreachable or with an untrusted certificate: "network" with the reason', async () => {
    const refused = await failure(demoGateway(emulator, { graphBaseUrl: `https://127.0.0.1:${await closedPort()}`, maxRetries: 1, maxRetryDelayMs: 50 }), 'GET', `/users/${MAILBOX}/events`);
    assert.equal(refused.code, 'network');
    assert.match(refused.message, /ECONNREFUSED/);

    const server = await untrustedServer();
    try {
      const tls = await failure(demoGateway(emulator, { graphBaseUrl: server.url }), 'GET', `/users/${MAILBOX}/events`);
      assert.equal(tls.code, 'network');
      assert.equal(tls.transient, false); // retrying cannot fix trust
      assert.match(tls.message, /certificate.*not trusted.*NODE_EXTRA_CA_CERTS/);
    } finally {
      server.close();
    }
  });
});
