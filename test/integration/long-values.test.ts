// Graph values longer than 255 characters (issue 9 §2): Strapi makes every `string` attribute a
// varchar(255) whatever its maxLength says, so a long subject, location, To Do title or Message-ID made
// PostgreSQL and MySQL refuse the whole page, every run. Those attributes are `text` columns now; here
// each is synced both ways at several times that length, on every database CI runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EVENT_UID, resultFor, useSyncWorld } from './sync-support';
import { UID } from '../../shared/plugin';

const TASK_UID = UID.task;
const EMAIL_UID = UID.emailMessage;
const long = (label: string, length: number) => `${label} `.padEnd(length, 'x');

describe(`values over 255 characters (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld({ integrations: { calendar: true, tasks: true, email: true } });

  async function syncAll(address: string) {
    const run = await world.sync.run({ mailboxes: [address] });
    for (const resource of ['calendar', 'tasks', 'email'] as const) assert.deepEqual(resultFor(run, address, resource).errors, [], resource);
    assert.equal(run.status, 'succeeded');
    return run;
  }

  test('a long subject, location, To Do title, list name and Message-ID are stored whole', async () => {
    const mailbox = await world.newMailbox('longvalues');
    const subject = long('Planning', 400);
    const location = long('Building 7', 600);
    world.outlookCreate(mailbox.address, subject, 24, { location: { displayName: location } });
    const listName = long('Projects', 300);
    world.emulator.control.createTodoList(mailbox.address, listName);
    const title = long('Renew the lease', 500);
    world.emulator.control.createTask(mailbox.address, listName, { title });
    const messageId = `<${'m'.repeat(400)}@mail.fabrikam.com>`;
    const mailSubject = long('Re: the long thread', 900);
    world.emulator.control.createMessage(mailbox.address, 'inbox', { subject: mailSubject, internetMessageId: messageId });

    const run = await syncAll(mailbox.address);
    assert.equal(resultFor(run, mailbox.address, 'calendar').pulled.created, 1);
    const [event] = (await world.localEvents(mailbox.address)) as Array<Record<string, any>>;
    assert.equal(event!.subject, subject);
    assert.equal(event!.location, location);
    const [task] = (await world.strapi.db.query(TASK_UID as never).findMany({ where: { mailbox: { address: mailbox.address } } })) as Array<Record<string, any>>;
    assert.equal(task!.title, title);
    assert.equal(task!.listName, listName);
    const [message] = (await world.strapi.db.query(EMAIL_UID as never).findMany({ where: { mailbox: { address: mailbox.address } } })) as Array<Record<string, any>>;
    assert.equal(message!.internetMessageId, messageId);
    assert.equal(message!.subject, mailSubject);

    // And back: a long value written in Strapi reaches Outlook whole, and the next run is quiet.
    const edited = long('Moved to', 700);
    await world.strapi.documents(EVENT_UID as never).update({ documentId: event!.documentId, data: { location: edited } } as never);
    await syncAll(mailbox.address);
    assert.equal((world.remoteEvents(mailbox.address)[0]!.location as { displayName: string }).displayName, edited);
    const quiet = await syncAll(mailbox.address);
    const changes = quiet.results.reduce((sum: number, r: any) => sum + r.pulled.created + r.pulled.updated + r.pushed.created + r.pushed.updated, 0);
    assert.equal(changes, 0, JSON.stringify(quiet.results));
  });
});
