// Change-notification subscriptions against the docs: "Create subscription" (validation handshake),
// "subscription resource type" (maximum lifetimes, clientState), "Change notifications for Outlook
// resources" and "resourceData resource type" (payload), "Receive change notifications through
// webhooks" (retries), "Reduce missing subscriptions and change notifications" (lifecycle events).
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO } from './index';
import { getToken, graph, request } from './testClient';
import { useDemoEmulator } from './demoSuite';

const { em, g } = useDemoEmulator();
const adele = DEMO.mailboxes[0];
const alex = DEMO.mailboxes[1];

/** The test's notification endpoint: echoes validation tokens (unless told otherwise) and records POSTs. */
interface Received {
  path: string;
  body: any;
}
const receiver = {
  url: '',
  received: [] as Received[],
  validations: [] as Array<{ path: string; token: string; contentType: string; body: string }>,
  /** How the next validation requests are answered. */
  validation: 'echo' as 'echo' | 'wrong' | 'status500' | 'slow',
  /** Status codes for the next notification POSTs (then 202). */
  statuses: [] as number[],
  /** Answer notification POSTs after this many ms. */
  notificationDelayMs: 0,
  server: undefined as http.Server | undefined,
};

before(async () => {
  receiver.server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        receiver.validations.push({ path: url.pathname, token, contentType: String(req.headers['content-type']), body: raw });
        if (receiver.validation === 'slow') return void setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(token), 400);
        if (receiver.validation === 'status500') return void res.writeHead(500).end();
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(receiver.validation === 'wrong' ? `${token}x` : token);
      }
      receiver.received.push({ path: url.pathname, body: JSON.parse(raw) });
      const status = receiver.statuses.shift() ?? 202;
      setTimeout(() => res.writeHead(status).end(), receiver.notificationDelayMs);
    });
  });
  await new Promise<void>((resolve) => receiver.server!.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server!.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => receiver.server!.close(() => resolve())));
beforeEach(() => {
  receiver.received = [];
  receiver.validations = [];
  receiver.validation = 'echo';
  receiver.statuses = [];
  receiver.notificationDelayMs = 0;
  // Quick retries so a failing endpoint settles within a test.
  em.control.configure({ notificationRetryBaseMs: 20 });
});

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function subscribe(body: Record<string, unknown> = {}) {
  return g('/subscriptions', {
    method: 'POST',
    body: { changeType: 'created,updated,deleted', notificationUrl: `${receiver.url}/notify`, resource: `users/${adele}/events`, expirationDateTime: inMinutes(60), clientState: 'secret-state', ...body },
  });
}

/** Notifications the receiver got at /notify, flattened. */
async function notifications(path = '/notify') {
  await em.control.notificationsIdle();
  return receiver.received.filter((r) => r.path === path).flatMap((r) => r.body.value as any[]);
}

describe('create and the validation handshake', () => {
  test('201 with the subscription after the token is echoed; the request is a POST, text/plain, empty body', async () => {
    const res = await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` });
    assert.equal(res.status, 201, res.text);
    const s = res.body;
    assert.match(s.id, /^[0-9a-f-]{36}$/);
    assert.equal(s.resource, `users/${adele}/events`);
    assert.equal(s.applicationId, DEMO.clientId);
    assert.equal(s.changeType, 'created,updated,deleted');
    assert.equal(s.clientState, 'secret-state');
    assert.equal(s.includeResourceData, false);
    assert.equal(s.latestSupportedTlsVersion, 'v1_2');
    assert.equal(s.lifecycleNotificationUrl, `${receiver.url}/lifecycle`);
    assert.ok(s.creatorId);
    assert.ok(Math.abs(Date.parse(s.expirationDateTime) - Date.now() - 3_600_000) < 5_000);
    assert.deepEqual(receiver.validations.map((v) => v.path), ['/notify', '/lifecycle']);
    assert.match(receiver.validations[0].token, /^Validation: /);
    assert.match(receiver.validations[0].contentType, /^text\/plain/);
    assert.equal(receiver.validations[0].body, '');
    assert.deepEqual(em.control.subscriptions().map((x) => [x.id, x.clientState]), [[s.id, 'secret-state']]);
  });

  test('a wrong echo, a non-200 or a too slow endpoint: 400 and no subscription', async () => {
    for (const mode of ['wrong', 'status500'] as const) {
      receiver.validation = mode;
      const res = await subscribe();
      assert.equal(res.status, 400, mode);
      assert.equal(res.body.error.code, 'InvalidRequest');
      assert.equal(res.body.error.message, 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    receiver.validation = 'slow';
    em.control.configure({ validationTimeoutMs: 100 });
    const slow = await subscribe();
    assert.equal(slow.status, 400);
    assert.match(slow.body.error.message, /timed out/);
    assert.deepEqual(em.control.subscriptions(), []);
    assert.ok(em.control.notificationLog().every((a) => a.kind === 'validation' && a.outcome === 'refused'));
  });

  test('https is required except on a loopback host; no request goes out for a refused URL', async () => {
    const res = await subscribe({ notificationUrl: 'http://example.com/notify' });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /https/);
    assert.equal(receiver.validations.length, 0);
    assert.equal((await subscribe({ notificationUrl: `${receiver.url.replace('127.0.0.1', 'localhost')}/notify` })).status, 201);
  });

  test('403 without a read role for the resource', async () => {
    em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: 'c0ffee00-0000-4000-8000-000000000001', secret: 's3cret', permissions: ['Mail.Read'] }] });
    const other = graph(em, await getToken(em, DEMO.tenantId, 'c0ffee00-0000-4000-8000-000000000001', 's3cret'));
    const body = { changeType: 'created', notificationUrl: `${receiver.url}/notify`, expirationDateTime: inMinutes(60) };
    const events = await other('/subscriptions', { method: 'POST', body: { ...body, resource: `users/${adele}/events` } });
    assert.equal(events.status, 403);
    assert.equal(events.body.error.code, 'ExtensionError');
    const tasks = await other('/subscriptions', { method: 'POST', body: { ...body, resource: `users/${adele}/todo/lists/x/tasks` } });
    assert.equal(tasks.status, 403);
    assert.equal((await other('/subscriptions', { method: 'POST', body: { ...body, resource: `users/${adele}/mailFolders('inbox')/messages` } })).status, 201);
    // Each app sees only its own subscriptions.
    assert.equal((await other('/subscriptions')).body.value.length, 1);
    assert.equal((await g('/subscriptions')).body.value.length, 0);
  });

  test('expirationDateTime: missing, past or beyond the maximum (10,080 minutes for Outlook, 4,230 for To Do) is 400', async () => {
    assert.equal((await subscribe({ expirationDateTime: undefined })).status, 400);
    assert.equal((await subscribe({ expirationDateTime: 'soon' })).status, 400);
    assert.equal((await subscribe({ expirationDateTime: inMinutes(-1) })).status, 400);
    const far = await subscribe({ expirationDateTime: inMinutes(10081) });
    assert.equal(far.status, 400);
    assert.equal(far.body.error.code, 'ExtensionError');
    assert.equal(far.body.error.message, 'Subscription expiration can only be 10080 minutes in the future.');
    assert.equal((await subscribe({ expirationDateTime: inMinutes(10070) })).status, 201);
    const list = em.control.todoLists(adele)[0].id as string;
    const todo = await subscribe({ resource: `users/${adele}/todo/lists/${list}/tasks`, expirationDateTime: inMinutes(4231) });
    assert.equal(todo.body.error.message, 'Subscription expiration can only be 4230 minutes in the future.');
    assert.equal(receiver.validations.length, 1, 'a refused expiry sends no validation request');
  });

  test('unknown resource, user, folder or list; bad changeType or clientState', async () => {
    assert.equal((await subscribe({ resource: `users/${adele}/contacts` })).status, 400);
    const user = await subscribe({ resource: 'users/nobody@contoso.onmicrosoft.com/events' });
    assert.equal(user.status, 404);
    assert.equal(user.body.error.code, 'ExtensionError');
    assert.equal((await subscribe({ resource: `users/${adele}/mailFolders('nofolder')/messages` })).status, 400);
    assert.equal((await subscribe({ resource: `users/${adele}/todo/lists/nolist/tasks` })).status, 404);
    assert.equal((await subscribe({ changeType: 'created,moved' })).status, 400);
    assert.equal((await subscribe({ clientState: 'x'.repeat(129) })).status, 400);
    assert.equal((await subscribe({ clientState: 'x'.repeat(128) })).status, 201);
    assert.equal((await subscribe({ unknownProperty: 1 })).body.error.code, 'RequestBodyRead');
  });

  test('works inside $batch', async () => {
    const res = await g('/$batch', {
      method: 'POST',
      body: { requests: [{ id: '1', method: 'POST', url: '/subscriptions', headers: { 'content-type': 'application/json' }, body: { changeType: 'created', notificationUrl: `${receiver.url}/notify`, resource: `/users/${adele}/events`, expirationDateTime: inMinutes(30) } }, { id: '2', method: 'GET', url: '/subscriptions', dependsOn: ['1'] }] },
    });
    assert.equal(res.status, 200);
    const [one, two] = [...res.body.responses].sort((a: any, b: any) => a.id.localeCompare(b.id));
    assert.equal(one.status, 201);
    assert.equal(two.body.value[0].id, one.body.id);
  });
});

describe('notifications', () => {
  test('event created (Graph), updated and deleted (control API): payload as the Outlook docs show', async () => {
    const sub = (await subscribe()).body;
    const created = await g(`/users/${adele}/events`, { method: 'POST', body: { subject: 'Sync', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } } });
    assert.equal(created.status, 201);
    assert.equal(receiver.received.length, 0, 'never delivered inside the write');
    const id = created.body.id as string;
    em.control.updateEvent(adele, id, { subject: 'Sync 2' });
    em.control.deleteEvent(adele, id);
    const got = await notifications();
    assert.deepEqual(got.map((n) => n.changeType), ['created', 'updated', 'deleted']);
    const userId = em.control.getState().mailboxes.find((m) => m.address === adele)!.id;
    assert.deepEqual(Object.keys(got[0]).sort(), ['changeType', 'clientState', 'resource', 'resourceData', 'subscriptionExpirationDateTime', 'subscriptionId', 'tenantId']);
    assert.equal(got[0].subscriptionId, sub.id);
    assert.equal(got[0].clientState, 'secret-state');
    assert.equal(got[0].tenantId, DEMO.tenantId);
    assert.equal(got[0].resource, `Users/${userId}/Events/${id}`);
    assert.deepEqual(got[0].resourceData, { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${userId}/Events/${id}`, '@odata.etag': created.body['@odata.etag'], id });
    assert.equal(got[0].subscriptionExpirationDateTime, sub.expirationDateTime);
    // The three changes came close together: Graph may group them in one POST, and here did.
    assert.equal(receiver.received.length, 1);
    const attempt = em.control.notificationLog().find((a) => a.kind === 'notification')!;
    assert.equal(attempt.status, 202);
    assert.equal(attempt.notifications, 3);
    assert.equal(attempt.outcome, 'delivered');
  });

  test('cancelling an occurrence reports the series master as updated; another mailbox reports nothing', async () => {
    await subscribe({ resource: `users/${adele}/calendar/events` });
    const master = em.control.createEvent(adele, { subject: 'Daily', start: { dateTime: '2030-02-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-02-01T09:30:00', timeZone: 'UTC' }, recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', numberOfOccurrences: 3, startDate: '2030-02-01' } } });
    em.control.createEvent(alex, { subject: 'Elsewhere', start: { dateTime: '2030-02-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-02-01T09:30:00', timeZone: 'UTC' } });
    const { occurrenceId } = await import('./index');
    em.control.deleteEvent(adele, occurrenceId(master.id as string, '2030-02-02'));
    const got = await notifications();
    assert.deepEqual(got.map((n) => [n.changeType, n.resourceData.id]), [['created', master.id], ['updated', master.id]]);
  });

  test('messages: only the subscribed folder; a move out is deleted there, a move in created', async () => {
    await subscribe({ resource: `users/${adele}/mailFolders('inbox')/messages`, changeType: 'created,deleted' });
    await subscribe({ resource: `users/${adele}/messages`, changeType: 'updated', notificationUrl: `${receiver.url}/all` });
    const inInbox = em.control.createMessage(adele, 'inbox', { subject: 'In' });
    em.control.createMessage(adele, 'sentitems', { subject: 'Sent' });
    em.control.updateMessage(adele, inInbox.id as string, { isRead: true }); // not subscribed on inbox (updated)
    em.control.moveMessage(adele, inInbox.id as string, 'archive');
    em.control.moveMessage(adele, inInbox.id as string, 'inbox');
    const got = await notifications();
    assert.deepEqual(got.map((n) => n.changeType), ['created', 'deleted', 'created']);
    assert.equal(got[0].resourceData['@odata.type'], '#Microsoft.Graph.Message');
    assert.match(got[0].resource, /^Users\/[0-9a-f-]+\/Messages\//);
    const all = await notifications('/all');
    assert.deepEqual(all.map((n) => n.changeType), ['updated', 'updated', 'updated']);
  });

  test('To Do tasks: only the subscribed list; a move is deleted in the old list and created in the new', async () => {
    const lists = em.control.todoLists(adele);
    const tasks = lists.find((l) => l.displayName === 'Tasks')!.id as string;
    const phoenix = lists.find((l) => l.displayName === 'Project Phoenix')!.id as string;
    await subscribe({ resource: `users/${adele}/todo/lists/${tasks}/tasks` });
    const created = await g(`/users/${adele}/todo/lists/${tasks}/tasks`, { method: 'POST', body: { title: 'Buy milk' } });
    em.control.createTask(adele, phoenix, { title: 'Not watched' });
    await g(`/users/${adele}/todo/lists/${tasks}/tasks/${created.body.id}`, { method: 'PATCH', body: { status: 'completed' } });
    const moved = em.control.moveTask(adele, created.body.id, phoenix);
    const got = await notifications();
    assert.deepEqual(got.map((n) => [n.changeType, n.resourceData.id]), [['created', created.body.id], ['updated', created.body.id], ['deleted', created.body.id]]);
    assert.notEqual(moved.id, created.body.id);
    assert.equal(got[0].resourceData['@odata.type'], '#Microsoft.Graph.todoTask');
  });

  test('changeType filters what is sent', async () => {
    await subscribe({ changeType: 'deleted' });
    const ev = em.control.createEvent(adele, { subject: 'x', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } });
    em.control.updateEvent(adele, ev.id as string, { subject: 'y' });
    em.control.deleteEvent(adele, ev.id as string);
    assert.deepEqual((await notifications()).map((n) => n.changeType), ['deleted']);
  });
});

describe('lifetime', () => {
  test('renewal PATCH moves expirationDateTime, within the same maximum; GET reads it', async () => {
    const sub = (await subscribe()).body;
    const later = inMinutes(600);
    const renewed = await g(`/subscriptions/${sub.id}`, { method: 'PATCH', body: { expirationDateTime: later } });
    assert.equal(renewed.status, 200, renewed.text);
    assert.equal(Date.parse(renewed.body.expirationDateTime), Date.parse(later));
    assert.equal((await g(`/subscriptions/${sub.id}`)).body.expirationDateTime, renewed.body.expirationDateTime);
    assert.equal((await g(`/subscriptions/${sub.id}`, { method: 'PATCH', body: { expirationDateTime: inMinutes(20000) } })).status, 400);
    em.control.configure({ maxSubscriptionMinutes: 5 });
    const capped = await g(`/subscriptions/${sub.id}`, { method: 'PATCH', body: { expirationDateTime: inMinutes(6) } });
    assert.equal(capped.body.error.message, 'Subscription expiration can only be 5 minutes in the future.');
    assert.equal((await g(`/subscriptions/${sub.id}/reauthorize`, { method: 'POST' })).status, 204);
  });

  test('an expired subscription is gone (404) and delivers nothing', async () => {
    const sub = (await subscribe()).body;
    em.control.expireSubscription(sub.id);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await g(`/subscriptions/${sub.id}`, { method, ...(method === 'PATCH' ? { body: { expirationDateTime: inMinutes(30) } } : {}) });
      assert.equal(res.status, 404, method);
    }
    em.control.createEvent(adele, { subject: 'x', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } });
    assert.deepEqual(await notifications(), []);
    assert.deepEqual(em.control.subscriptions(), []);
  });

  test('DELETE: 204, then 404 and no more notifications', async () => {
    const sub = (await subscribe()).body;
    assert.equal((await g(`/subscriptions/${sub.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await g(`/subscriptions/${sub.id}`, { method: 'DELETE' })).status, 404);
    em.control.createMessage(adele, 'inbox', { subject: 'x' });
    assert.deepEqual(await notifications(), []);
  });
});

describe('delivery control and retries', () => {
  const makeEvent = () => em.control.createEvent(adele, { subject: 'x', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } });

  test('drop the next N, or all; duplicate; delay', async () => {
    await subscribe({ changeType: 'created' });
    em.control.setNotificationDelivery({ drop: 1 });
    makeEvent();
    await em.control.notificationsIdle();
    makeEvent();
    assert.equal((await notifications()).length, 1);
    em.control.setNotificationDelivery({ drop: 'all' });
    makeEvent();
    assert.equal((await notifications()).length, 1);
    assert.equal(em.control.notificationLog().filter((a) => a.outcome === 'dropped-by-control').length, 2);
    em.control.resetNotificationDelivery();
    em.control.setNotificationDelivery({ duplicate: 2 });
    const ev = makeEvent();
    const copies = (await notifications()).filter((n) => n.resourceData.id === ev.id);
    assert.equal(copies.length, 3);
    em.control.resetNotificationDelivery();
    em.control.setNotificationDelivery({ delayMs: 150 });
    const started = Date.now();
    makeEvent();
    await em.control.notificationsIdle();
    assert.ok(Date.now() - started >= 150);
  });

  test('a 500 is retried with backoff until a 2xx; every attempt is logged', async () => {
    await subscribe({ changeType: 'created' });
    receiver.statuses = [500, 503];
    makeEvent();
    const got = await notifications();
    assert.equal(got.length, 3, 'the same notification three times');
    const attempts = em.control.notificationLog().filter((a) => a.kind === 'notification');
    assert.deepEqual(attempts.map((a) => [a.status, a.attempt, a.outcome]), [[500, 1, 'retrying'], [503, 2, 'retrying'], [202, 3, 'delivered']]);
    assert.ok(attempts.every((a) => a.url === `${receiver.url}/notify` && a.notifications === 1 && a.durationMs >= 0));
  });

  test('dropped after the retries run out', async () => {
    em.control.configure({ notificationRetries: 1, notificationTimeoutMs: 5_000 });
    await subscribe({ changeType: 'created' });
    receiver.statuses = [500, 500];
    makeEvent();
    await em.control.notificationsIdle();
    assert.deepEqual(em.control.notificationLog().filter((a) => a.kind === 'notification').map((a) => a.outcome), ['retrying', 'dropped']);
  });

  test('an answer slower than notificationTimeoutMs is a failure (status 0, timeout) and is retried', async () => {
    em.control.configure({ notificationRetries: 1, notificationTimeoutMs: 100 });
    await subscribe({ changeType: 'created' });
    receiver.notificationDelayMs = 300;
    makeEvent();
    await em.control.notificationsIdle();
    const attempts = em.control.notificationLog().filter((a) => a.kind === 'notification');
    assert.deepEqual(attempts.map((a) => [a.status, a.error, a.outcome]), [[0, 'timeout', 'retrying'], [0, 'timeout', 'dropped']]);
  });
});

describe('lifecycle notifications', () => {
  test('reauthorizationRequired, missed and subscriptionRemoved go to lifecycleNotificationUrl', async () => {
    const sub = (await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` })).body;
    em.control.sendLifecycleEvent(sub.id, 'reauthorizationRequired');
    em.control.sendLifecycleEvent(sub.id, 'missed');
    em.control.removeSubscription(sub.id);
    const got = await notifications('/lifecycle');
    // Each goes in a POST of its own, so they may arrive in any order.
    assert.deepEqual(got.map((n) => n.lifecycleEvent).sort(), ['missed', 'reauthorizationRequired', 'subscriptionRemoved']);
    assert.deepEqual(Object.keys(got[0]).sort(), ['clientState', 'lifecycleEvent', 'subscriptionExpirationDateTime', 'subscriptionId', 'tenantId']);
    assert.equal(got[0].subscriptionId, sub.id);
    assert.equal(got[0].clientState, 'secret-state');
    assert.equal((await g(`/subscriptions/${sub.id}`)).status, 404);
    assert.throws(() => em.control.sendLifecycleEvent(sub.id, 'missed'), /Unknown or expired/);
  });

  test('over HTTP: list, lifecycle, remove, log', async () => {
    const sub = (await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` })).body;
    const list = await request(`${em.url}/_emulator/subscriptions`);
    assert.equal(list.body[0].clientState, 'secret-state');
    assert.equal((await request(`${em.url}/_emulator/subscriptions/${sub.id}/lifecycle`, { method: 'POST', body: { lifecycleEvent: 'missed' } })).status, 204);
    assert.equal((await request(`${em.url}/_emulator/notifications/idle`, { method: 'POST' })).status, 204);
    assert.ok((await request(`${em.url}/_emulator/notifications`)).body.some((a: any) => a.kind === 'lifecycle' && a.status === 202));
    assert.equal((await request(`${em.url}/_emulator/subscriptions/${sub.id}/remove`, { method: 'POST' })).status, 204);
    assert.equal((await request(`${em.url}/_emulator/subscriptions/${sub.id}/expire`, { method: 'POST' })).status, 404);
  });
});

test('reset() forgets subscriptions, pending deliveries and the log', async () => {
  await subscribe();
  em.control.setNotificationDelivery({ delayMs: 300 });
  em.control.createEvent(adele, { subject: 'x', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' } });
  em.control.reset('demo');
  assert.deepEqual(em.control.subscriptions(), []);
  assert.deepEqual(em.control.notificationLog(), []);
  await em.control.notificationsIdle();
  assert.equal(receiver.received.length, 0);
});
