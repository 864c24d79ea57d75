// The schedule's backoff during a transient streak (server/src/mailboxes/backoff.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scheduledRetryAt, scheduleTakes } from '../../server/src/mailboxes/backoff';

const T0 = Date.parse('2026-12-07T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const failing = (sinceMinutes: number, lastRunMinutes: number, extra: Partial<Parameters<typeof scheduledRetryAt>[0]> = {}) => ({
  enabled: true,
  attentionCode: null,
  failingSince: at(sinceMinutes),
  lastSyncAt: at(lastRunMinutes),
  ...extra,
});

describe('schedule backoff', () => {
  test('no streak, a switched-off mailbox or one that needs an admin: no waiting', () => {
    assert.equal(scheduledRetryAt({ enabled: true, attentionCode: null, failingSince: null, lastSyncAt: at(0) }, 30, 240), null);
    assert.equal(scheduledRetryAt(failing(0, 90, { enabled: false }), 30, 240), null);
    assert.equal(scheduledRetryAt(failing(0, 90, { attentionCode: 'expired_secret' }), 30, 240), null);
  });

  test('the wait is one interval, then doubles with the streak, up to the cap', () => {
    // Failures at 0, 30, 60, 120, 240 minutes: each next try one streak-length later.
    assert.deepEqual(scheduledRetryAt(failing(0, 0), 30, 240), at(30));
    assert.deepEqual(scheduledRetryAt(failing(0, 30), 30, 240), at(60));
    assert.deepEqual(scheduledRetryAt(failing(0, 60), 30, 240), at(120));
    assert.deepEqual(scheduledRetryAt(failing(0, 120), 30, 240), at(240));
    assert.deepEqual(scheduledRetryAt(failing(0, 600), 30, 240), at(840), 'capped at maxRetryBackoffMinutes');
    assert.deepEqual(scheduledRetryAt(failing(0, 600), 30, 10), at(630), 'never less than one interval');
  });

  test('a scheduled run takes the mailbox once its retry is due, or due within half an interval', () => {
    const box = failing(0, 61);
    assert.equal(scheduleTakes(box, at(90), 30, 240), false, 'retry at 122: the run at 90 leaves it');
    assert.equal(scheduleTakes(box, at(120), 30, 240), true, 'the run at 120 is 2 minutes early: it goes now, not at 150');
    assert.equal(scheduleTakes({ enabled: true, attentionCode: null, failingSince: null, lastSyncAt: null }, at(0), 30, 240), true);
  });
});
