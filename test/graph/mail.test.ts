import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildSendMailPayload, parseAddresses, splitAddressList } from '../../server/src/graph/mail';
import { GatewayError } from '../../server/src/graph/errors';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof GatewayError);
    assert.equal(err.code, 'invalid_request');
    return err.field;
  }
  assert.fail('expected an error');
}

describe('mail payload', () => {
  test('addresses as strings, lists, arrays and "Name <addr>"', () => {
    assert.deepEqual(splitAddressList('"Doe, Jane" <jane@x.com>; bob@y.org, Al <al@z.net>'), ['"Doe, Jane" <jane@x.com>', 'bob@y.org', 'Al <al@z.net>']);
    assert.deepEqual(parseAddresses(['"Doe, Jane" <jane@x.com>', 'bob@y.org'], 'to'), [
      { address: 'jane@x.com', name: 'Doe, Jane' },
      { address: 'bob@y.org' },
    ]);
    assert.deepEqual(parseAddresses('<only@x.com>', 'cc'), [{ address: 'only@x.com' }]);
  });

  test('builds Graph sendMail JSON with HTML preferred and base64 attachments', () => {
    const { sender, payload } = buildSendMailPayload({
      from: 'Sender <sender@contoso.com>',
      to: 'a@x.com, B <b@x.com>',
      bcc: ['c@x.com'],
      subject: 'Hi',
      text: 'plain',
      html: '<p>rich</p>',
      attachments: [{ filename: 'a.txt', content: 'héllo' }, { filename: 'b.bin', content: Buffer.from([0, 1, 2]), contentType: 'application/x-test' }],
    });
    assert.deepEqual(sender, { address: 'sender@contoso.com', name: 'Sender' });
    const message = payload.message as Record<string, unknown>;
    assert.deepEqual(message.body, { contentType: 'html', content: '<p>rich</p>' });
    assert.deepEqual(message.toRecipients, [{ emailAddress: { address: 'a@x.com' } }, { emailAddress: { address: 'b@x.com', name: 'B' } }]);
    assert.deepEqual(message.bccRecipients, [{ emailAddress: { address: 'c@x.com' } }]);
    assert.equal(message.ccRecipients, undefined);
    const attachments = message.attachments as Array<Record<string, string>>;
    assert.equal(Buffer.from(attachments[0].contentBytes, 'base64').toString('utf8'), 'héllo');
    assert.equal(attachments[0]['@odata.type'], '#microsoft.graph.fileAttachment');
    assert.equal(attachments[0].contentType, 'application/octet-stream');
    assert.deepEqual([...Buffer.from(attachments[1].contentBytes, 'base64')], [0, 1, 2]);
    assert.equal(payload.saveToSentItems, true);
  });

  test('invalid input names the field', () => {
    const ok = { from: 's@x.com', to: 'a@x.com', subject: 'S' };
    assert.equal(fieldOf(() => buildSendMailPayload({ ...ok, from: '' })), 'from');
    assert.equal(fieldOf(() => buildSendMailPayload({ ...ok, to: undefined })), 'to');
    assert.equal(fieldOf(() => buildSendMailPayload({ ...ok, subject: '  ' })), 'subject');
    assert.equal(fieldOf(() => buildSendMailPayload({ ...ok, cc: ['fine@x.com', 'not an address'] })), 'cc[1]');
    assert.equal(fieldOf(() => buildSendMailPayload({ ...ok, attachments: [{ filename: '', content: 'x' }] })), 'attachments[0].filename');
    assert.equal(fieldOf(() => buildSendMailPayload({ ...ok, attachments: [{ filename: 'big', content: Buffer.alloc(3 * 1024 * 1024 + 1) }] })), 'attachments');
  });
});
