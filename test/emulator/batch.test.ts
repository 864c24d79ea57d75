// JSON batching, Outlook throttling, injected faults and the request log, per Microsoft's
// "Combine multiple requests in one HTTP call using JSON batching" and "Microsoft Graph throttling guidance".
import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from './index';
import { request } from './testClient';
import { useDemoEmulator } from './demoSuite';

const { em, g } = useDemoEmulator();
const box = DEMO.mailboxes[0];
// after the demo reset and token request, so each test's log holds its own requests only
beforeEach(() => {
  em.control.clearRequests();
});

const get = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ id, method: 'GET', url, ...extra });

describe('$batch', () => {
  test('each part answers with its own status; envelope 200', async () => {
    const res = await g('/$batch', {
      method: 'POST',
      body: {
        requests: [
          get('1', `/users/${box}`),
          get('2', `/users/${box}/events/doesnotexist`),
          { id: '3', method: 'POST', url: `/users/${box}/events`, headers: { 'Content-Type': 'application/json' }, body: { subject: 'b', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } } },
        ],
      },
    });
    assert.equal(res.status, 200);
    const byId = new Map(res.body.responses.map((r: any) => [r.id, r]));
    assert.equal((byId.get('1') as any).status, 200);
    assert.equal((byId.get('1') as any).body.userPrincipalName, box);
    assert.equal((byId.get('2') as any).status, 404);
    assert.equal((byId.get('2') as any).body.error.code, 'ErrorItemNotFound');
    assert.equal((byId.get('3') as any).status, 201);
    assert.match((byId.get('3') as any).headers['Content-Type'], /application\/json/);
    const log = em.control.requests();
    assert.equal(log.filter((r) => r.inBatch).length, 3);
    const stats = em.control.stats();
    assert.equal(stats.batchRequests, 1);
    assert.equal(stats.graphRequests, 3);
  });

  test('more than 20 parts → 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => get(String(i), `/users/${box}`));
    const res = await g('/$batch', { method: 'POST', body: { requests } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'BadRequest');
  });

  test('dependsOn orders parts; a failed dependency answers 424', async () => {
    const res = await g('/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: 'c', method: 'POST', url: `/users/${box}/events`, headers: { 'content-type': 'application/json' }, body: { subject: 'first', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } } },
          get('d', `/users/${box}/events?$top=100`, { dependsOn: ['c'] }),
          get('x', `/users/${box}/events/nope`),
          get('y', `/users/${box}`, { dependsOn: ['x'] }),
        ],
      },
    });
    const byId = new Map<string, any>(res.body.responses.map((r: any) => [r.id, r]));
    assert.ok(byId.get('d').body.value.some((e: any) => e.subject === 'first'), 'dependent part saw the created event');
    assert.equal(byId.get('y').status, 424);
  });

  test('a throttled part carries its own 429 and Retry-After; the batch is 200', async () => {
    em.control.addFault({ pathPattern: '/users/[^/]+/events/nope2', status: 429, retryAfterSeconds: 7 });
    const res = await g('/$batch', { method: 'POST', body: { requests: [get('1', `/users/${box}/events/nope2`), get('2', `/users/${box}`)] } });
    assert.equal(res.status, 200);
    const part = res.body.responses.find((r: any) => r.id === '1');
    assert.equal(part.status, 429);
    assert.equal(part.headers['Retry-After'], '7');
    assert.equal(part.body.error.code, 'TooManyRequests');
  });

  test('at most 4 parts of one batch run at once per mailbox', async () => {
    em.control.configure({ latencyMs: 30 });
    const requests = Array.from({ length: 12 }, (_, i) => get(String(i), `/users/${box}/events?$top=1`));
    const res = await g('/$batch', { method: 'POST', body: { requests } });
    em.control.configure({ latencyMs: 0 });
    assert.ok(res.body.responses.every((r: any) => r.status === 200), JSON.stringify(res.body.responses.map((r: any) => r.status)));
    assert.equal(em.control.stats().maxConcurrentPerMailbox[box], 4);
  });

  test('parts compete with the mailbox\'s other requests: over the limit they get their own 429', async () => {
    // Generous latency so the outside requests are surely still in flight when the batch lands, even on a busy machine.
    em.control.configure({ latencyMs: 600 });
    try {
      const outside = Array.from({ length: 3 }, () => g(`/users/${box}/events?$top=1`));
      await new Promise((r) => setTimeout(r, 100));
      const batch = await g('/$batch', { method: 'POST', body: { requests: Array.from({ length: 4 }, (_, i) => get(String(i), `/users/${box}/events?$top=1`)) } });
      assert.ok((await Promise.all(outside)).every((r) => r.status === 200));
      assert.equal(batch.status, 200);
      const throttled = batch.body.responses.filter((r: any) => r.status === 429);
      assert.equal(throttled.length, 3);
      assert.ok(throttled.every((r: any) => r.headers['Retry-After'] === '1' && r.body.error.code === 'ApplicationThrottled'));
    } finally {
      em.control.configure({ latencyMs: 0 });
    }
  });

  test('inBatch: false faults skip batch parts', async () => {
    em.control.addFault({ pathPattern: `/users/${box}$`, status: 503, inBatch: false });
    const inBatch = await g('/$batch', { method: 'POST', body: { requests: [get('1', `/users/${box}`)] } });
    assert.equal(inBatch.body.responses[0].status, 200);
    const direct = await g(`/users/${box}`);
    assert.equal(direct.status, 503);
  });
});

describe('throttling and faults', () => {
  test('a 5th concurrent request to one mailbox → 429 ApplicationThrottled MailboxConcurrency with Retry-After', async () => {
    em.control.configure({ latencyMs: 400 });
    const results = await Promise.all(Array.from({ length: 6 }, () => g(`/users/${box}/events?$top=1`)));
    em.control.configure({ latencyMs: 0 });
    const throttled = results.filter((r) => r.status === 429);
    assert.equal(results.filter((r) => r.status === 200).length, 4);
    assert.equal(throttled.length, 2);
    assert.equal(throttled[0].body.error.code, 'ApplicationThrottled');
    assert.match(throttled[0].body.error.message, /MailboxConcurrency/);
    assert.ok(Number(throttled[0].headers['retry-after']) >= 1);
    const stats = em.control.stats();
    assert.ok(stats.maxConcurrentPerMailbox[box] >= 5, 'records what the client attempted, not only what was admitted');
    assert.equal(stats.byStatus['429'], 2);
    // Other mailboxes are unaffected by one mailbox's limit.
    em.control.configure({ latencyMs: 100 });
    const mixed = await Promise.all([...DEMO.mailboxes, ...DEMO.mailboxes].map((m) => g(`/users/${m}/events?$top=1`)));
    em.control.configure({ latencyMs: 0 });
    assert.ok(mixed.every((r) => r.status === 200));
  });

  test('maxConcurrencyPerMailbox is configurable', async () => {
    em.control.configure({ latencyMs: 300, maxConcurrencyPerMailbox: 1 });
    const results = await Promise.all([g(`/users/${box}`), g(`/users/${box}/events`), g(`/users/${box}/events`)]);
    em.control.configure({ latencyMs: 0, maxConcurrencyPerMailbox: 4 });
    // /users/{id} is a directory call: not subject to the Outlook mailbox limit.
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 429]);
  });

  test('times, every, mailbox and method select requests; codes default per status', async () => {
    em.control.addFault({ method: 'GET', mailbox: box, pathPattern: '/events', status: 503, times: 2 });
    const s = [await g(`/users/${box}/events`), await g(`/users/${box}/events`), await g(`/users/${box}/events`)].map((r) => r.status);
    assert.deepEqual(s, [503, 503, 200]);
    assert.equal((await g(`/users/${DEMO.mailboxes[1]}/events`)).status, 200);
    em.control.addFault({ pathPattern: '/events', status: 504, every: 3 });
    const t = [];
    for (let i = 0; i < 6; i++) t.push((await g(`/users/${box}/events`)).status);
    assert.deepEqual(t, [200, 200, 504, 200, 200, 504]);
    em.control.clearFaults();
    em.control.addFault({ pathPattern: '/events', status: 500, code: 'ErrorInternalServerTransientError', message: 'try later' });
    const custom = await g(`/users/${box}/events`);
    assert.equal(custom.body.error.code, 'ErrorInternalServerTransientError');
    assert.equal(custom.body.error.message, 'try later');
  });

  test('delayMs stalls a request (with status < 400 it then succeeds)', async () => {
    em.control.addFault({ pathPattern: '/events', status: 200, delayMs: 200 });
    const t0 = Date.now();
    const res = await g(`/users/${box}/events`);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 >= 190);
  });

  test('faults can hit the token endpoint', async () => {
    em.control.addFault({ pathPattern: '/oauth2/v2.0/token', status: 503, retryAfterSeconds: 2 });
    const res = await request(`${em.url}/${DEMO.tenantId}/oauth2/v2.0/token`, { method: 'POST', form: { grant_type: 'client_credentials', client_id: DEMO.clientId, client_secret: DEMO.clientSecret, scope: 'https://graph.microsoft.com/.default' } });
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '2');
    assert.equal(typeof res.body.error, 'string');
  });

  test('status 0 resets the connection', async () => {
    em.control.addFault({ pathPattern: '/events', status: 0 });
    await assert.rejects(g(`/users/${box}/events`), /socket hang up|ECONNRESET/);
    assert.equal((await g(`/users/${box}/events`)).status, 200);
  });

  test('latencyMs applies to each request', async () => {
    em.control.configure({ latencyMs: 80 });
    const t0 = Date.now();
    await g(`/users/${box}`);
    em.control.configure({ latencyMs: 0 });
    assert.ok(Date.now() - t0 >= 75);
    const rec = em.control.requests().at(-1)!;
    assert.ok(rec.durationMs >= 75);
    assert.equal(rec.mailbox, box);
  });
});

describe('HTTP control API', () => {
  test('faults, config, stats and seeding over /_emulator', async () => {
    const base = `${em.url}/_emulator`;
    assert.equal((await request(`${base}/faults`, { method: 'POST', body: { pathPattern: '/users$', status: 500 } })).status, 201);
    assert.equal((await g('/users')).status, 500);
    assert.equal((await request(`${base}/faults`, { method: 'DELETE' })).status, 204);
    const cfg = await request(`${base}/config`, { method: 'PUT', body: { defaultPageSize: 25 } });
    assert.equal(cfg.body.defaultPageSize, 25);
    const seeded = await request(`${base}/users/${DEMO.mailboxes[1]}/events/seed`, { method: 'POST', body: { n: 50, start: '2030-01-01T00:00:00Z' } });
    assert.equal(seeded.body.created, 50);
    const stats = await request(`${base}/stats`);
    assert.equal(stats.body.byStatus['500'], 1);
    const state = await request(`${base}/state`);
    const alex = state.body.mailboxes.find((m: any) => m.address === DEMO.mailboxes[1]);
    assert.ok(alex.events >= 50);
    const mb = DEMO.mailboxes[2];
    const list = await request(`${base}/users/${mb}/todo/lists`, { method: 'POST', body: { displayName: 'Ops' } });
    assert.equal(list.status, 201);
    const task = await request(`${base}/users/${mb}/todo/lists/defaultList/tasks`, { method: 'POST', body: { title: 'Rotate keys' } });
    const moved = await request(`${base}/users/${mb}/todo/tasks/${task.body.id}/move`, { method: 'POST', body: { toListId: list.body.id } });
    assert.notEqual(moved.body.id, task.body.id);
    assert.equal((await request(`${base}/users/${mb}/todo/tasks/${moved.body.id}`)).body.listId, list.body.id);
    const patchedTask = await request(`${base}/users/${mb}/todo/tasks/${moved.body.id}`, { method: 'PATCH', body: { status: 'completed' } });
    assert.equal(patchedTask.body.status, 'completed');
    const msg = await request(`${base}/users/${mb}/mailFolders/inbox/messages`, { method: 'POST', body: { subject: 'over http' } });
    assert.equal(msg.status, 201);
    const movedMsg = await request(`${base}/users/${mb}/messages/${msg.body.id}/move`, { method: 'POST', body: { toFolder: 'archive' } });
    assert.equal(movedMsg.body.id, msg.body.id);
    assert.equal((await request(`${base}/users/${mb}/mailFolders/archive/messages`)).body[0].subject, 'over http');
    const seededMail = await request(`${base}/users/${mb}/mailFolders/inbox/messages/seed`, { method: 'POST', body: { n: 30 } });
    assert.equal(seededMail.body.created, 30);
    assert.equal((await request(`${base}/users/${mb}/messages/${msg.body.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await request(`${base}/users/nobody@x.example/events`)).status, 400);
    const expired = await request(`${base}/delta/expire`, { method: 'POST', body: {} });
    assert.equal(typeof expired.body.expired, 'number');
    const reset = await request(`${base}/reset`, { method: 'POST', body: { seed: 'empty' } });
    assert.equal(reset.status, 204);
    assert.equal((await request(`${base}/state`)).body.mailboxes.length, 0);
  });
});
