import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ResponseType } from '@microsoft/microsoft-graph-client';
import { batchPartError, createRequestCounter, type BatchRequest } from '../../server/src/graph';
import { DEMO, demoGateway, timed, useTestEmulator } from './support';

// A mailbox of its own, so counting events is not disturbed by other tests' writes.
const MAILBOX = DEMO.mailboxes[2];

function newEvent(i: number): Record<string, unknown> {
  const start = new Date(Date.UTC(2030, 0, 1, 8 + (i % 8), 0));
  return {
    subject: `batch test ${i}`,
    start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
    end: { dateTime: new Date(start.getTime() + 3600_000).toISOString().slice(0, 19), timeZone: 'UTC' },
    transactionId: randomUUID(),
  };
}

describe('batch writer against the emulator', () => {
  const emulator = useTestEmulator({ resetEachTest: true });

  test('25 creates go out as 2 envelopes; throttled parts alone are re-sent after Retry-After', async () => {
    emulator.control.addFault({ method: 'POST', pathPattern: '/events$', mailbox: MAILBOX, status: 429, retryAfterSeconds: 1, times: 3, inBatch: true });
    const requests: BatchRequest[] = Array.from({ length: 25 }, (_, i) => ({ id: `e${i}`, method: 'POST', url: `/users/${MAILBOX}/events`, body: newEvent(i) }));
    const counter = createRequestCounter();
    const { value: responses, ms } = await timed(() => demoGateway(emulator).batch(requests, { counter }));

    assert.deepEqual(responses.map((r) => r.id), requests.map((r) => r.id));
    assert.ok(responses.every((r) => r.status === 201), JSON.stringify(responses.map((r) => r.status)));
    assert.equal(responses.filter((r) => r.retries > 0).length, 3);
    assert.ok(ms >= 1000, `Retry-After of the parts not honoured (${ms} ms)`);
    assert.equal(counter.throttled, 3);
    assert.equal(counter.retries, 3);
    // 2 envelopes, then 1 or 2 envelopes with just the throttled parts: never the whole chunk again
    assert.ok(counter.batches >= 3 && counter.batches <= 4, `batches ${counter.batches}`);
    assert.equal(counter.batchParts, 25 + 3);

    const subjects = new Set(responses.map((r) => (r.body as { subject: string }).subject));
    assert.equal(subjects.size, 25);
  });

  test('parts that fail for good are returned as is and map to GatewayErrors', async () => {
    const gateway = demoGateway(emulator);
    const [created] = await gateway.batch([{ id: 'c', method: 'POST', url: `/users/${MAILBOX}/events`, body: newEvent(99) }]);
    const id = (created.body as { id: string }).id;
    const requests: BatchRequest[] = [
      { id: 'stale', method: 'PATCH', url: `/users/${MAILBOX}/events/${id}`, body: { subject: 'x' }, headers: { 'If-Match': 'W/"not-the-change-key"' } },
      { id: 'missing', method: 'GET', url: `/users/${MAILBOX}/events/AAMkAGnotthere` },
      { id: 'nobody', method: 'GET', url: '/users/nobody@contoso.onmicrosoft.com/events' },
      { id: 'delete', method: 'DELETE', url: `/users/${MAILBOX}/events/${id}` },
    ];
    const counter = createRequestCounter();
    const responses = await gateway.batch(requests, { counter });
    const status = Object.fromEntries(responses.map((r) => [r.id, r.status]));
    assert.deepEqual(status, { stale: 412, missing: 404, nobody: 404, delete: 204 });
    assert.equal(counter.retries, 0);
    assert.equal(batchPartError(requests[0], responses[0]).code, 'precondition_failed');
    assert.equal(batchPartError(requests[1], responses[1]).code, 'not_found');
    const nobody = batchPartError(requests[2], responses[2]);
    assert.equal(nobody.code, 'mailbox_not_found');
    assert.equal(nobody.mailbox, 'nobody@contoso.onmicrosoft.com');
  });

  test('a part still throttled after the retry budget keeps its 429', async () => {
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', mailbox: MAILBOX, status: 429, retryAfterSeconds: 0, times: 50, inBatch: true });
    const requests: BatchRequest[] = [{ id: 'x', method: 'GET', url: `/users/${MAILBOX}/events?$top=1` }];
    const [response] = await demoGateway(emulator, { maxRetries: 2 }).batch(requests);
    assert.equal(response.status, 429);
    assert.equal(response.retries, 2);
    const err = batchPartError(requests[0], response);
    assert.equal(err.code, 'throttled');
    assert.equal(err.retryAfterSeconds, 0);
  });

  test('an envelope answered 503 is retried by the client chain (all parts idempotent)', async () => {
    emulator.control.addFault({ method: 'POST', pathPattern: '\\$batch', status: 503, retryAfterSeconds: 0, times: 1 });
    const counter = createRequestCounter();
    const responses = await demoGateway(emulator).batch([{ id: 'a', method: 'GET', url: `/users/${MAILBOX}/events?$top=1` }], { counter });
    assert.equal(responses[0].status, 200);
    assert.equal(counter.batches, 2);
    assert.equal(counter.retries, 1);
  });

  test('immutable ids are asked for on every part and every single request, keeping other preferences', async () => {
    const gateway = demoGateway(emulator);
    const [created] = await gateway.batch([{ id: 'p', method: 'POST', url: `/users/${MAILBOX}/events`, body: newEvent(7), headers: { prefer: 'outlook.timezone="UTC"' } }]);
    assert.match(created.headers['preference-applied'] ?? '', /IdType="ImmutableId"/);
    assert.match(created.headers['preference-applied'] ?? '', /outlook\.timezone="UTC"/);
    const id = (created.body as { id: string }).id;
    const raw: Response = await gateway
      .getClient()
      .api(`/users/${MAILBOX}/events/${id}`)
      .header('Prefer', 'outlook.timezone="Pacific Standard Time"')
      .responseType(ResponseType.RAW)
      .get();
    assert.equal(raw.status, 200);
    assert.match(raw.headers.get('preference-applied') ?? '', /IdType="ImmutableId"/);
    assert.match(raw.headers.get('preference-applied') ?? '', /Pacific Standard Time/);
    const off = await demoGateway(emulator, { immutableIds: false }).batch([{ id: 'g', method: 'GET', url: `/users/${MAILBOX}/events/${id}` }]);
    assert.doesNotMatch(off[0].headers['preference-applied'] ?? '', /ImmutableId/);
  });

  test('an envelope over Graph\'s size limit is split: only the oversized part is answered 413, the others go through', async () => {
    const requests: BatchRequest[] = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, method: 'POST', url: `/users/${MAILBOX}/events`, body: newEvent(40 + i) }));
    // A 4.5 MB body: over the 4 MB Graph takes in one request, envelope or not.
    (requests[1]!.body as Record<string, unknown>).body = { contentType: 'text', content: 'x'.repeat(4.5 * 1024 * 1024) };
    const counter = createRequestCounter();
    const responses = await demoGateway(emulator).batch(requests, { counter });
    assert.deepEqual(responses.map((r) => r.status), [201, 413, 201, 201, 201]);
    assert.equal(batchPartError(requests[1]!, responses[1]!).code, 'invalid_request');
    const subjects = new Set(emulator.control.listEvents(MAILBOX).map((e) => e.subject));
    for (const i of [0, 2, 3, 4]) assert.ok(subjects.has(`batch test ${40 + i}`));
    assert.ok(!subjects.has('batch test 41'));
    assert.ok(counter.batches > 1, 'the envelope was split');
  });

  test('requests are validated before anything is sent', async () => {
    const gateway = demoGateway(emulator);
    await assert.rejects(() => gateway.batch([{ id: 'a', method: 'GET', url: '/me' }, { id: 'a', method: 'GET', url: '/me' }]), /used twice/);
    await assert.rejects(() => gateway.batch([{ id: '', method: 'GET', url: '/me' }]), /id/);
    assert.equal(emulator.control.stats().batchRequests, 0);
  });
});
