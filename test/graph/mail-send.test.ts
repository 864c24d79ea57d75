import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../server/src/graph';
import { DEMO, MAILBOX, demoGateway, rejectionOf, useTestEmulator } from './support';

const NO_SEND_APP = '0c0c0c0c-0000-4000-8000-000000000001';
const SECRET = 'mail-send-secret~0123456789';

describe('sendMail against the emulator', () => {
  const emulator = useTestEmulator({
    apps: [{ clientId: NO_SEND_APP, secret: SECRET, permissions: DEMO.permissions.filter((p) => p !== 'Mail.Send') }],
    resetEachTest: true,
  });

  test('POST /users/{from}/sendMail is answered 202, once even when throttled first', async () => {
    emulator.control.addFault({ method: 'POST', pathPattern: '/sendMail', status: 429, retryAfterSeconds: 0, times: 1 });
    await demoGateway(emulator).sendMail({
      from: MAILBOX,
      to: [`Alex <${DEMO.mailboxes[1]}>`],
      subject: 'Hello from the gateway',
      html: '<p>Hi</p>',
      attachments: [{ filename: 'note.txt', content: 'hello' }],
    });
    const sends = emulator.control.requests().filter((r) => r.method === 'POST' && /sendMail/.test(r.path));
    assert.deepEqual(sends.map((r) => r.status), [429, 202]);

    // what arrived in the recipient's inbox is what was sent, attachment bytes included
    const gateway = demoGateway(emulator);
    const recipient = DEMO.mailboxes[1];
    const inbox = await gateway.request<{ value: Array<{ id: string; subject: string; body: { contentType: string; content: string } }> }>({
      method: 'GET',
      url: `/users/${recipient}/mailFolders/inbox/messages?$top=50`,
    });
    const received = inbox.value.filter((m) => m.subject === 'Hello from the gateway');
    assert.equal(received.length, 1, 'delivered exactly once');
    assert.equal(received[0].body.contentType.toLowerCase(), 'html');
    const attachments = await gateway.request<{ value: Array<{ name: string; contentBytes: string }> }>({
      method: 'GET',
      url: `/users/${recipient}/messages/${received[0].id}/attachments`,
    });
    assert.deepEqual(
      attachments.value.map((a) => [a.name, Buffer.from(a.contentBytes, 'base64').toString('utf8')]),
      [['note.txt', 'hello']],
    );
  });

  test('an unknown sender mailbox and a missing Mail.Send are told apart', async () => {
    const unknown = await rejectionOf(() => demoGateway(emulator).sendMail({ from: 'ghost@contoso.onmicrosoft.com', to: MAILBOX, subject: 'x', text: 'x' }));
    assert.ok(unknown instanceof GatewayError);
    assert.equal(unknown.code, 'mailbox_not_found');
    assert.match(unknown.message, /ghost@contoso\.onmicrosoft\.com/);

    const denied = await rejectionOf(() => demoGateway(emulator, { clientId: NO_SEND_APP, clientSecret: SECRET }).sendMail({ from: MAILBOX, to: MAILBOX, subject: 'x' }));
    assert.ok(denied instanceof GatewayError);
    assert.equal(denied.code, 'missing_permission');
    assert.equal(denied.permission, 'Mail.Send');
  });

  test('invalid input is refused before any request', async () => {
    const err = await rejectionOf(() => demoGateway(emulator).sendMail({ from: MAILBOX, to: [], subject: 'x' }));
    assert.ok(err instanceof GatewayError);
    assert.equal(err.field, 'to');
    assert.equal(emulator.control.stats().graphRequests, 0);
  });
});
