// The two rules behind a mailbox's health: which failures need an admin (failure-class.ts) and how the
// stored columns read as a state (mailboxes/health.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError, type GatewayErrorCode } from '../../server/src/graph';
import { failureClass } from '../../server/src/sync/failure-class';
import { mailboxHealth } from '../../server/src/mailboxes/health';
import { pairKey } from '../../server/src/mailboxes/resource-counts';
import { healthChanges } from '../../server/src/mailboxes/health-events';
import type { StoredMailbox } from '../../shared/api';

const HOUR = 3_600_000;
const gatewayError = (code: GatewayErrorCode, extra: { status?: number; transient?: boolean } = {}) => new GatewayError({ code, message: code, ...extra });

describe('failure classes', () => {
  const admins: GatewayErrorCode[] = ['invalid_config', 'invalid_secret', 'expired_secret', 'invalid_certificate', 'unknown_client', 'unknown_tenant', 'auth_failed', 'token_rejected', 'missing_permission', 'mailbox_blocked', 'mailbox_not_found'];
  for (const code of admins) {
    test(`${code} needs an admin`, () => assert.deepEqual(failureClass(gatewayError(code, { status: 400 })), { kind: 'needs-admin', code }));
  }

  const passing: GatewayErrorCode[] = ['throttled', 'network', 'graph_error', 'resync_required', 'not_found', 'precondition_failed', 'invalid_request'];
  for (const code of passing) {
    test(`${code} is transient`, () => assert.deepEqual(failureClass(gatewayError(code)), { kind: 'transient' }));
  }

  test('an identity-platform 5xx is an outage, however it is coded', () => {
    assert.deepEqual(failureClass(gatewayError('auth_failed', { status: 503 })), { kind: 'transient' });
    assert.deepEqual(failureClass(gatewayError('missing_permission', { transient: true })), { kind: 'transient' });
  });

  test('what is not a gateway error (the database, a bug) is transient: retried, not an admin alert', () => {
    assert.deepEqual(failureClass(new Error('SQLITE_BUSY: database is locked')), { kind: 'transient' });
    assert.deepEqual(failureClass('oops'), { kind: 'transient' });
  });
});

describe('mailbox health', () => {
  const now = new Date('2026-12-07T12:00:00.000Z');
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR).toISOString();

  test('the four states', () => {
    assert.deepEqual(mailboxHealth({ enabled: true, failingSince: null, attentionCode: null }, now, 6), { state: 'healthy', reason: null, since: null, resources: [] });
    assert.deepEqual(mailboxHealth({ enabled: true, failingSince: ago(2), attentionCode: null }, now, 6), { state: 'healthy', reason: null, since: ago(2), resources: [] });
    assert.deepEqual(mailboxHealth({ enabled: true, failingSince: ago(6), attentionCode: null }, now, 6), { state: 'degraded', reason: 'transient', since: ago(6), resources: [] });
    assert.deepEqual(mailboxHealth({ enabled: true, failingSince: ago(1), attentionCode: 'expired_secret' }, now, 6), { state: 'needs-attention', reason: 'expired_secret', since: ago(1), resources: [] });
    assert.deepEqual(mailboxHealth({ enabled: false, failingSince: ago(9), attentionCode: 'expired_secret' }, now, 6), { state: 'disabled', reason: null, since: null, resources: [] });
  });

  test('the limit is the configured one; a Date column reads like an ISO one', () => {
    assert.equal(mailboxHealth({ enabled: true, failingSince: new Date(ago(2)), attentionCode: null }, now, 1).state, 'degraded');
    assert.equal(mailboxHealth({ enabled: true, failingSince: new Date(ago(2)), attentionCode: null }, now, 3).state, 'healthy');
  });

  test('each resource the mailbox syncs, with when it last went through and what it holds', () => {
    const counts = new Map([[pairKey('a@contoso.com', 'calendar'), { items: 12, quarantined: 1, heldDeletions: 3 }], [pairKey('a@contoso.com', 'email'), { items: 4, quarantined: 0, heldDeletions: 0 }]]);
    const mailbox = { address: 'a@contoso.com', enabled: true, failingSince: null, attentionCode: null, calendar: true, tasks: true, email: false, resourceSyncedAt: { calendar: ago(1) } };
    assert.deepEqual(mailboxHealth(mailbox, now, 6, counts).resources, [
      { resource: 'calendar', lastSuccessAt: ago(1), items: 12, quarantined: 1, heldDeletions: 3 },
      { resource: 'tasks', lastSuccessAt: null, items: 0, quarantined: 0, heldDeletions: 0 },
      // Switched off, but it still holds what it synced.
      { resource: 'email', lastSuccessAt: null, items: 4, quarantined: 0, heldDeletions: 0 },
    ]);
  });
});

describe('health announcements', () => {
  const now = new Date('2026-12-07T12:00:00.000Z');
  // A stored mailbox whose columns read as that state (healthy, or needs-attention for `reason`).
  const box = (state: 'healthy' | 'needs-attention', reason: string | null, lastHealthAlert: StoredMailbox['lastHealthAlert'] = null) =>
    ({ documentId: 'd1', address: 'a@contoso.com', enabled: true, failingSince: null, attentionCode: state === 'needs-attention' ? reason : null, lastHealthAlert }) as unknown as StoredMailbox;

  test('a move is announced with the alert it leaves; no move, nothing', () => {
    assert.deepEqual(healthChanges([box('needs-attention', 'expired_secret')], now, 6), [
      {
        change: { mailbox: 'a@contoso.com', documentId: 'd1', from: 'healthy', to: 'needs-attention', reason: 'expired_secret', since: null },
        alert: { cause: 'needs-attention:expired_secret', at: now.toISOString() },
      },
    ]);
    assert.deepEqual(healthChanges([box('healthy', null)], now, 6), []);
  });

  test('the same cause again within a day is not repeated; after a day it is', () => {
    const hoursAgo = (h: number) => ({ cause: 'needs-attention:expired_secret', at: new Date(now.getTime() - h * HOUR).toISOString() });
    assert.deepEqual(healthChanges([box('needs-attention', 'expired_secret', hoursAgo(3))], now, 6), []);
    assert.equal(healthChanges([box('needs-attention', 'expired_secret', hoursAgo(25))], now, 6).length, 1);
    assert.equal(healthChanges([box('needs-attention', 'missing_permission', hoursAgo(3))], now, 6).length, 1, 'another cause is news');
  });

  test('a move the clock makes is announced: transient failures grown past the limit between two runs', () => {
    const failing = { ...box('healthy', null, { cause: 'healthy:', at: new Date(now.getTime() - 2 * HOUR).toISOString() }), failingSince: new Date(now.getTime() - 7 * HOUR).toISOString() } as StoredMailbox;
    assert.deepEqual(healthChanges([failing], now, 6).map(({ change }) => [change.from, change.to, change.reason]), [['healthy', 'degraded', 'transient']]);
    assert.deepEqual(healthChanges([failing], now, 8), [], 'not yet past the limit');
  });
});
