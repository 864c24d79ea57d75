import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MailboxLimiter, Semaphore, limiterWeights, mailboxOf } from '../../server/src/graph/limiter';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('limiter', () => {
  test('mailboxOf reads /users/{id}/… in every URL form, and ignores directory reads', () => {
    assert.equal(mailboxOf('https://graph.microsoft.com/v1.0/users/Adele%40contoso.com/events?$top=1'), 'adele@contoso.com');
    assert.equal(mailboxOf('/users/adele@contoso.com/todo/lists'), 'adele@contoso.com');
    assert.equal(mailboxOf("/v1.0/users('Adele@contoso.com')/messages"), 'adele@contoso.com');
    assert.equal(mailboxOf('/users?$top=1'), undefined);
    assert.equal(mailboxOf('/users/adele@contoso.com'), undefined);
    assert.equal(mailboxOf('/$batch'), undefined);
  });

  test('a $batch weighs min(parts per mailbox, 4) for each mailbox it touches', () => {
    const body = JSON.stringify({
      requests: [
        ...Array.from({ length: 7 }, (_, i) => ({ id: `a${i}`, method: 'GET', url: '/users/a@x.com/events' })),
        { id: 'b0', method: 'GET', url: '/users/b@x.com/events' },
        { id: 'u', method: 'GET', url: '/users?$top=1' },
      ],
    });
    assert.deepEqual([...limiterWeights('https://h/v1.0/$batch', body, 4)].sort(), [['a@x.com', 4], ['b@x.com', 1]]);
    assert.deepEqual([...limiterWeights('https://h/v1.0/users/a@x.com/events', undefined, 4)], [['a@x.com', 1]]);
  });

  test('semaphore grants in arrival order and never over capacity, weights included', async () => {
    const s = new Semaphore(4);
    const order: string[] = [];
    const r1 = await s.acquire(3);
    const p2 = s.acquire(2).then((r) => (order.push('heavy'), r));
    const p3 = s.acquire(1).then((r) => (order.push('light'), r));
    await tick();
    // the light one fits, but waits behind the heavy one: no starvation of batches
    assert.deepEqual(order, []);
    assert.equal(s.active, 3);
    r1();
    const [r2, r3] = await Promise.all([p2, p3]);
    assert.deepEqual(order, ['heavy', 'light']);
    assert.equal(s.active, 3);
    r2();
    r3();
    r3(); // releasing twice is harmless
    assert.equal(s.active, 0);
  });

  test('per-mailbox cap of 4 and the global cap hold under load', async () => {
    const limiter = new MailboxLimiter({ maxConcurrentPerMailbox: 10, maxConcurrent: 6 }); // 10 is clamped to Outlook's 4
    assert.equal(limiter.maxPerMailbox, 4);
    let active = 0;
    let peak = 0;
    const perMailbox = new Map<string, number>();
    let peakMailbox = 0;
    const work = async (mailbox: string) => {
      const release = await limiter.acquire(new Map([[mailbox, 1]]));
      active++;
      perMailbox.set(mailbox, (perMailbox.get(mailbox) ?? 0) + 1);
      peak = Math.max(peak, active);
      peakMailbox = Math.max(peakMailbox, perMailbox.get(mailbox)!);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      perMailbox.set(mailbox, perMailbox.get(mailbox)! - 1);
      release();
    };
    await Promise.all([...Array.from({ length: 30 }, () => work('a')), ...Array.from({ length: 30 }, (_, i) => work(`m${i % 3}`))]);
    assert.equal(peakMailbox, 4);
    assert.equal(peak, 6);
  });

  test('a paused mailbox waits; other mailboxes do not', async () => {
    const limiter = new MailboxLimiter({});
    limiter.pause('a', 200);
    limiter.pause('a', 50); // never shortens a pause
    const started = Date.now();
    const [aAt, bAt] = await Promise.all(
      ['a', 'b'].map(async (m) => {
        const release = await limiter.acquire(new Map([[m, 1]]));
        release();
        return Date.now() - started;
      }),
    );
    assert.ok(aAt >= 190, `a waited ${aAt} ms`);
    assert.ok(bAt < 100, `b waited ${bAt} ms`);
  });

  test('acquiring several mailboxes in sorted order cannot deadlock', async () => {
    const limiter = new MailboxLimiter({});
    const jobs = Array.from({ length: 50 }, async (_, i) => {
      const weights = new Map(i % 2 ? [['a', 4], ['b', 2]] : [['b', 4], ['a', 1]]);
      const release = await limiter.acquire(weights as Map<string, number>);
      await new Promise((r) => setTimeout(r, 1));
      release();
    });
    await Promise.all(jobs);
    assert.equal(limiter.activeFor('a') + limiter.activeFor('b'), 0);
  });
});
