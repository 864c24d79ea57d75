import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkConnection } from '../../server/src/graph';
import { DEMO, MAILBOX, demoGateway, demoOptions, useTestEmulator } from './support';

const NO_DIRECTORY_APP = '0b0b0b0b-0000-4000-8000-000000000001';
const BLOCKED_APP = '0b0b0b0b-0000-4000-8000-000000000002';
const SECRET = 'connection-check-secret~0123456789';

const byName = (report: Awaited<ReturnType<typeof checkConnection>>) => Object.fromEntries(report.checks.map((c) => [c.name, c]));

describe('connection check against the emulator', () => {
  const emulator = useTestEmulator({
    apps: [
      { clientId: NO_DIRECTORY_APP, secret: SECRET, permissions: DEMO.permissions.filter((p) => p !== 'User.Read.All') },
      { clientId: BLOCKED_APP, secret: SECRET, permissions: [...DEMO.permissions], blockedMailboxes: [MAILBOX] },
    ],
  });

  test('all four checks pass for the demo app, in order', async () => {
    const report = await demoGateway(emulator).checkConnection(MAILBOX);
    assert.deepEqual(report.checks.map((c) => c.name), ['token', 'calendar', 'tasks', 'mail']);
    assert.ok(report.ok, JSON.stringify(report, null, 2));
    assert.equal(report.mailbox, MAILBOX);
  });

  test('without a mailbox the first user with a mailbox is used', async () => {
    const report = await checkConnection(demoOptions(emulator));
    assert.ok(report.ok, JSON.stringify(report, null, 2));
    assert.ok((DEMO.mailboxes as readonly string[]).includes(report.mailbox!));
  });

  test('a token failure skips the rest, saying why, and never shows the secret', async () => {
    const secret = 'totally-wrong-secret~XYZ987654321';
    const report = await checkConnection(demoOptions(emulator, { clientSecret: secret, mailbox: MAILBOX }));
    const checks = byName(report);
    assert.equal(report.ok, false);
    assert.equal(checks.token.ok, false);
    assert.equal(checks.token.code, 'invalid_secret');
    for (const name of ['calendar', 'tasks', 'mail']) {
      assert.equal(checks[name].ok, false);
      assert.match(checks[name].message, /Skipped/);
    }
    assert.ok(!JSON.stringify(report).includes(secret));
  });

  test('settings that cannot work (tenant "common") fail the token check instead of throwing', async () => {
    const report = await checkConnection(demoOptions(emulator, { tenantId: 'common' }));
    assert.equal(byName(report).token.code, 'invalid_config');
  });

  test('an access policy on the mailbox fails calendar and mail, not To Do', async () => {
    const report = await checkConnection(demoOptions(emulator, { clientId: BLOCKED_APP, clientSecret: SECRET, mailbox: MAILBOX }));
    const checks = byName(report);
    assert.equal(checks.token.ok, true);
    assert.equal(checks.calendar.code, 'mailbox_blocked');
    assert.equal(checks.mail.code, 'mailbox_blocked');
    assert.equal(checks.tasks.ok, true, checks.tasks.message);
  });

  test('no mailbox and no User.Read.All: the reason is given on each resource check', async () => {
    const report = await checkConnection(demoOptions(emulator, { clientId: NO_DIRECTORY_APP, clientSecret: SECRET }));
    const checks = byName(report);
    assert.equal(checks.token.ok, true);
    for (const name of ['calendar', 'tasks', 'mail']) {
      assert.equal(checks[name].ok, false);
      assert.equal(checks[name].code, 'missing_permission');
      assert.match(checks[name].message, /User\.Read\.All/);
    }
  });
});
