// The breaker's threshold (issue 9 §3): more than minItems AND more than share of the items.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { breakerTrips, titleOf } from '../../server/src/sync/deletion-guard';

const guard = { minItems: 20, share: 0.5 };

describe('deletion breaker threshold', () => {
  test('trips only when both bounds are passed', () => {
    assert.equal(breakerTrips(21, 30, guard), true, '21 of 30: more than 20 and more than half');
    assert.equal(breakerTrips(20, 30, guard), false, '20 is not more than 20');
    assert.equal(breakerTrips(21, 42, guard), false, 'exactly half is not more than half');
    assert.equal(breakerTrips(22, 42, guard), true);
    assert.equal(breakerTrips(500, 10_000, guard), false, 'a small share of a big mailbox goes ahead');
    assert.equal(breakerTrips(0, 0, guard), false);
  });

  test('minItems 0 and share 0 hold every deletion; no guard holds none', () => {
    assert.equal(breakerTrips(1, 1000, { minItems: 0, share: 0 }), true);
    assert.equal(breakerTrips(1000, 1000, undefined), false);
  });

  test('an item is titled by its subject or title, cut at 500 characters', () => {
    assert.equal(titleOf({ subject: 'Board meeting' }), 'Board meeting');
    assert.equal(titleOf({ title: 'Call back' }), 'Call back');
    assert.equal(titleOf({ subject: '' }), null);
    assert.equal(titleOf(undefined), null);
    assert.equal(titleOf({ subject: 'x'.repeat(600) })!.length, 500);
  });
});
