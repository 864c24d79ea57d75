import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, decideRetry, isRetryableStatus, parseRetryAfter } from '../../server/src/graph/retry-policy';

const policy = { maxRetries: 3, maxDelayMs: 8_000, baseDelayMs: 500 };

describe('retry policy', () => {
  test('only 429, 503 and 504 are retryable statuses', () => {
    assert.deepEqual([400, 401, 403, 404, 409, 412, 429, 500, 502, 503, 504].filter(isRetryableStatus), [429, 503, 504]);
  });

  test('Retry-After as seconds or HTTP date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter(' 0 '), 0);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  test('Retry-After is honoured exactly, never shortened; too long means give up', () => {
    assert.deepEqual(decideRetry(policy, 0, 3000), { retry: true, delayMs: 3000 });
    assert.deepEqual(decideRetry(policy, 0, 9000), { retry: false, reason: 'retry-after-too-long' });
    assert.deepEqual(decideRetry(policy, 3, 1000), { retry: false, reason: 'exhausted' });
  });

  test('backoff doubles, stays within [step/2, step] and is capped', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const step = Math.min(8_000, 500 * 2 ** attempt);
      assert.equal(backoffDelayMs(policy, attempt, () => 0), step / 2);
      assert.equal(backoffDelayMs(policy, attempt, () => 1), step);
    }
    const d = decideRetry(policy, 1, undefined, () => 0.5);
    assert.deepEqual(d, { retry: true, delayMs: 750 });
  });
});
