import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { GatewayError, clearTokenProviders, createGateway } from '../../server/src/graph';
import { DEMO, MAILBOX, demoGateway, demoOptions, rejectionOf, startTestEmulator, type Emulator } from './support';

describe('token provider against the emulator', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.close();
  });
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
