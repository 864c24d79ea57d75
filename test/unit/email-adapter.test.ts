import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';
import { createEmailAdapter, emailAdapter } from '../../server/src/sync/resources/email';
import { fromDisplay } from '../../server/src/sync/resources/email/fields';
import type { RemoteEntry, Scope } from '../../server/src/sync/resources/types';

const MAILBOX = 'support@contoso.onmicrosoft.com';
const INBOX: Scope = { key: 'inbox', remoteParentId: 'inbox', label: 'inbox' };
const SETTINGS = { direction: 'microsoft-to-strapi' as const, conflictResolution: 'strapi-wins' as const };

// Microsoft Graph docs, "Create message" response example (v1.0), recipients completed as in the request.
const DOC_MESSAGE: RemoteEntry = {
  '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('94447c6e-ea4c-494c-a9ed-d905e366c5cb')/messages/$entity",
  '@odata.etag': 'W/"CQAAABYAAABK4UfANE/UR5clSilZtIuWAAC1vdti"',
  id: 'AAMkADNlNYjSAAA=',
  createdDateTime: '2017-07-22T01:53:56Z',
  lastModifiedDateTime: '2017-07-22T01:53:57Z',
  changeKey: 'CQAAABYAAABK4UfANE/UR5clSilZtIuWAAC1vdti',
  categories: [],
  receivedDateTime: '2017-07-22T01:53:57Z',
  sentDateTime: '2017-07-22T01:53:57Z',
  hasAttachments: false,
  internetMessageId: '<MWHPR1301MB@MWHPR1301MB.namprd13.prod.outlook.com>',
  subject: "Did you see last night's game?",
  bodyPreview: 'They were awesome!',
  importance: 'low',
  parentFolderId: 'AAMkADNlNWAAAAAAEPAAA=',
  conversationId: 'AAQkADNlNFdXGBnqtY=',
  isRead: true,
  isDraft: true,
  body: { contentType: 'html', content: '<html>\r\n<head>\r\n</head>\r\n<body>\r\nThey were <b>awesome</b>!\r\n</body>\r\n</html>\r\n' },
  toRecipients: [{ emailAddress: { name: 'AlexW@contoso.onmicrosoft.com', address: 'AlexW@contoso.onmicrosoft.com' } }],
  ccRecipients: [],
  bccRecipients: [],
  replyTo: [],
  from: { emailAddress: { name: 'Megan Bowen', address: 'MeganB@contoso.onmicrosoft.com' } },
};

describe('Graph message → email-message', () => {
  test('Graph\'s "Create message" example maps field by field, body kept as sent with its type', () => {
    const snap = emailAdapter.fromRemote(DOC_MESSAGE, INBOX)!;
    assert.equal(snap.id, 'AAMkADNlNYjSAAA=');
    assert.equal(snap.changeKey, 'CQAAABYAAABK4UfANE/UR5clSilZtIuWAAC1vdti');
    assert.equal(snap.modifiedAt, '2017-07-22T01:53:57Z');
    assert.deepEqual(snap.fields, {
      subject: "Did you see last night's game?",
      from: { name: 'Megan Bowen', address: 'MeganB@contoso.onmicrosoft.com' },
      to: [{ name: 'AlexW@contoso.onmicrosoft.com', address: 'AlexW@contoso.onmicrosoft.com' }],
      cc: [],
      bcc: [],
      receivedAt: '2017-07-22T01:53:57.000Z',
      sentAt: '2017-07-22T01:53:57.000Z',
      bodyPreview: 'They were awesome!',
      body: '<html>\r\n<head>\r\n</head>\r\n<body>\r\nThey were <b>awesome</b>!\r\n</body>\r\n</html>\r\n',
      bodyType: 'html',
      internetMessageId: '<MWHPR1301MB@MWHPR1301MB.namprd13.prod.outlook.com>',
      conversationId: 'AAQkADNlNFdXGBnqtY=',
      folder: 'inbox',
      isRead: true,
      importance: 'low',
      hasAttachments: false,
      attachments: [],
    });
  });

  test('text bodies keep their type; recipients without an address are skipped', () => {
    const fields = emailAdapter.fromRemote({ ...DOC_MESSAGE, body: { contentType: 'text', content: 'plain' }, ccRecipients: [{ emailAddress: { name: 'Nobody' } }, { emailAddress: { address: ' b@x.example ' } }] }, INBOX)!.fields;
    assert.equal(fields.bodyType, 'text');
    assert.equal(fields.body, 'plain');
    assert.deepEqual(fields.cc, [{ name: '', address: 'b@x.example' }]);
  });

  test('a delta update carrying only changed properties leaves the others undefined (kept as stored)', () => {
    const fields = emailAdapter.fromRemote({ id: 'AAMkADNlNYjSAAA=', isRead: false, changeKey: 'k2' }, INBOX)!.fields;
    assert.deepEqual(fields, { folder: 'inbox', isRead: false });
    assert.deepEqual(emailAdapter.toLocalData(fields, INBOX), { folder: 'inbox', isRead: false });
  });

  test('@removed entries are not items', () => {
    assert.equal(emailAdapter.fromRemote({ id: 'x', '@removed': { reason: 'deleted' } }, INBOX), null);
  });
});

describe('attachments as metadata', () => {
  const withFiles: RemoteEntry = { ...DOC_MESSAGE, hasAttachments: true };

  test('a message with attachments asks for their metadata once, and the answer completes it (inline images left out)', () => {
    assert.equal(emailAdapter.fromRemote(withFiles, INBOX)!.fields.attachments, undefined);
    const requests = emailAdapter.details.requests(MAILBOX, withFiles);
    assert.deepEqual(requests, [{ key: 'attachments', url: `/users/${encodeURIComponent(MAILBOX)}/messages/AAMkADNlNYjSAAA%3D/attachments?$select=name,contentType,size,isInline` }]);
    const completed = emailAdapter.details.merge(withFiles, {
      attachments: {
        value: [
          { '@odata.type': '#microsoft.graph.fileAttachment', name: 'menu.txt', contentType: 'text/plain', size: 1234, isInline: false },
          { '@odata.type': '#microsoft.graph.fileAttachment', name: 'image001.png', contentType: 'image/png', size: 916, isInline: true },
        ],
      },
    });
    assert.deepEqual(emailAdapter.fromRemote(completed, INBOX)!.fields.attachments, [{ name: 'menu.txt', contentType: 'text/plain', size: 1234 }]);
    assert.deepEqual(emailAdapter.details.requests(MAILBOX, completed), []);
    assert.deepEqual(emailAdapter.details.requests(MAILBOX, DOC_MESSAGE), [], 'no attachments: nothing to fetch');
  });
});

describe('delta URLs, scopes and direction', () => {
  test('the first request selects only stored fields and filters to the initial window', () => {
    const url = emailAdapter.initialDeltaUrl(MAILBOX, INBOX, { ...SETTINGS, window: { start: new Date('2026-10-28T09:15:42.123Z'), end: new Date('2026-11-27T09:15:42.123Z') } });
    assert.equal(
      url,
      `/users/${encodeURIComponent(MAILBOX)}/mailFolders/inbox/messages/delta?$select=subject,from,toRecipients,ccRecipients,bccRecipients,receivedDateTime,sentDateTime,bodyPreview,body,internetMessageId,conversationId,parentFolderId,isRead,importance,hasAttachments,changeKey,lastModifiedDateTime&$filter=receivedDateTime ge 2026-10-28T09:15:42Z`,
    );
    assert.ok(!emailAdapter.initialDeltaUrl(MAILBOX, INBOX, SETTINGS).includes('$filter'), 'no window, no filter');
    assert.match(createEmailAdapter({ expandAttachments: true }).initialDeltaUrl(MAILBOX, INBOX, SETTINGS), /\$expand=attachments\(\$select=name,contentType,size,isInline\)/);
  });

  test('one scope per configured folder, well-known names or ids, defaults inbox + sentitems', () => {
    assert.deepEqual(emailAdapter.fixedScopes(SETTINGS).map((s) => s.key), ['inbox', 'sentitems']);
    const scopes = emailAdapter.fixedScopes({ ...SETTINGS, folders: ['inbox', 'Inbox', 'AAMkAGFolderId=', ' archive '] } as typeof SETTINGS);
    assert.deepEqual(scopes, [
      { key: 'inbox', remoteParentId: 'inbox', label: 'inbox' },
      { key: 'AAMkAGFolderId=', remoteParentId: 'AAMkAGFolderId=', label: 'AAMkAGFolderId=' },
      { key: 'archive', remoteParentId: 'archive', label: 'archive' },
    ]);
    assert.match(emailAdapter.initialDeltaUrl(MAILBOX, scopes[1], SETTINGS), /mailFolders\/AAMkAGFolderId%3D\/messages\/delta/);
  });

  test('import only: writes to Microsoft 365 throw a clear error; the direction is forced', () => {
    assert.throws(() => emailAdapter.createRemote(MAILBOX, INBOX, {}, 'tx'), /imported from Microsoft 365 only/);
    assert.throws(() => emailAdapter.updateRemote(MAILBOX, 'id', {}, null), /microsoft-to-strapi/);
    assert.throws(() => emailAdapter.deleteRemote(MAILBOX, 'id', null), /not applicable/);
  });

  test('identity across folders is the internetMessageId', () => {
    const snap = emailAdapter.fromRemote(DOC_MESSAGE, INBOX)!;
    assert.equal(emailAdapter.identity.key(snap), '<MWHPR1301MB@MWHPR1301MB.namprd13.prod.outlook.com>');
    assert.equal(emailAdapter.identity.key({ ...snap, fields: { ...snap.fields, internetMessageId: null } }), null);
  });

  test('an imported message written to Strapi reads back to the same hash (no change on the next run)', () => {
    for (const message of [DOC_MESSAGE, { ...DOC_MESSAGE, hasAttachments: true, attachments: [{ name: 'a.pdf', contentType: 'application/pdf', size: 10 }] }]) {
      const remote = emailAdapter.fromRemote(message, INBOX)!;
      // What the database hands back: datetimes may come as Date objects.
      const stored = { ...emailAdapter.toLocalData(remote.fields, INBOX), receivedAt: new Date(remote.fields.receivedAt as string) };
      assert.equal(hashSyncedFields(emailAdapter.fromLocal(stored) as SyncedFields), hashSyncedFields(remote.fields as SyncedFields));
    }
  });

  test('from is also stored as one line the Content Manager list can show; it is not hashed', () => {
    const remote = emailAdapter.fromRemote(DOC_MESSAGE, INBOX)!;
    const from = remote.fields.from as { name: string; address: string };
    const data = emailAdapter.toLocalData(remote.fields, INBOX);
    assert.equal(data.fromDisplay, `${from.name} <${from.address}>`);
    assert.equal(fromDisplay({ name: '', address: 'a@contoso.com' }), 'a@contoso.com');
    assert.equal(fromDisplay({ name: 'a@contoso.com', address: 'a@contoso.com' }), 'a@contoso.com');
    assert.equal(fromDisplay(null), null);
    const long = fromDisplay({ name: 'N'.repeat(300), address: 'a@contoso.com' })!;
    assert.equal(long.length, 255);
    assert.ok(long.endsWith('…'), 'a cut value says so');
    // The derived column changes no hash: an entry with any fromDisplay hashes as the message.
    assert.equal(hashSyncedFields(emailAdapter.fromLocal({ ...data, fromDisplay: 'anything' }) as SyncedFields), hashSyncedFields(emailAdapter.fromLocal(data) as SyncedFields));
  });
});
