// Mailbox email import (Microsoft → Strapi), end to end on a real Strapi and the Graph emulator: the
// first round's initialDays window, incremental rounds, deletes and moves, one entry per message,
// microsoft-365.email.received, shared mailboxes, attachment metadata, bodies with their type, and
// Strapi edits that never reach Outlook.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DEMO } from '../emulator';
import type { Checkpoint } from '../../server/src/sync/run-types';
import { EMAIL_UID, resultFor, totalChanges, useSyncWorld, type SyncWorld } from './sync-support';

const RECEIVED = 'microsoft-365.email.received';
const DAY = 86_400_000;

let world: SyncWorld;

async function setEmailSettings(email: { folders?: string[]; initialDays?: number }): Promise<void> {
  await world.strapi.plugin('microsoft-365').service('settings').update({ email: { folders: ['inbox', 'sentitems'], initialDays: 30, ...email } });
}

/** An email sync of one mailbox that must succeed. */
const subjects = async (address: string) => (await world.localMessages(address)).map((m) => m.subject);

/** A message as it arrives in Outlook, received `daysAgo` days ago. */
function deliver(address: string, folder: string, subject: string, daysAgo = 0, extra: Record<string, unknown> = {}): Record<string, any> {
  return world.emulator.control.createMessage(address, folder, {
    subject,
    from: { emailAddress: { address: 'sender@fabrikam.com', name: 'Sender' } },
    toRecipients: [{ emailAddress: { address, name: 'Me' } }],
    body: { contentType: 'text', content: `${subject} body` },
    receivedDateTime: new Date(Date.now() - daysAgo * DAY - 60_000).toISOString(),
    ...extra,
  }) as Record<string, any>;
}

/** The email.received events of the test, with whether the entry was already stored when each came. */
const announced: Array<{ subject: string; documentId: string; storedBefore: boolean }> = [];
const onReceived = async (entry: Record<string, any>) => {
  const stored = await world.strapi.db.query(EMAIL_UID as never).findOne({ where: { documentId: entry.documentId } });
  announced.push({ subject: entry.subject, documentId: entry.documentId, storedBefore: Boolean(stored) });
};
const announcedSubjects = () => announced.map((a) => a.subject).sort();

describe(`email import (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld({ integrations: { calendar: false, tasks: false, email: true } });
  beforeEach(async () => {
    announced.length = 0;
    world.strapi.eventHub.on(RECEIVED, onReceived);
    await setEmailSettings({});
  });
  afterEach(() => {
    world.strapi.eventHub.off(RECEIVED, onReceived);
  });

  test('the first round takes initialDays with only the stored fields; later rounds bring only what is new or changed', async () => {
    await setEmailSettings({ initialDays: 30 });
    const mailbox = await world.newMailbox('window');
    deliver(mailbox.address, 'inbox', 'Too old', 45);
    deliver(mailbox.address, 'inbox', 'Ten days old', 10);
    const recent = deliver(mailbox.address, 'inbox', 'An hour old', 0);
    world.emulator.control.clearRequests();

    const first = await world.syncEmail(mailbox.address);
    assert.equal(first.pulled.created, 2);
    assert.deepEqual(await subjects(mailbox.address), ['An hour old', 'Ten days old']);
    const deltas = world.emulator.control.requests().filter((r: any) => r.path.includes('/messages/delta'));
    assert.ok(deltas.length >= 2, 'one delta per configured folder');
    for (const request of deltas) {
      const query = decodeURIComponent(request.path.replace(/\+/g, ' '));
      assert.match(query, /\$filter=receivedDateTime ge \d{4}-\d\d-\d\dT/, `${query} asks for the window`);
      assert.match(query, /\$select=[^&]*internetMessageId/, `${query} selects the stored fields`);
      assert.doesNotMatch(query, /\$select=[^&]*(webLink|flag|categories)/, 'and no others');
    }
    assert.deepEqual(announcedSubjects(), ['An hour old', 'Ten days old']);

    deliver(mailbox.address, 'inbox', 'Arrived later', 0);
    world.emulator.control.updateMessage(mailbox.address, recent.id, { isRead: true });
    const next = await world.syncEmail(mailbox.address);
    assert.deepEqual(next.pulled, { created: 1, updated: 1, deleted: 0 });
    assert.equal((await world.localMessages(mailbox.address)).find((m) => m.subject === 'An hour old')!.isRead, true);
    assert.deepEqual(announcedSubjects(), ['An hour old', 'Arrived later', 'Ten days old'], 'only the new message is announced');
    const quiet = await world.syncEmail(mailbox.address);
    assert.equal(totalChanges(quiet), 0);
    // No echo, and one request per configured folder (README: "one Graph request per mailbox and resource").
    assert.equal(quiet.graphRequests, 2, `one delta request per folder: ${quiet.graphRequests}`);
    assert.equal(announced.length, 3, 'a quiet re-sync announces nothing');
  });

  test('messages deleted or moved out of the configured folders in Outlook are removed in Strapi', async () => {
    const mailbox = await world.newMailbox('gone');
    const deleted = deliver(mailbox.address, 'inbox', 'Deleted in Outlook');
    const binned = deliver(mailbox.address, 'inbox', 'Moved to Deleted Items');
    const junk = deliver(mailbox.address, 'sentitems', 'Moved to Junk');
    deliver(mailbox.address, 'inbox', 'Stays');
    await world.syncEmail(mailbox.address);
    assert.equal((await world.localMessages(mailbox.address)).length, 4);

    world.emulator.control.deleteMessage(mailbox.address, deleted.id);
    world.emulator.control.moveMessage(mailbox.address, binned.id, 'deleteditems');
    world.emulator.control.moveMessage(mailbox.address, junk.id, 'junkemail');
    const result = await world.syncEmail(mailbox.address);
    assert.equal(result.pulled.deleted, 3);
    assert.deepEqual(await subjects(mailbox.address), ['Stays']);
    assert.equal(totalChanges(await world.syncEmail(mailbox.address)), 0);
  });

  test('stored as Graph has it: addresses, times, body with its type, attachment metadata only, folder', async () => {
    const mailbox = await world.newMailbox('fields');
    const html = '<html><body><p>Dear customer,</p><p>your <b>invoice</b> is attached.</p></body></html>';
    const sent = deliver(mailbox.address, 'inbox', 'Invoice 42', 2, {
      body: { contentType: 'html', content: html },
      ccRecipients: [{ emailAddress: { address: 'accounts@contoso.com', name: 'Accounts' } }],
      importance: 'high',
      internetMessageId: '<invoice-42@fabrikam.com>',
      attachments: [
        { '@odata.type': '#microsoft.graph.fileAttachment', name: 'invoice-42.pdf', contentType: 'application/pdf', contentBytes: Buffer.from('%PDF-1.4 invoice').toString('base64') },
        { '@odata.type': '#microsoft.graph.fileAttachment', name: 'logo.png', contentType: 'image/png', contentBytes: Buffer.from('png').toString('base64'), isInline: true },
      ],
    });
    deliver(mailbox.address, 'sentitems', 'Plain reply', 1, { body: { contentType: 'text', content: 'Thanks,\nreceived.' } });
    await world.syncEmail(mailbox.address);

    const [invoice, reply] = await world.localMessages(mailbox.address);
    assert.deepEqual(
      {
        from: invoice!.from,
        to: invoice!.to,
        cc: invoice!.cc,
        bcc: invoice!.bcc,
        receivedAt: new Date(invoice!.receivedAt).toISOString(),
        body: invoice!.body,
        bodyType: invoice!.bodyType,
        internetMessageId: invoice!.internetMessageId,
        conversationId: invoice!.conversationId,
        folder: invoice!.folder,
        importance: invoice!.importance,
        isRead: invoice!.isRead,
        hasAttachments: invoice!.hasAttachments,
        attachments: invoice!.attachments,
      },
      {
        from: { name: 'Sender', address: 'sender@fabrikam.com' },
        to: [{ name: 'Me', address: mailbox.address }],
        cc: [{ name: 'Accounts', address: 'accounts@contoso.com' }],
        bcc: [],
        receivedAt: new Date(sent.receivedDateTime).toISOString(),
        body: html,
        bodyType: 'html',
        internetMessageId: '<invoice-42@fabrikam.com>',
        conversationId: sent.conversationId,
        folder: 'inbox',
        importance: 'high',
        isRead: false,
        hasAttachments: true,
        // The name, type and size only; the inline image is part of the body, not an attachment.
        attachments: [{ name: 'invoice-42.pdf', contentType: 'application/pdf', size: Buffer.from('%PDF-1.4 invoice').length }],
      },
    );
    assert.ok(invoice!.bodyPreview.startsWith('Dear customer'), invoice!.bodyPreview);
    assert.deepEqual([reply!.body, reply!.bodyType, reply!.folder], ['Thanks,\nreceived.', 'text', 'sentitems']);
  });

  test('email.received: once per newly stored message, after it is stored, never again on later runs', async () => {
    const mailbox = await world.newMailbox('events');
    deliver(mailbox.address, 'inbox', 'First');
    deliver(mailbox.address, 'sentitems', 'Second');
    await world.syncEmail(mailbox.address);
    assert.deepEqual(announcedSubjects(), ['First', 'Second']);
    assert.ok(announced.every((a) => a.storedBefore), 'each entry was stored when announced');
    const stored = await world.localMessages(mailbox.address);
    assert.deepEqual(announced.map((a) => a.documentId).sort(), stored.map((m) => m.documentId).sort(), 'the payload is the stored entry');

    world.emulator.control.updateMessage(mailbox.address, world.emulator.control.listMessages(mailbox.address, 'inbox')[0]!.id as string, { isRead: true, subject: 'First (edited)' });
    await world.syncEmail(mailbox.address);
    await world.syncEmail(mailbox.address);
    assert.equal(announced.length, 2, 'an update is not a new message');
  });

  test('a listener that throws never blocks the import: the run names the entry, the other messages, folders and listeners go on', async () => {
    const mailbox = await world.newMailbox('listener');
    deliver(mailbox.address, 'inbox', 'Poison');
    deliver(mailbox.address, 'inbox', 'Fine');
    deliver(mailbox.address, 'sentitems', 'Sent');
    const failing = async (entry: Record<string, any>) => {
      if (entry.subject === 'Poison') throw new Error('the CRM is down');
    };
    // Registered after the test's own listener, so that one has the event before this one throws.
    world.strapi.eventHub.on(RECEIVED, failing);
    try {
      const run = await world.sync.run({ mailboxes: [mailbox.address], resources: ['email'] });
      const result = resultFor(run, mailbox.address, 'email');
      assert.equal(run.status, 'partial');
      const poison = (await world.localMessages(mailbox.address)).find((m) => m.subject === 'Poison')!;
      assert.deepEqual(result.errors.map((e) => e.code), ['listener_failed']);
      assert.match(result.errors[0]!.message, new RegExp(`microsoft-365\\.email\\.received listener, on entry ${poison.documentId}: the CRM is down`));
      assert.deepEqual((await subjects(mailbox.address)).sort(), ['Fine', 'Poison', 'Sent']);
      assert.deepEqual(announcedSubjects(), ['Fine', 'Poison', 'Sent']);

      // Not sent again (the listeners before the failing one had it), and the next run is clean.
      await world.syncEmail(mailbox.address);
      assert.equal(announced.length, 3);
    } finally {
      world.strapi.eventHub.off(RECEIVED, failing);
    }
  });

  test('a run stopped before its page is committed announces nothing; the re-run stores and announces each message once', async () => {
    const mailbox = await world.newMailbox('crash');
    for (let i = 0; i < 3; i++) deliver(mailbox.address, 'inbox', `Message ${i}`);
    let reached = false;
    const run = await world.sync.run({
      mailboxes: [mailbox.address],
      resources: ['email'],
      onCheckpoint: (at: Checkpoint) => {
        if (at === 'pull:before-commit' && !reached) {
          reached = true;
          throw new Error('simulated crash');
        }
      },
    });
    assert.ok(reached);
    assert.equal(run.status, 'failed');
    assert.deepEqual(await subjects(mailbox.address), []);
    assert.equal(announced.length, 0);
    await world.syncEmail(mailbox.address);
    assert.deepEqual(await subjects(mailbox.address), ['Message 0', 'Message 1', 'Message 2']);
    assert.deepEqual(announcedSubjects(), ['Message 0', 'Message 1', 'Message 2']);
  });

  for (const [point, pass] of [['pull:page-stored', 1], ['pull:page-stored', 2], ['pull:page-fetched', 2]] as const) {
    test(`a run stopped at ${point} (pass ${pass}), after pages were stored: each new message is announced exactly once, by the run or the next`, async () => {
      const previousPageSize = world.strapi.config.get('plugin::microsoft-365.pageSize');
      world.strapi.config.set('plugin::microsoft-365.pageSize', 2);
      try {
        const mailbox = await world.newMailbox(`announce-${point.replace(/\W+/g, '-')}-${pass}`);
        deliver(mailbox.address, 'inbox', 'Already here');
        await world.syncEmail(mailbox.address);
        assert.deepEqual(announcedSubjects(), ['Already here']);
        for (let i = 0; i < 5; i++) deliver(mailbox.address, 'inbox', `Message ${i}`);
        let passes = 0;
        const run = await world.sync.run({
          mailboxes: [mailbox.address],
          resources: ['email'],
          onCheckpoint: (at: Checkpoint) => {
            if (at === point && ++passes === pass) throw new Error('simulated crash');
          },
        });
        assert.equal(passes, pass, `the run passes ${point} ${pass} times`);
        assert.equal(run.status, 'failed');
        const storedByCrashedRun = (await subjects(mailbox.address)).length - 1;
        assert.ok(storedByCrashedRun >= 2, 'the stopped run had stored at least one page');
        await world.syncEmail(mailbox.address);
        await world.syncEmail(mailbox.address);
        const expected = ['Already here', ...Array.from({ length: 5 }, (_, i) => `Message ${i}`)].sort();
        assert.deepEqual(await subjects(mailbox.address), expected);
        assert.deepEqual(announcedSubjects(), expected, 'each message announced once, none lost, none twice');
        assert.ok(announced.every((a) => a.storedBefore), 'each entry was stored when announced');
        const stored = await world.localMessages(mailbox.address);
        assert.deepEqual(announced.map((a) => a.documentId).sort(), stored.map((m) => m.documentId).sort(), 'the payload is the stored entry');
      } finally {
        world.strapi.config.set('plugin::microsoft-365.pageSize', previousPageSize);
      }
    });
  }

  test('a shared (system) mailbox imports like a user mailbox', async () => {
    const address = `support-${randomBytes(3).toString('hex')}@${DEMO.tenantDomain}`;
    world.emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: 'Support', shared: true });
    await world.strapi.plugin('microsoft-365').service('mailboxes').create({ address, displayName: 'Support' });
    const ticket = deliver(address, 'inbox', 'Ticket #1');
    deliver(address, 'inbox', 'Ticket #2');
    const first = await world.syncEmail(address);
    assert.equal(first.pulled.created, 2);
    assert.deepEqual(announcedSubjects(), ['Ticket #1', 'Ticket #2']);
    world.emulator.control.deleteMessage(address, ticket.id);
    deliver(address, 'inbox', 'Ticket #3');
    const next = await world.syncEmail(address);
    assert.deepEqual(next.pulled, { created: 1, updated: 0, deleted: 1 });
    assert.deepEqual(await subjects(address), ['Ticket #2', 'Ticket #3']);
  });

  test('a delta token Graph no longer accepts (410): the full round removes what was deleted meanwhile, adds what arrived, duplicates nothing', async () => {
    const mailbox = await world.newMailbox('expired');
    const deleted = deliver(mailbox.address, 'inbox', 'Deleted while the token was lost');
    deliver(mailbox.address, 'inbox', 'Stays');
    await world.syncEmail(mailbox.address);
    world.emulator.control.deleteMessage(mailbox.address, deleted.id);
    deliver(mailbox.address, 'sentitems', 'Sent while the token was lost');
    world.emulator.control.expireDeltaTokens(mailbox.address);
    const result = await world.syncEmail(mailbox.address);
    assert.deepEqual(result.pulled, { created: 1, updated: 0, deleted: 1 });
    assert.deepEqual(await subjects(mailbox.address), ['Sent while the token was lost', 'Stays']);
    assert.deepEqual(announcedSubjects(), ['Deleted while the token was lost', 'Sent while the token was lost', 'Stays'], 'Stays is not announced again');
    assert.equal(totalChanges(await world.syncEmail(mailbox.address)), 0);
  });

  test('edits and deletes made in Strapi are never sent to Outlook: the next run restores Outlook’s copy', async () => {
    const mailbox = await world.newMailbox('readonly');
    deliver(mailbox.address, 'inbox', 'Keep me');
    deliver(mailbox.address, 'inbox', 'Delete me in Strapi');
    await world.syncEmail(mailbox.address);
    const [deleteMe, keepMe] = await world.localMessages(mailbox.address);
    const documents = world.strapi.documents(EMAIL_UID as never);
    await documents.update({ documentId: keepMe!.documentId, data: { subject: 'Edited in Strapi', isRead: true } as never });
    await documents.delete({ documentId: deleteMe!.documentId });
    await documents.create({ data: { subject: 'Written in Strapi', folder: 'inbox', mailbox: mailbox.documentId } as never });
    world.emulator.control.clearRequests();

    const result = await world.syncEmail(mailbox.address);
    assert.deepEqual(result.pushed, { created: 0, updated: 0, deleted: 0 });
    const requests = world.emulator.control.requests().filter((r: any) => r.mailbox === mailbox.address);
    assert.ok(requests.length > 0);
    assert.deepEqual(requests.filter((r: any) => r.method !== 'GET').map((r: any) => `${r.method} ${r.path}`), [], 'only reads reached the mailbox');
    const outlook = world.emulator.control.listMessages(mailbox.address, 'inbox').map((m: any) => [m.subject, m.isRead]).sort();
    assert.deepEqual(outlook, [
      ['Delete me in Strapi', false],
      ['Keep me', false],
    ]);
    // Import only is microsoft-to-strapi: Strapi's edit and delete are reverted, a Strapi-only entry stays put.
    const after = await world.localMessages(mailbox.address);
    assert.deepEqual(after.map((m) => [m.subject, m.isRead]), [
      ['Delete me in Strapi', false],
      ['Keep me', false],
      ['Written in Strapi', false],
    ]);
    assert.equal(after.find((m) => m.subject === 'Keep me')!.documentId, keepMe!.documentId);
    assert.equal(announced.length, 2, 'a restored entry is not a new message');
    assert.equal(totalChanges(await world.syncEmail(mailbox.address)), 0);
  });
});
