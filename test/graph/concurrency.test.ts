import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestCounter, type BatchRequest } from '../../server/src/graph';
import { DEMO, MAILBOX, demoGateway, useTestEmulator } from './support';

describe('per-mailbox concurrency against the emulator', () => {
  // latency makes requests overlap, so an unlimited client would exceed 4 for sure
  const emulator = useTestEmulator({ latencyMs: 40, resetEachTest: true });

  test('40 parallel requests to one mailbox: never more than 4 in flight, none throttled', async () => {
    const gateway = demoGateway(emulator);
    await gateway.getAccessToken();
    emulator.control.clearRequests();
    const counter = createRequestCounter();
    await Promise.all(Array.from({ length: 40 }, () => gateway.request({ method: 'GET', url: `/users/${MAILBOX}/events?$top=1` }, counter)));
    const stats = emulator.control.stats();
    assert.equal(stats.maxConcurrentPerMailbox[MAILBOX], 4);
    assert.equal(stats.byStatus['429'] ?? 0, 0);
    assert.equal(counter.requests, 40);
  });

  test('batches of 20 and single requests together still hold 4 per mailbox', async () => {
    const gateway = demoGateway(emulator);
    const batch = (prefix: string): BatchRequest[] =>
      Array.from({ length: 20 }, (_, i) => ({ id: `${prefix}${i}`, method: 'GET', url: `/users/${MAILBOX}/events?$top=1` }));
    const counter = createRequestCounter();
    const [a, b] = await Promise.all([
      gateway.batch(batch('a'), { counter }),
      gateway.batch(batch('b'), { counter }),
      ...Array.from({ length: 12 }, () => gateway.request({ method: 'GET', url: `/users/${MAILBOX}/events?$top=1` }, counter)),
      // another mailbox is not held back by the busy one
      ...Array.from({ length: 8 }, () => gateway.request({ method: 'GET', url: `/users/${DEMO.mailboxes[1]}/events?$top=1` }, counter)),
    ]);
    assert.ok([...a, ...b].every((r) => r.status === 200));
    const stats = emulator.control.stats();
    assert.equal(stats.maxConcurrentPerMailbox[MAILBOX], 4);
    assert.ok(stats.maxConcurrentPerMailbox[DEMO.mailboxes[1]] <= 4);
    assert.equal(stats.byStatus['429'] ?? 0, 0);
    assert.equal(counter.batches, 2);
    assert.equal(counter.batchParts, 40);
  });

  test('a lower per-mailbox cap and the global cap are honoured', async () => {
    const gateway = demoGateway(emulator, { maxConcurrentPerMailbox: 2, maxConcurrent: 3 });
    await Promise.all(
      DEMO.mailboxes.flatMap((m) => Array.from({ length: 8 }, () => gateway.request({ method: 'GET', url: `/users/${m}/events?$top=1` }))),
    );
    const stats = emulator.control.stats();
    for (const m of DEMO.mailboxes) assert.ok(stats.maxConcurrentPerMailbox[m] <= 2, `${m}: ${stats.maxConcurrentPerMailbox[m]}`);
    assert.ok(stats.maxConcurrent <= 3, `global ${stats.maxConcurrent}`);
    // restore the shared limiter for other tests in this process
    demoGateway(emulator, { maxConcurrentPerMailbox: 4, maxConcurrent: 16 });
  });
});
