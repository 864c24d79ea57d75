// The pure rules of the alerts: which client secret is the one in use and what its end date means now
// (alerts/secret-expiry.ts), the causes counted by the once-a-day rule (alerts/causes.ts), who is
// emailed (alerts/email.ts) and what the email says (alerts/wording.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secretInUse, secretStatus, type SecretCheck } from '../../server/src/alerts/secret-expiry';
import { isCheckDue } from '../../server/src/alerts/secret-check';
import { mailboxAlerts, mailboxCause, secretAlert, type Alert } from '../../server/src/alerts/causes';
import { recipientsOf } from '../../server/src/alerts/email';
import { alertEmail } from '../../server/src/alerts/wording';
import { permissionFor } from '../../server/src/graph/errors';
import type { PasswordCredential } from '../../server/src/graph';
import type { SecretStatus, StoredMailbox } from '../../shared/api';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const credential = (hint: string | null, endDays: number, startDays = -30, displayName: string | null = null): PasswordCredential => ({
  keyId: `${hint}-${endDays}`,
  displayName,
  hint,
  startDateTime: at(startDays),
  endDateTime: at(endDays),
});

describe('the client secret in use', () => {
  const secret = 'abcSecretValue';

  test('the one whose hint is the saved secret\'s first three characters, even when another ends sooner', () => {
    assert.deepEqual(secretInUse([credential('xyz', 5), credential('abc', 400)], secret, NOW), { credential: credential('abc', 400), matchedBy: 'hint' });
  });

  test('no single hint match (none, or several): the soonest-ending current secret', () => {
    assert.equal(secretInUse([credential('xyz', 90), credential('qrs', 20)], secret, NOW)?.credential.hint, 'qrs');
    const twins = secretInUse([credential('abc', 300), credential('abc', 40)], secret, NOW);
    assert.deepEqual([twins?.credential.endDateTime, twins?.matchedBy], [at(40), 'soonest']);
    assert.equal(secretInUse([credential('xyz', 90), credential('qrs', 20, 1)], secret, NOW)?.credential.hint, 'xyz', 'one not begun yet is not current');
  });

  test('all ended: the one that ended last; none listed: null', () => {
    assert.equal(secretInUse([credential('xyz', -40), credential('qrs', -2)], secret, NOW)?.credential.hint, 'qrs');
    assert.equal(secretInUse([], secret, NOW), null);
  });
});

describe('the secret\'s state', () => {
  const check = (outcome: SecretCheck['outcome'], endsAt: string | null = null): SecretCheck => ({ app: 'app-1', checkedAt: NOW.toISOString(), outcome, endsAt, secretName: 'Strapi' });
  const state = (c: SecretCheck | null, expiredByToken = false, app = 'app-1') => {
    const s = secretStatus(c, app, expiredByToken, NOW, 30);
    return [s.state, s.source, s.note];
  };

  test('from the end date read: ok, expiring within the warning days, expired once past', () => {
    assert.deepEqual(state(check('read', at(31))), ['ok', 'end-date', null]);
    assert.deepEqual(state(check('read', at(30))), ['expiring', 'end-date', null]);
    assert.deepEqual(state(check('read', at(-1))), ['expired', 'end-date', null]);
    assert.deepEqual(state(check('read', null)), ['ok', 'end-date', null], 'a secret without an end date never expires');
  });

  test('AADSTS7000222 makes it expired whatever was read; without the permission the note says why', () => {
    assert.deepEqual(state(check('read', at(200)), true), ['expired', 'token', null]);
    assert.deepEqual(state(check('permission'), true), ['expired', 'token', 'permission']);
    assert.deepEqual(state(check('expired')), ['expired', 'token', null]);
    assert.deepEqual(state(check('permission')), ['unknown', null, 'permission']);
    assert.deepEqual(state(check('not-found')), ['unknown', null, 'not-found']);
  });

  test('a check of another app or secret is stale; an outage keeps the end date an earlier read found', () => {
    assert.deepEqual(state(check('read', at(3)), false, 'app-2'), ['unknown', null, 'not-checked']);
    assert.deepEqual(state(null), ['unknown', null, 'not-checked']);
    assert.deepEqual(state(check('unreachable', at(3))), ['expiring', 'end-date', 'unreachable']);
    assert.deepEqual(state(check('unreachable')), ['unknown', null, 'unreachable']);
  });

  test('read once a day, again within the hour after an outage, at once for another app', () => {
    const read = check('read', at(100));
    assert.equal(isCheckDue(read, 'app-1', new Date(NOW.getTime() + DAY - 1)), false);
    assert.equal(isCheckDue(read, 'app-1', new Date(NOW.getTime() + DAY)), true);
    assert.equal(isCheckDue(check('unreachable'), 'app-1', new Date(NOW.getTime() + 3_600_000)), true);
    assert.equal(isCheckDue(read, 'app-2', NOW), true);
    assert.equal(isCheckDue(null, 'app-1', NOW), true);
  });

  test('reading the registration names Application.Read.All when refused', () => {
    assert.equal(permissionFor('GET', "https://graph.microsoft.com/v1.0/applications(appId='x')?$select=passwordCredentials"), 'Application.Read.All');
  });
});

describe('alert causes', () => {
  const status = (state: SecretStatus['state']): SecretStatus => ({ state, endsAt: at(3), source: 'end-date', note: null, checkedAt: null, secretName: null, warningDays: 30 });

  test('a mailbox: its state and code; the secret: its state; nothing for healthy or ok', () => {
    assert.equal(mailboxCause('A@Contoso.com', { state: 'needs-attention', reason: 'missing_permission', since: null }), 'mailbox:a@contoso.com:needs-attention:missing_permission');
    assert.equal(mailboxCause('a@contoso.com', { state: 'degraded', reason: 'transient', since: null }), 'mailbox:a@contoso.com:degraded');
    assert.equal(mailboxCause('a@contoso.com', { state: 'healthy', reason: null, since: null }), null);
    assert.equal(secretAlert(status('expiring'))?.cause, 'secret:expiring');
    assert.equal(secretAlert(status('expired'))?.cause, 'secret:expired');
    assert.equal(secretAlert(status('ok')), null);
    assert.equal(secretAlert(status('unknown')), null);
  });

  test('the listed mailboxes: those needing attention first, then the degraded, each by address', () => {
    const listed = mailboxAlerts([
      { documentId: '1', address: 'b@x.com', health: { state: 'degraded', reason: 'transient', since: null } },
      { documentId: '2', address: 'c@x.com', health: { state: 'needs-attention', reason: 'mailbox_blocked', since: null } },
      { documentId: '3', address: 'a@x.com', health: { state: 'healthy', reason: null, since: null } },
      { documentId: '4', address: 'a@x.com', health: { state: 'needs-attention', reason: 'missing_permission', since: null } },
    ]);
    assert.deepEqual(listed.map((m) => [m.address, m.state]), [['a@x.com', 'needs-attention'], ['c@x.com', 'needs-attention'], ['b@x.com', 'degraded']]);
  });
});

describe('alert emails', () => {
  const mailbox = (address: string, owner: string | null) => ({ address, owner: owner ? { id: 1, email: owner } : null }) as unknown as StoredMailbox;
  const blocked: Alert = { kind: 'mailbox', cause: 'c1', mailbox: mailbox('a@contoso.com', 'Owner@Example.com'), health: { state: 'needs-attention', reason: 'mailbox_blocked', since: null } };
  const unowned: Alert = { kind: 'mailbox', cause: 'c2', mailbox: mailbox('b@contoso.com', null), health: { state: 'degraded', reason: 'transient', since: at(-1) } };
  const secret: Alert = { kind: 'secret', cause: 'secret:expiring', secret: { state: 'expiring', endsAt: at(9), source: 'end-date', note: null, checkedAt: null, secretName: 'Strapi', warningDays: 30 } };

  test('a mailbox\'s alert to its owner and the super admins, the secret\'s to the super admins; one mail per person', () => {
    const recipients = recipientsOf([blocked, unowned, secret], ['ada@example.com', 'owner@example.com']);
    assert.deepEqual([...recipients.keys()].sort(), ['ada@example.com', 'owner@example.com']);
    assert.deepEqual(recipients.get('ada@example.com')!.map((a) => a.cause), ['c1', 'c2', 'secret:expiring']);
    assert.deepEqual(recipientsOf([blocked], []).get('owner@example.com')!.map((a) => a.cause), ['c1'], 'the owner, lower-cased, without super admins');
  });

  test('plain words, a link to the settings page, no code to decode', () => {
    const { subject, text } = alertEmail([blocked, secret], 'https://cms.example.com/admin/settings/microsoft-365');
    assert.equal(subject, 'Microsoft 365 sync: 2 alerts');
    assert.match(text, /Mailbox a@contoso\.com needs attention: an Exchange application access policy blocks the mailbox\./);
    assert.match(text, new RegExp(`The client secret "Strapi" of the Azure app expires on ${at(9).slice(0, 10)}`));
    assert.match(text, /Open https:\/\/cms\.example\.com\/admin\/settings\/microsoft-365/);
    assert.equal(alertEmail([blocked], null).subject, 'Microsoft 365 sync: a@contoso.com needs attention');
  });
});
