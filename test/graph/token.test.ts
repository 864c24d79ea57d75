import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { GatewayError, clearTokenProviders, createGateway } from '../../server/src/graph';
import { selfSignedClientCertificate } from '../emulator/clientCertificate';
import { DEMO, MAILBOX, demoGateway, demoOptions, rejectionOf, useTestEmulator } from './support';

const CERT_APP = '0d0d0d0d-0000-4000-8000-000000000001';

describe('token provider against the emulator', () => {
  const emulator = useTestEmulator();
  beforeEach(() => {
    clearTokenProviders();
    emulator.control.configure({ tokenLifetimeSeconds: 3599 });
    emulator.control.clearRequests();
  });

  test('one token serves many calls and many gateways of the same app', async () => {
    const first = demoGateway(emulator);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => first.getAccessToken()));
    for (let i = 0; i < 10; i++) await demoGateway(emulator).request({ method: 'GET', url: `/users/${MAILBOX}/events?$top=1` });
    assert.equal(new Set(tokens).size, 1);
    assert.equal(emulator.control.stats().tokenRequests, 1);
  });

  test('a token living under msal\'s 5-minute renewal window is fetched again on each call', async () => {
    emulator.control.configure({ tokenLifetimeSeconds: 240 });
    const gateway = demoGateway(emulator);
    for (let i = 0; i < 3; i++) await gateway.getAccessToken();
    assert.equal(emulator.control.stats().tokenRequests, 3);
    // with a normal lifetime the cache holds again
    clearTokenProviders();
    emulator.control.configure({ tokenLifetimeSeconds: 3599 });
    emulator.control.clearRequests();
    for (let i = 0; i < 3; i++) await gateway.getAccessToken();
    assert.equal(emulator.control.stats().tokenRequests, 1);
  });

  test('a wrong secret is "invalid_secret" and the secret appears nowhere in the error', async () => {
    const secret = 'not-the-right-secret~ABCDEFGHIJKLMNOP';
    const err = await rejectionOf(() => demoGateway(emulator, { clientSecret: secret }).getAccessToken());
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'invalid_secret');
    assert.match(err.message, /AADSTS7000215/);
    assert.match(err.message, new RegExp(DEMO.clientId));
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack, cause: String((err as { cause?: unknown }).cause) });
    assert.ok(!everything.includes(secret), 'secret leaked into the error');
  });

  test('nothing the gateway logs contains the secret, even on failures and retries', async () => {
    const secret = 'logged-secret-must-not-appear~0123456789';
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    await rejectionOf(() => demoGateway(emulator, { clientSecret: secret, logger }).request({ method: 'GET', url: `/users/${MAILBOX}/events` }));
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', status: 503, retryAfterSeconds: 0, times: 1 });
    await demoGateway(emulator, { logger }).request({ method: 'GET', url: `/users/${MAILBOX}/events` });
    emulator.control.clearFaults();
    assert.ok(lines.some((l) => /retry 1\/5/.test(l)), 'the retry was logged');
    assert.ok(lines.every((l) => !l.includes(secret) && !l.includes(DEMO.clientSecret)));
  });

  test('the same failure reaches callers of getClient() as a GatewayError', async () => {
    const client = demoGateway(emulator, { clientSecret: 'wrong-secret-value-123456' }).getClient();
    const err = await rejectionOf(() => client.api(`/users/${MAILBOX}/events`).get());
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'invalid_secret');
  });

  test('unknown application and unknown tenant are told apart', async () => {
    const unknownApp = await rejectionOf(() => demoGateway(emulator, { clientId: '00000000-1111-2222-3333-444444444444' }).getAccessToken());
    assert.ok(unknownApp instanceof GatewayError);
    assert.equal(unknownApp.code, 'unknown_client');
    assert.match(unknownApp.message, /00000000-1111-2222-3333-444444444444/);

    const unknownTenant = await rejectionOf(() => demoGateway(emulator, { tenantId: 'fabrikam.onmicrosoft.com' }).getAccessToken());
    assert.ok(unknownTenant instanceof GatewayError);
    assert.equal(unknownTenant.code, 'unknown_tenant');
    assert.match(unknownTenant.message, /fabrikam\.onmicrosoft\.com/);
  });

  test('a certificate credential works, and an unregistered certificate is "invalid_certificate"', async () => {
    const registered = selfSignedClientCertificate('gateway test');
    emulator.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: CERT_APP, certificateThumbprint: registered.thumbprintSha256, permissions: [...DEMO.permissions] }] });
    const gateway = demoGateway(emulator, { clientId: CERT_APP, clientSecret: undefined, clientCertificate: registered });
    const page = await gateway.request<{ value: unknown[] }>({ method: 'GET', url: `/users/${MAILBOX}/events?$top=1` });
    assert.ok(Array.isArray(page.value));

    const stranger = selfSignedClientCertificate('gateway test');
    const err = await rejectionOf(() => demoGateway(emulator, { clientId: CERT_APP, clientSecret: undefined, clientCertificate: stranger }).getAccessToken());
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'invalid_certificate');
    assert.ok(!err.message.includes(stranger.privateKey.slice(40, 80)));
  });

  test('multi-tenant aliases and missing credentials are refused before any request', () => {
    for (const tenantId of ['common', 'organizations']) {
      assert.throws(() => createGateway(demoOptions(emulator, { tenantId })), (e: unknown) => e instanceof GatewayError && e.code === 'invalid_config');
    }
    assert.throws(() => createGateway(demoOptions(emulator, { clientSecret: undefined })), /secret/);
    assert.throws(() => createGateway(demoOptions(emulator, { clientId: 'my-app' })), /GUID/);
    assert.equal(emulator.control.stats().tokenRequests, 0);
  });

  test('an identity endpoint that is down is a "network" error naming the host', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const err = await rejectionOf(() => demoGateway(emulator, { authorityHost: `https://127.0.0.1:${port}` }).getAccessToken());
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'network');
    assert.match(err.message, new RegExp(`identity platform.*127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  });
});
