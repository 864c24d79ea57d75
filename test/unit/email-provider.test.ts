import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildSendMailPayload } from '../../server/src/graph/mail';
import { replyToOf, senderOf, toMailMessage } from '../../server/src/email-provider/to-mail-message';

describe('@strapi/email send options → mail service message', () => {
  test('sender precedence: the call, then providerOptions.from, then settings.defaultFrom', () => {
    assert.equal(senderOf({ from: 'a@contoso.com' }, { from: 'b@contoso.com' }, { defaultFrom: 'c@contoso.com' }), 'a@contoso.com');
    assert.equal(senderOf({}, { from: 'b@contoso.com' }, { defaultFrom: 'Strapi <no-reply@strapi.io>' }), 'b@contoso.com');
    assert.equal(senderOf({}, {}, { defaultFrom: 'Support <support@contoso.com>' }), 'Support <support@contoso.com>');
    assert.equal(senderOf({ from: { name: 'Help "Desk"', address: 'help@contoso.com' } }, {}, {}), `"Help 'Desk'" <help@contoso.com>`);
  });

  test('addresses in every nodemailer form reach Graph as recipients', async () => {
    const message = await toMailMessage(
      { to: 'Alex <alex@contoso.com>, bea@contoso.com', cc: [{ name: 'Cy', address: 'cy@contoso.com' }, 'dee@contoso.com'], bcc: { address: 'eve@contoso.com' }, subject: 'Hi', text: 'Hello' },
      { from: 'support@contoso.com' },
    );
    const { payload } = buildSendMailPayload(message);
    const graph = payload.message as Record<string, Array<{ emailAddress: { address: string; name?: string } }>>;
    assert.deepEqual(graph.toRecipients.map((r) => r.emailAddress), [{ address: 'alex@contoso.com', name: 'Alex' }, { address: 'bea@contoso.com' }]);
    assert.deepEqual(graph.ccRecipients.map((r) => r.emailAddress), [{ address: 'cy@contoso.com', name: 'Cy' }, { address: 'dee@contoso.com' }]);
    assert.deepEqual(graph.bccRecipients.map((r) => r.emailAddress), [{ address: 'eve@contoso.com' }]);
    assert.equal(message.from, 'support@contoso.com');
  });

  test('attachments: strings with an encoding are decoded, buffers kept, local paths read, URLs refused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ms365-provider-'));
    try {
      const file = path.join(dir, 'invoice.txt');
      writeFileSync(file, 'from disk');
      const message = await toMailMessage(
        {
          to: 'a@contoso.com',
          subject: 's',
          attachments: [
            { filename: 'b64.bin', content: Buffer.from([1, 2, 3]).toString('base64'), encoding: 'base64' },
            { filename: 'raw.bin', content: Buffer.from([9, 8]) },
            { content: 'plain text', contentType: 'text/plain' },
            { path: file },
          ],
        },
        { from: 'support@contoso.com' },
      );
      const [b64, raw, plain, disk] = message.attachments!;
      assert.deepEqual(b64.content, Buffer.from([1, 2, 3]));
      assert.deepEqual(raw.content, Buffer.from([9, 8]));
      assert.equal(plain.content, 'plain text');
      assert.equal(plain.filename, 'attachment-3');
      assert.equal(plain.contentType, 'text/plain');
      assert.equal(disk.filename, 'invoice.txt');
      assert.equal(String(disk.content), 'from disk');
      await assert.rejects(toMailMessage({ to: 'a@contoso.com', subject: 's', attachments: [{ path: 'https://example.com/x.pdf' }] }, { from: 'support@contoso.com' }), /attachments\[0\]\.path/);
      await assert.rejects(toMailMessage({ to: 'a@contoso.com', subject: 's', attachments: [{ filename: 'x' }] }, { from: 'support@contoso.com' }), /attachments\[0\]: needs content/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no sender at all is refused naming from; saveToSentItems false passes through', async () => {
    await assert.rejects(toMailMessage({ to: 'a@contoso.com', subject: 's' }), (err: Error & { field?: string }) => err.field === 'from' && /defaultFrom/.test(err.message));
    const message = await toMailMessage({ to: 'a@contoso.com', subject: 's' }, { from: 'x@contoso.com', saveToSentItems: false });
    assert.equal(message.saveToSentItems, false);
  });

  test('replyTo is recognised from the call or settings.defaultReplyTo', () => {
    assert.deepEqual(replyToOf({ replyTo: 'r@contoso.com' }, {}), ['r@contoso.com']);
    assert.deepEqual(replyToOf({}, { defaultReplyTo: 'd@contoso.com' }), ['d@contoso.com']);
    assert.equal(replyToOf({}, {}), undefined);
  });
});
