import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Mutex, forEachBounded } from '../../server/src/sync/concurrency';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise settled from outside, to hold a call in flight for as long as a test needs. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Counts calls in flight and keeps the high-water mark. */
function inFlightMeter() {
  let now = 0;
  let max = 0;
  return {
    enter() {
      now++;
      max = Math.max(max, now);
    },
    leave() {
      now--;
    },
    get now() {
      return now;
    },
    get max() {
      return max;
    },
  };
}

/** Lets every queued microtask and the next timers run. */
const settle = () => sleep(5);

describe('forEachBounded', () => {
  test('never runs more than `limit` calls at once, uses all of them, and runs every item once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 25 }), fc.integer({ min: 1, max: 6 }), async (delays, limit) => {
        const meter = inFlightMeter();
        const runs = new Array<number>(delays.length).fill(0);
        await forEachBounded(
          delays.map((delay, index) => ({ delay, index })),
          limit,
          async ({ delay, index }) => {
            meter.enter();
            runs[index]!++;
            await sleep(delay);
            meter.leave();
          },
        );
        assert.ok(meter.max <= limit, `${meter.max} in flight with a limit of ${limit}`);
        assert.equal(meter.max, Math.min(limit, delays.length), 'the pool used fewer slots than it had');
        assert.deepEqual(runs, new Array<number>(delays.length).fill(1), 'every item runs exactly once');
      }),
      { numRuns: 40 },
    );
  });

  test('starts the items in their order; a freed slot takes the next item', async () => {
    const gates = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    const done = forEachBounded([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await gates[i]!.promise;
    });
    await settle();
    assert.deepEqual(started, [0, 1]);
    gates[1]!.resolve();
    await settle();
    assert.deepEqual(started, [0, 1, 2], 'the slot freed by item 1 takes item 2');
    gates[0]!.resolve();
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3]);
    gates[3]!.resolve();
    gates[2]!.resolve();
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    gates[4]!.resolve();
    await done;
  });

  test('resolves only once every started call has settled', async () => {
    const slow = deferred();
    let resolved = false;
    const done = forEachBounded(['fast', 'slow'], 2, async (item) => {
      if (item === 'slow') await slow.promise;
    }).then(() => {
      resolved = true;
    });
    await settle();
    assert.equal(resolved, false, 'resolved while a call was still running');
    slow.resolve();
    await done;
    assert.equal(resolved, true);
  });

  test('an error does not stop the other items; the pool rejects with the first error once all have settled', async () => {
    const ran: string[] = [];
    const late = deferred();
    let settledBeforeRejection = false;
    const outcome = forEachBounded(['a', 'b', 'c', 'd', 'e'], 2, async (item) => {
      ran.push(item);
      if (item === 'b') throw new Error('b failed');
      if (item === 'c') throw new Error('c failed');
      if (item === 'e') {
        await late.promise;
        settledBeforeRejection = true;
      }
    });
    await settle();
    late.resolve();
    await assert.rejects(outcome, { message: 'b failed' });
    assert.deepEqual([...ran].sort(), ['a', 'b', 'c', 'd', 'e'], 'items after a failure still run');
    assert.equal(settledBeforeRejection, true, 'rejected while a call was still running');
  });

  test('the first error is the first to happen, not the first item to fail', async () => {
    const outcome = forEachBounded([20, 1], 2, async (ms) => {
      await sleep(ms);
      throw new Error(`failed after ${ms} ms`);
    });
    await assert.rejects(outcome, { message: 'failed after 1 ms' });
  });

  test('a call that throws synchronously counts as a failed call', async () => {
    const ran: number[] = [];
    const work = ((item: number) => {
      ran.push(item);
      if (item === 0) throw new Error('sync throw');
      return Promise.resolve();
    }) as (item: number) => Promise<void>;
    await assert.rejects(forEachBounded([0, 1, 2], 1, work), { message: 'sync throw' });
    assert.deepEqual(ran, [0, 1, 2]);
  });

  test('no items: resolves without calling work', async () => {
    let calls = 0;
    await forEachBounded([], 4, async () => {
      calls++;
    });
    assert.equal(calls, 0);
  });

  test('a limit below 1 or not a number runs one at a time; a fractional limit rounds down; an infinite one runs all', async () => {
    for (const [limit, expected] of [
      [0, 1],
      [-3, 1],
      [Number.NaN, 1],
      [2.9, 2],
      [Number.POSITIVE_INFINITY, 4],
    ] as const) {
      const meter = inFlightMeter();
      let calls = 0;
      await forEachBounded([1, 2, 3, 4], limit, async () => {
        meter.enter();
        calls++;
        await sleep(2);
        meter.leave();
      });
      assert.equal(calls, 4, `limit ${limit}: every item runs`);
      assert.equal(meter.max, expected, `limit ${limit}`);
    }
  });
});

describe('Mutex', () => {
  test('runs sections one at a time, first come first served, and hands back their values', async () => {
    const mutex = new Mutex();
    const meter = inFlightMeter();
    const order: number[] = [];
    const results = await Promise.all(
      [5, 1, 3, 0, 2].map((ms, i) =>
        mutex.exclusive(async () => {
          meter.enter();
          order.push(i);
          await sleep(ms);
          meter.leave();
          return i * 10;
        }),
      ),
    );
    assert.equal(meter.max, 1, 'two sections overlapped');
    assert.deepEqual(order, [0, 1, 2, 3, 4], 'sections ran out of arrival order');
    assert.deepEqual(results, [0, 10, 20, 30, 40]);
  });

  test('a failing section passes its error to its caller and releases the lock', async () => {
    const mutex = new Mutex();
    const failing = mutex.exclusive(async () => {
      await sleep(1);
      throw new Error('section failed');
    });
    const syncThrow = mutex.exclusive((() => {
      throw new Error('sync throw');
    }) as () => Promise<void>);
    const after = mutex.exclusive(async () => 'ran');
    await assert.rejects(failing, { message: 'section failed' });
    await assert.rejects(syncThrow, { message: 'sync throw' });
    assert.equal(await after, 'ran');
  });

  test('a section is held off while another holds the lock, and runs as soon as it is released', async () => {
    const mutex = new Mutex();
    const gate = deferred();
    let secondRan = false;
    const first = mutex.exclusive(() => gate.promise);
    const second = mutex.exclusive(async () => {
      secondRan = true;
    });
    await settle();
    assert.equal(secondRan, false);
    gate.resolve();
    await Promise.all([first, second]);
    assert.equal(secondRan, true);
  });

  test('not reentrant: a nested section waits for the outer one to finish (callers such as db.transaction join instead)', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    let nested: Promise<void> | undefined;
    await mutex.exclusive(async () => {
      events.push('outer start');
      nested = mutex.exclusive(async () => {
        events.push('nested');
      });
      // Awaiting `nested` here would never end; the nested section must not run inside the outer one.
      const timedOut = await Promise.race([nested.then(() => false), sleep(20).then(() => true)]);
      assert.equal(timedOut, true, 'the nested section ran while the outer one held the lock');
      events.push('outer end');
    });
    await nested;
    assert.deepEqual(events, ['outer start', 'outer end', 'nested']);
  });

  test('independent mutexes do not block each other', async () => {
    const a = new Mutex();
    const b = new Mutex();
    const gate = deferred();
    const held = a.exclusive(() => gate.promise);
    assert.equal(await b.exclusive(async () => 'b ran'), 'b ran');
    gate.resolve();
    await held;
  });
});
