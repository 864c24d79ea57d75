// mail.send() on a real Strapi against the Graph emulator: what lands in the sender's Sent Items,
// and the errors a caller gets for an unknown sender, a missing Mail.Send and bad input.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import { DEMO } from '../emulator';
import { usePlaygroundWithEmulator } from '../helpers/emulated-playground';

const SENDER = DEMO.mailboxes[0];
const [, ALEX, SUPPORT] = DEMO.mailboxes;
// A second app in the demo tenant, consented to everything but Mail.Send.
const NO_SEND_APP = { clientId: 'a1b2c3d4-0000-4000-8000-00000000f00d', secret: 'no-send-app-secret-value', permissions: DEMO.permissions.filter((p) => p !== 'Mail.Send') };

// SENDER is a configured mailbox (added below); the ghost is allowed by config only, to reach Graph's answer.
const GHOST = 'ghost@contoso.onmicrosoft.com';
const { emulator, playground } = usePlaygroundWithEmulator({ apps: [NO_SEND_APP], env: { MICROSOFT365_ALLOWED_SENDERS: GHOST } });

const mail = () => playground.strapi.plugin('microsoft-365').service('mail') as { send(message: Record<string, unknown>): Promise<void> };
const settings = () => playground.strapi.plugin('microsoft-365').service('settings') as { update(patch: unknown): Promise<unknown> };
const useApp = (clientId: string, clientSecret: string) => settings().update({ azure: { tenantId: DEMO.tenantId, clientId, clientSecret } });

async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the send to fail');
}

const sentItems = (subject: string) => emulator.control.listMessages(SENDER, 'sentitems').filter((m) => m.subject === subject);
const addresses = (list: unknown) => (list as Array<{ emailAddress: { address: string; name?: string } }>).map((r) => r.emailAddress.address);

describe(`mail service: send through Graph sendMail (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  before(async () => {
    await useApp(DEMO.clientId, DEMO.clientSecret);
    await (playground.strapi.plugin('microsoft-365').service('mailboxes') as { create(input: unknown): Promise<unknown> }).create({ address: SENDER });
  });

  beforeEach(async () => {
    await useApp(DEMO.clientId, DEMO.clientSecret);
    emulator.control.clearFaults();
  });

  test('a message with cc, bcc, html, text and an attachment lands in the sender\'s Sent Items as sent', async () => {
    const subject = `Quarterly report ${Date.now()}`;
    const pdf = Buffer.from('%PDF-1.4 fake but binary \x00\x01\x02', 'latin1');
    await mail().send({
      from: SENDER,
      to: [`Alex Wilber <${ALEX}>`],
      cc: SUPPORT,
      bcc: ['auditor@fabrikam.example'],
      subject,
      text: 'Plain version',
      html: '<p>Hello <b>team</b></p>',
      attachments: [{ filename: 'report.pdf', content: pdf, contentType: 'application/pdf' }],
    });

    const [sent, ...more] = sentItems(subject);
    assert.ok(sent, 'the message is in Sent Items');
    assert.equal(more.length, 0, 'sent once');
    assert.deepEqual(addresses(sent.toRecipients), [ALEX]);
    assert.equal((sent.toRecipients as any)[0].emailAddress.name, 'Alex Wilber');
    assert.deepEqual(addresses(sent.ccRecipients), [SUPPORT]);
    assert.deepEqual(addresses(sent.bccRecipients), ['auditor@fabrikam.example']);
    assert.equal((sent.from as any).emailAddress.address, SENDER);
    assert.equal(String((sent.body as any).contentType).toLowerCase(), 'html');
    assert.equal((sent.body as any).content, '<p>Hello <b>team</b></p>');
    assert.equal(sent.hasAttachments, true);

    // Read the attachment back through Graph with the plugin's own client (graph.getClient()).
    const client = await playground.strapi.plugin('microsoft-365').service('graph').getClient();
    const attachments = await client.api(`/users/${SENDER}/messages/${encodeURIComponent(sent.id as string)}/attachments`).get();
    assert.equal(attachments.value.length, 1);
    assert.equal(attachments.value[0].name, 'report.pdf');
    assert.equal(attachments.value[0].contentType, 'application/pdf');
    assert.deepEqual(Buffer.from(attachments.value[0].contentBytes, 'base64'), pdf);

    // Recipients the emulator hosts get it in their inbox, without the bcc line.
    const received = emulator.control.listMessages(ALEX, 'inbox').filter((m) => m.subject === subject);
    assert.equal(received.length, 1);
    assert.deepEqual(received[0].bccRecipients, []);
  });

  test('a text-only message keeps its text body', async () => {
    const subject = `Plain ${Date.now()}`;
    await mail().send({ from: SENDER, to: ALEX, subject, text: 'Line one\nLine two' });
    const [sent] = sentItems(subject);
    assert.equal(String((sent.body as any).contentType).toLowerCase(), 'text');
    assert.equal((sent.body as any).content, 'Line one\nLine two');
    assert.equal(sent.hasAttachments, false);
  });

  test('a sender that is neither a configured mailbox nor in allowedSenders is refused by name; nothing reaches Graph', async () => {
    const before = emulator.control.stats().graphRequests;
    const err = await rejectionOf(mail().send({ from: `Support <${SUPPORT.toUpperCase()}>`, to: ALEX, subject: 'Not allowed', text: 'x' }));
    assert.equal(err.code, 'sender_not_allowed');
    assert.equal(err.field, 'from');
    assert.ok(err.message.toLowerCase().includes(SUPPORT.toLowerCase()), err.message);
    assert.equal(emulator.control.stats().graphRequests, before, 'no request reached Graph');
    assert.equal(emulator.control.listMessages(SUPPORT, 'sentitems').filter((m) => m.subject === 'Not allowed').length, 0);
    // Case does not matter for an allowed one: the configured mailbox, written in capitals, sends.
    await mail().send({ from: SENDER.toUpperCase(), to: ALEX, subject: 'Capitals allowed', text: 'x' });
    assert.equal(sentItems('Capitals allowed').length, 1);
  });

  test('an unknown sender mailbox is named in the error', async () => {
    const err = await rejectionOf(mail().send({ from: GHOST, to: ALEX, subject: 'Boo', text: 'x' }));
    assert.equal(err.code, 'mailbox_not_found');
    assert.match(err.message, /ghost@contoso\.onmicrosoft\.com/);
    assert.equal(emulator.control.listMessages(ALEX, 'inbox').filter((m) => m.subject === 'Boo').length, 0);
  });

  test('an app without Mail.Send gets an error naming Mail.Send', async () => {
    await useApp(NO_SEND_APP.clientId, NO_SEND_APP.secret);
    const subject = `Denied ${Date.now()}`;
    const err = await rejectionOf(mail().send({ from: SENDER, to: ALEX, subject, text: 'x' }));
    assert.equal(err.code, 'missing_permission');
    assert.equal(err.permission, 'Mail.Send');
    assert.match(err.message, /Mail\.Send/);
    assert.equal(sentItems(subject).length, 0);
  });

  test('bad input names the field and sends nothing', async () => {
    const before = emulator.control.stats().graphRequests;
    const noRecipients = await rejectionOf(mail().send({ from: SENDER, to: [], subject: 'No one', text: 'x' }));
    assert.equal(noRecipients.code, 'invalid_request');
    assert.equal(noRecipients.field, 'to');
    assert.match(noRecipients.message, /recipient/);

    const noSubject = await rejectionOf(mail().send({ from: SENDER, to: ALEX, text: 'x' }));
    assert.equal(noSubject.field, 'subject');
    assert.match(noSubject.message, /subject/);

    const badAddress = await rejectionOf(mail().send({ from: SENDER, to: ['not an address'], subject: 'x' }));
    assert.equal(badAddress.field, 'to[0]');

    const noSender = await rejectionOf(mail().send({ to: ALEX, subject: 'x' }));
    assert.equal(noSender.field, 'from');
    assert.equal(emulator.control.stats().graphRequests, before, 'no request reached Graph');
  });
});
