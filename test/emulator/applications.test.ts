// GET /applications(appId='…')?$select=passwordCredentials as Microsoft documents it ("Get application",
// "passwordCredential resource type"): the secrets' end dates and hints, never their values; only with
// an Application.Read.All-like role, else 403 Authorization_RequestDenied; a secret past its end date
// gets AADSTS7000222 at the token endpoint.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startEmulator, DEMO, type Emulator } from './index';
import { getToken, graph, request } from './testClient';

describe('emulator: application registrations', () => {
  let em: Emulator;
  const reader = { clientId: randomUUID(), secret: 'reader-secret-0123456789' };
  before(async () => {
    em = await startEmulator({ seed: 'demo' });
    em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: reader.clientId, secret: reader.secret, permissions: [...DEMO.permissions, 'Application.Read.All'] }] });
  });
  after(() => em.close());

  test('reads its own passwordCredentials with Application.Read.All: end date and hint, no secret text', async () => {
    const call = graph(em, await getToken(em, DEMO.tenantId, reader.clientId, reader.secret));
    const res = await call(`/applications(appId='${reader.clientId}')?$select=passwordCredentials`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.body['@odata.context'], /\$metadata#applications\(passwordCredentials\)\/\$entity$/);
    assert.deepEqual(Object.keys(res.body).sort(), ['@odata.context', 'id', 'passwordCredentials']);
    const [credential, ...more] = res.body.passwordCredentials;
    assert.equal(more.length, 0);
    assert.equal(credential.hint, reader.secret.slice(0, 3));
    assert.equal(credential.secretText, null);
    assert.ok(Date.parse(credential.endDateTime) > Date.now() + 365 * 86_400_000, 'a fresh secret lasts two years');
    assert.ok(!res.text.includes(reader.secret), 'the value never leaves');

    const byObjectId = await call(`/applications/${res.body.id}?$select=appId,displayName`);
    assert.equal(byObjectId.status, 200);
    assert.equal(byObjectId.body.appId, reader.clientId);
    assert.equal((await call(`/applications(appId='${randomUUID()}')`)).body.error.code, 'Request_ResourceNotFound');
    assert.equal((await call(`/applications(appId='${reader.clientId}')?$select=nope`)).status, 400, 'an unknown $select property');
  });

  test('without an application read permission: 403 Authorization_RequestDenied', async () => {
    const call = graph(em, await getToken(em, DEMO.tenantId, DEMO.clientId, DEMO.clientSecret));
    const res = await call(`/applications(appId='${DEMO.clientId}')?$select=passwordCredentials`);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'Authorization_RequestDenied');
    assert.equal(res.body.error.message, 'Insufficient privileges to complete the operation.');
  });

  test('the control API moves the secret end date; an ended secret gets AADSTS7000222', async () => {
    const ends = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const put = await request(`${em.url}/_emulator/apps/${reader.clientId}/secret-end-date`, { method: 'PUT', body: { endDateTime: ends } });
    assert.equal(put.status, 204, put.text);
    const call = graph(em, await getToken(em, DEMO.tenantId, reader.clientId, reader.secret));
    const res = await call(`/applications(appId='${reader.clientId}')?$select=passwordCredentials`);
    assert.equal(res.body.passwordCredentials[0].endDateTime, ends);

    em.control.setSecretEndDate(new Date(Date.now() - 1000).toISOString(), reader.clientId);
    const token = await request(`${em.url}/${DEMO.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      form: { grant_type: 'client_credentials', client_id: reader.clientId, client_secret: reader.secret, scope: 'https://graph.microsoft.com/.default' },
    });
    assert.equal(token.status, 401);
    assert.deepEqual(token.body.error_codes, [7000222]);

    em.control.setPasswordCredentials(reader.clientId, [{ value: reader.secret, endDateTime: ends }, { displayName: 'next', endDateTime: new Date(Date.now() + 700 * 86_400_000).toISOString() }]);
    const again = graph(em, await getToken(em, DEMO.tenantId, reader.clientId, reader.secret));
    const both = await again(`/applications(appId='${reader.clientId}')?$select=passwordCredentials`);
    assert.deepEqual(both.body.passwordCredentials.map((c: { displayName: string | null; hint: string | null }) => [c.displayName, c.hint]), [[null, 'rea'], ['next', null]]);
  });
});
