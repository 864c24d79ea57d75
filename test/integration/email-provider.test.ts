// Strapi's email plugin (@strapi/email) configured with our provider: its sends, and the admin's own
// "forgot password" mail, go out through Microsoft 365 (the Graph emulator) instead of SMTP.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { DEMO } from '../emulator';
import { usePlaygroundWithEmulator } from '../helpers/emulated-playground';
import { AdminApi, SUPER_ADMIN, registerSuperAdmin } from '../helpers/admin-api';
import { REPO_ROOT } from '../helpers/playground';

const SENDER = DEMO.mailboxes[0];
const [, ALEX, SUPPORT] = DEMO.mailboxes;

// Senders allowed by the plugin config (no mailbox is configured here); nobody@ exists nowhere, to reach Graph's answer.
const NOBODY = 'nobody@contoso.onmicrosoft.com';
const { emulator, playground } = usePlaygroundWithEmulator({
  env: { MICROSOFT365_EMAIL_PROVIDER: 'true', MICROSOFT365_EMAIL_FROM: SENDER, MICROSOFT365_ALLOWED_SENDERS: [SENDER, SUPPORT, NOBODY].join(',') },
});
let superAdmin: AdminApi;

const emailService = () => playground.strapi.plugin('email').service('email') as { send(options: Record<string, unknown>): Promise<void> };
const sentBy = (mailbox: string, subject: string) => emulator.control.listMessages(mailbox, 'sentitems').filter((m) => m.subject === subject);
const toAddresses = (message: Record<string, unknown>) => (message.toRecipients as Array<{ emailAddress: { address: string } }>).map((r) => r.emailAddress.address);

async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`@strapi/email through the Microsoft 365 provider (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    superAdmin = await registerSuperAdmin(playground.url);
    const saved = await superAdmin.put('/microsoft-365/settings', { azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret } });
    assert.equal(saved.status, 200);
  });

  test('the email plugin loaded our provider', () => {
    const config = playground.strapi.config.get('plugin::email') as { provider: string };
    assert.match(config.provider, /email-provider/);
    assert.equal(typeof (playground.strapi.plugin('email') as unknown as { provider: { send: unknown } }).provider.send, 'function');
  });

  test('email.send() without from goes out from the configured mailbox', async () => {
    const subject = `Provider default sender ${Date.now()}`;
    await emailService().send({ to: ALEX, subject, text: 'Sent by Strapi', html: '<p>Sent by <i>Strapi</i></p>' });
    const [sent, ...more] = sentBy(SENDER, subject);
    assert.ok(sent, 'in the sender\'s Sent Items');
    assert.equal(more.length, 0);
    assert.deepEqual(toAddresses(sent), [ALEX]);
    assert.equal((sent.body as { content: string }).content, '<p>Sent by <i>Strapi</i></p>');
    assert.equal(emulator.control.listMessages(ALEX, 'inbox').filter((m) => m.subject === subject).length, 1);
  });

  test('a caller\'s from (a shared mailbox), cc, bcc, object addresses and a base64 attachment are honoured', async () => {
    const subject = `Provider explicit sender ${Date.now()}`;
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    await emailService().send({
      from: `Contoso Support <${SUPPORT}>`,
      to: [{ name: 'Alex', address: ALEX }],
      cc: SENDER,
      bcc: 'records@fabrikam.example',
      subject,
      text: 'With a file',
      attachments: [{ filename: 'data.bin', content: bytes.toString('base64'), encoding: 'base64', contentType: 'application/octet-stream' }],
    });
    const [sent] = sentBy(SUPPORT, subject);
    assert.ok(sent, 'in the shared mailbox\'s Sent Items');
    assert.deepEqual(toAddresses(sent), [ALEX]);
    assert.deepEqual((sent.ccRecipients as Array<{ emailAddress: { address: string } }>).map((r) => r.emailAddress.address), [SENDER]);
    assert.deepEqual((sent.bccRecipients as Array<{ emailAddress: { address: string } }>).map((r) => r.emailAddress.address), ['records@fabrikam.example']);
    const client = await playground.strapi.plugin('microsoft-365').service('graph').getClient();
    const attachments = await client.api(`/users/${SUPPORT}/messages/${encodeURIComponent(sent.id as string)}/attachments`).get();
    assert.deepEqual(Buffer.from(attachments.value[0].contentBytes, 'base64'), bytes, 'the decoded bytes, not the base64 text');
    assert.equal(sentBy(SENDER, subject).length, 0, 'not sent from the default mailbox');
  });

  test('errors reach the caller of email.send() with the field or the mailbox named', async () => {
    const noRecipient = await emailService().send({ subject: 'Nobody', text: 'x' }).then(() => null, (err) => err);
    assert.ok(noRecipient, 'rejected');
    assert.equal(noRecipient.field, 'to');
    const unknown = await emailService().send({ from: 'nobody@contoso.onmicrosoft.com', to: ALEX, subject: 'x', text: 'x' }).then(() => null, (err) => err);
    assert.equal(unknown.code, 'mailbox_not_found');
    assert.match(unknown.message, /nobody@contoso\.onmicrosoft\.com/);
    const before = emulator.control.stats().graphRequests;
    const refused = await emailService().send({ from: ALEX, to: SENDER, subject: 'As Alex', text: 'x' }).then(() => null, (err) => err);
    assert.equal(refused.code, 'sender_not_allowed');
    assert.ok(refused.message.includes(ALEX), refused.message);
    assert.equal(emulator.control.stats().graphRequests, before, 'a refused sender sends nothing');
  });

  test('the admin "forgot password" email goes out through Microsoft 365', async () => {
    const before = emulator.control.listMessages(SENDER, 'sentitems').length;
    const response = await new AdminApi(playground.url, null).post('/admin/forgot-password', { email: SUPER_ADMIN.email });
    assert.equal(response.status, 204);
    // The admin answers before the mail is sent (it does not await it): wait for it to land.
    const reset = await eventually(() => {
      const all = emulator.control.listMessages(SENDER, 'sentitems');
      return all.length > before ? all.find((m) => toAddresses(m).includes(SUPER_ADMIN.email)) : undefined;
    }, 'the reset-password mail');
    assert.match(String(reset.subject), /reset password/i);
    assert.match(String((reset.body as { content: string }).content), /\/admin\/auth\/reset-password\?code=|reset-password\?code=/);
  });

  test('in a host app the package name resolves through the exports map to the built provider', () => {
    // A host app's layout: node_modules/strapi-plugin-microsoft-365 next to node_modules/@strapi/email.
    const app = mkdtempSync(path.join(os.tmpdir(), 'ms365-host-'));
    try {
      mkdirSync(path.join(app, 'node_modules', '@strapi', 'email'), { recursive: true });
      symlinkSync(REPO_ROOT, path.join(app, 'node_modules', 'strapi-plugin-microsoft-365'), 'dir');
      const resolved = require.resolve('strapi-plugin-microsoft-365/email-provider', { paths: [path.join(app, 'node_modules', '@strapi', 'email')] });
      assert.equal(resolved, path.join(REPO_ROOT, 'dist', 'email-provider', 'index.js'));
      const provider = require(resolved) as { init: (options: unknown, settings: unknown) => { send: unknown } };
      assert.equal(typeof provider.init({}, { defaultFrom: SENDER }).send, 'function');
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
