import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, createRequestCounter } from '../../server/src/graph';
import { DEMO, MAILBOX, demoGateway, rejectionOf, timed, useTestEmulator } from './support';

const EVENTS = `/users/${MAILBOX}/events?$top=1`;

describe('retry and timeouts against the emulator', () => {
  const emulator = useTestEmulator({ resetEachTest: true });

  test('a storm of five 429s with Retry-After: 1 still succeeds, waiting as told', async () => {
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', status: 429, retryAfterSeconds: 1, times: 5 });
    const counter = createRequestCounter();
    const { value, ms } = await timed(() => demoGateway(emulator, { maxRetries: 5 }).request<{ value: unknown[] }>({ method: 'GET', url: EVENTS }, counter));
    assert.ok(Array.isArray(value.value));
    assert.ok(ms >= 5000, `waited only ${ms} ms for five Retry-After: 1`);
    assert.ok(ms < 8000, `took ${ms} ms`);
    assert.deepEqual({ requests: counter.requests, retries: counter.retries, throttled: counter.throttled }, { requests: 6, retries: 5, throttled: 5 });
    const statuses = emulator.control.requests().filter((r) => r.kind === 'graph').map((r) => r.status);
    assert.deepEqual(statuses, [429, 429, 429, 429, 429, 200]);
  });

  test('after a 429 with Retry-After nothing new goes to that mailbox until the time is up', async () => {
    const mailbox = DEMO.mailboxes[2];
    const gateway = demoGateway(emulator);
    await gateway.getAccessToken();
    emulator.control.configure({ latencyMs: 30 });
    try {
      emulator.control.addFault({ method: 'GET', pathPattern: '/events', mailbox, status: 429, retryAfterSeconds: 1, times: 1 });
      await Promise.all(Array.from({ length: 12 }, () => gateway.request({ method: 'GET', url: `/users/${mailbox}/events?$top=1` })));
    } finally {
      emulator.control.configure({ latencyMs: 0 });
    }
    const log = emulator.control.requests().filter((r) => r.mailbox === mailbox);
    const throttledAt = Date.parse(log.find((r) => r.status === 429)!.startedAt);
    // requests already in flight finish; none starts in the second Graph asked us to wait
    const startedDuringPause = log.filter((r) => {
      const t = Date.parse(r.startedAt);
      return t > throttledAt + 100 && t < throttledAt + 950;
    });
    assert.deepEqual(startedDuringPause, []);
    assert.equal(log.filter((r) => r.status === 200).length, 12);
    assert.equal(log.filter((r) => r.status === 429).length, 1);
  });

  test('503 without Retry-After backs off and succeeds; 504 on a GET too', async () => {
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', status: 503, times: 2 });
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', status: 504, times: 1 });
    const counter = createRequestCounter();
    const { ms } = await timed(() => demoGateway(emulator, { maxRetryDelayMs: 400 }).request({ method: 'GET', url: EVENTS }, counter));
    assert.equal(counter.retries, 3);
    assert.equal(counter.requests, 4);
    assert.ok(ms >= 3 * 200, `backoff too short: ${ms} ms`); // each wait is at least half the capped step
  });

  test('throttling beyond the retry budget becomes "throttled" with Retry-After', async () => {
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', status: 429, retryAfterSeconds: 0, times: 10 });
    const counter = createRequestCounter();
    const err = await rejectionOf(() => demoGateway(emulator, { maxRetries: 2 }).request({ method: 'GET', url: EVENTS }, counter));
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'throttled');
    assert.equal(err.status, 429);
    assert.equal(err.mailbox, MAILBOX);
    assert.equal(counter.requests, 3);
  });

  test('a Retry-After longer than maxRetryDelayMs is not cut short: give up at once', async () => {
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', status: 429, retryAfterSeconds: 120, times: 1 });
    const { value: err, ms } = await timed(() => rejectionOf(() => demoGateway(emulator, { maxRetryDelayMs: 5000 }).request({ method: 'GET', url: EVENTS })));
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'throttled');
    assert.equal(err.retryAfterSeconds, 120);
    assert.ok(ms < 2000);
    // a wait we refused does not hold later calls to the mailbox back
    const next = await timed(() => demoGateway(emulator).request({ method: 'GET', url: EVENTS }));
    assert.ok(next.ms < 1000, `next call waited ${next.ms} ms`);
  });

  test('a GET slower than the request timeout is aborted and retried', async () => {
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', status: 200, delayMs: 2000, times: 1 });
    const counter = createRequestCounter();
    const { ms } = await timed(() => demoGateway(emulator, { requestTimeoutMs: 300 }).request({ method: 'GET', url: EVENTS }, counter));
    assert.equal(counter.retries, 1);
    assert.equal(counter.requests, 2);
    assert.ok(ms < 1900, `the stalled attempt was not abandoned (${ms} ms)`);
  });

  test('a timed-out POST is not repeated blindly (it may have been applied)', async () => {
    emulator.control.addFault({ method: 'POST', pathPattern: '/events', status: 200, delayMs: 1500, times: 1 });
    const counter = createRequestCounter();
    const err = await rejectionOf(() =>
      demoGateway(emulator, { requestTimeoutMs: 300 }).request({ method: 'POST', url: `/users/${MAILBOX}/events`, body: { subject: 'x' } }, counter),
    );
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'network');
    assert.match(err.message, /did not answer within 300 ms/);
    assert.equal(counter.requests, 1);
    assert.equal(counter.retries, 0);
  });

  test('timeouts that never end exhaust the budget as a "network" error', async () => {
    // Another mailbox: the emulator, like Graph, keeps working on abandoned requests and they hold
    // its concurrency slots for a while.
    const other = DEMO.mailboxes[1];
    emulator.control.addFault({ method: 'GET', pathPattern: '/events', mailbox: other, status: 200, delayMs: 1000, times: 3 });
    const err = await rejectionOf(() =>
      demoGateway(emulator, { requestTimeoutMs: 200, maxRetries: 2, maxRetryDelayMs: 100 }).request({ method: 'GET', url: `/users/${other}/events?$top=1` }),
    );
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'network');
  });
});
