// The same runner on the other resources: To Do tasks (lists found at run time, moves between lists)
// and imported email (folders, attachments read separately, email.received).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resultFor, totalChanges, useSyncWorld, type SyncWorld } from './sync-support';
import { UID } from '../../shared/plugin';

const TASK_UID = UID.task;
const EMAIL_UID = UID.emailMessage;

let world: SyncWorld;

const localTasks = async (address: string) =>
  (await world.strapi.db.query(TASK_UID as never).findMany({ where: { mailbox: { address } }, orderBy: { title: 'asc' } })) as Array<Record<string, any>>;

function remoteTasks(address: string): Array<{ title: string; list: string; id: string }> {
  return world.emulator.control
    .todoLists(address)
    .flatMap((list: any) => world.emulator.control.listTasks(address, list.id).map((t: any) => ({ title: t.title, list: list.wellknownListName === 'defaultList' ? '' : list.displayName, id: t.id })))
    .sort((a, b) => a.title.localeCompare(b.title));
}

async function syncTasks(address: string) {
  const run = await world.sync.run({ mailboxes: [address], resources: ['tasks'] });
  const result = resultFor(run, address, 'tasks');
  assert.deepEqual(result.errors, []);
  return result;
}

describe(`sync of tasks and email (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld({ integrations: { calendar: false, tasks: true, email: true } });

  test('tasks: lists are found, tasks pulled with their list, pushed into the list they name, moved between lists', async () => {
    const mailbox = await world.newMailbox('todo');
    world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Call the bank' });
    world.emulator.control.createTodoList(mailbox.address, 'Groceries');
    world.emulator.control.createTask(mailbox.address, 'Groceries', { title: 'Buy milk', importance: 'high' });

    const first = await syncTasks(mailbox.address);
    assert.equal(first.pulled.created, 2);
    assert.deepEqual((await localTasks(mailbox.address)).map((t) => [t.title, t.listName ?? '']), [
      ['Buy milk', 'Groceries'],
      ['Call the bank', ''],
    ]);

    const documents = world.strapi.documents(TASK_UID as never);
    await documents.create({ data: { title: 'Buy bread', listName: 'Groceries', mailbox: mailbox.documentId } as never });
    await documents.create({ data: { title: 'Pack the tent', listName: 'Camping', mailbox: mailbox.documentId } as never });
    const pushed = await syncTasks(mailbox.address);
    assert.equal(pushed.pushed.created, 2);
    assert.deepEqual(
      remoteTasks(mailbox.address).map((t) => [t.title, t.list]),
      [
        ['Buy bread', 'Groceries'],
        ['Buy milk', 'Groceries'],
        ['Call the bank', ''],
        ['Pack the tent', 'Camping'],
      ],
    );

    const milk = (await localTasks(mailbox.address)).find((t) => t.title === 'Buy milk')!;
    await documents.update({ documentId: milk.documentId, data: { listName: 'Camping' } as never });
    await syncTasks(mailbox.address);
    assert.deepEqual(remoteTasks(mailbox.address).filter((t) => t.title === 'Buy milk').map((t) => t.list), ['Camping'], 'moved, not copied');

    const quiet = await syncTasks(mailbox.address);
    const again = await syncTasks(mailbox.address);
    assert.equal(totalChanges(quiet) + totalChanges(again), 0, JSON.stringify([quiet, again]));
    assert.equal((await localTasks(mailbox.address)).length, 4);
    assert.equal(remoteTasks(mailbox.address).length, 4);
  });

  test('email: messages of the configured folders are imported with attachments, each announced once', async () => {
    const mailbox = await world.newMailbox('mail');
    const received: Array<Record<string, any>> = [];
    const listener = async (entry: Record<string, any>) => {
      received.push(entry);
    };
    world.strapi.eventHub.on('microsoft-365.email.received', listener);
    try {
      world.emulator.control.createMessage(mailbox.address, 'inbox', {
        subject: 'Invoice',
        from: { emailAddress: { address: 'billing@fabrikam.com', name: 'Fabrikam' } },
        body: { contentType: 'text', content: 'Please find the invoice attached.' },
        attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'invoice.pdf', contentType: 'application/pdf', contentBytes: Buffer.from('%PDF-1.4').toString('base64') }],
      });
      world.emulator.control.createMessage(mailbox.address, 'sentitems', { subject: 'Re: Invoice', toRecipients: [{ emailAddress: { address: 'billing@fabrikam.com' } }] });
      world.emulator.control.createMessage(mailbox.address, 'drafts', { subject: 'Not a synced folder' });

      const run = await world.sync.run({ mailboxes: [mailbox.address], resources: ['email'] });
      const result = resultFor(run, mailbox.address, 'email');
      assert.deepEqual(result.errors, []);
      assert.equal(result.pulled.created, 2);
      const stored = (await world.strapi.db.query(EMAIL_UID as never).findMany({ where: { mailbox: { address: mailbox.address } }, orderBy: { subject: 'asc' } })) as Array<Record<string, any>>;
      assert.deepEqual(stored.map((m) => [m.subject, m.folder]), [
        ['Invoice', 'inbox'],
        ['Re: Invoice', 'sentitems'],
      ]);
      const invoice = stored.find((m) => m.subject === 'Invoice')!;
      assert.deepEqual(invoice.attachments.map((a: any) => a.name), ['invoice.pdf']);
      assert.deepEqual(received.map((m) => m.subject).sort(), ['Invoice', 'Re: Invoice']);

      const quiet = await world.sync.run({ mailboxes: [mailbox.address], resources: ['email'] });
      assert.equal(totalChanges(resultFor(quiet, mailbox.address, 'email')), 0);
      assert.equal(received.length, 2, 'announced once');
    } finally {
      world.strapi.eventHub.off('microsoft-365.email.received', listener);
    }
  });
});
