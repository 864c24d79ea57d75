// One bad item never stalls a mailbox (issue 9 §2). An item that cannot be synced as it stands is
// quarantined with its ids, the field and a plain reason; the rest of its page, the cursor, the other
// scopes and the push go on; every run tries it again, and it leaves quarantine once it goes through.
// The failures are real: a row the database refuses (a trigger, the way a column too short for a value
// refuses it), an attachment list Graph refuses, an entry the adapter cannot send, a write Graph refuses.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { AdminApi, adminWithActions, registerSuperAdmin } from '../helpers/admin-api';
import { currentDatabaseKind } from '../helpers/databases';
import { isoTime, resultFor, useSyncWorld } from './sync-support';
import { UID } from '../../shared/plugin';

const QUARANTINE_UID = UID.syncQuarantine;
const TASK_UID = UID.task;
const DAY = 86_400_000;

/** A trigger that makes the database refuse any event row whose subject contains POISON. */
const POISON_TRIGGER: Record<ReturnType<typeof currentDatabaseKind>, { create: string[]; drop: string[] }> = {
  sqlite: {
    create: [`CREATE TRIGGER ms365_poison BEFORE INSERT ON ms365_calendar_events WHEN NEW.subject LIKE '%POISON%' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END`],
    drop: ['DROP TRIGGER ms365_poison'],
  },
  postgres: {
    create: [
      `CREATE FUNCTION ms365_poison() RETURNS trigger AS $$ BEGIN IF NEW.subject LIKE '%POISON%' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      'CREATE TRIGGER ms365_poison BEFORE INSERT ON ms365_calendar_events FOR EACH ROW EXECUTE FUNCTION ms365_poison()',
    ],
    drop: ['DROP TRIGGER ms365_poison ON ms365_calendar_events', 'DROP FUNCTION ms365_poison()'],
  },
  mysql: {
    create: [`CREATE TRIGGER ms365_poison BEFORE INSERT ON ms365_calendar_events FOR EACH ROW BEGIN IF NEW.subject LIKE '%POISON%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'poisoned row'; END IF; END`],
    drop: ['DROP TRIGGER ms365_poison'],
  },
};

describe(`quarantine (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld({ integrations: { calendar: true, tasks: true, email: true } });
  let admin: AdminApi;
  let reader: AdminApi;
  let outsider: AdminApi;

  before(async () => {
    admin = await registerSuperAdmin(world.playground.url);
    reader = await adminWithActions(world.strapi, world.playground.url, 'Quarantine reader', ['plugin::microsoft-365.settings.read']);
    outsider = await adminWithActions(world.strapi, world.playground.url, 'Quarantine outsider', ['plugin::microsoft-365.sync.run']);
  });

  const sql = async (statements: string[]) => {
    for (const statement of statements) await world.strapi.db.connection.raw(statement);
  };
  const quarantined = async (address: string) =>
    (await world.strapi.db.query(QUARANTINE_UID as never).findMany({ where: { mailbox: address }, orderBy: { id: 'asc' } })) as Array<Record<string, any>>;
  const listed = async (address: string) => ((await reader.get('/microsoft-365/quarantine')).body.data as any[]).find((g) => g.mailbox === address);
  const run = (address: string, resources: string[]) => world.sync.run({ mailboxes: [address], resources });

  test('a row the database refuses: the rest of the page is stored, the cursor moves on, the item is retried until it goes through', async () => {
    const mailbox = await world.newMailbox('poison');
    world.outlookCreate(mailbox.address, 'Standup', 24);
    const poison = world.outlookCreate(mailbox.address, 'POISON review', 26);
    world.outlookCreate(mailbox.address, 'Retro', 28);
    await sql(POISON_TRIGGER[currentDatabaseKind()].create);
    try {
      const first = await run(mailbox.address, ['calendar']);
      assert.equal(first.status, 'partial');
      const result = resultFor(first, mailbox.address);
      assert.equal(result.pulled.created, 2, JSON.stringify(result));
      assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
      assert.match(result.errors[0]!.message, new RegExp(`Microsoft item ${poison.id} is quarantined: the database refused the write`));
      assert.doesNotMatch(JSON.stringify(result.errors), /POISON review/, 'no item content in the run history');
      assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject), ['Standup', 'Retro']);
      const [row] = await quarantined(mailbox.address);
      assert.equal(row!.side, 'pull');
      assert.equal(row!.resource, 'calendar');
      assert.equal(row!.remoteId, poison.id);
      assert.equal(row!.code, 'database_error');
      assert.equal(row!.attempts, 1);

      // The cursor is past the page: a new Outlook event arrives; the quarantined one is tried again.
      world.outlookCreate(mailbox.address, 'Planning', 30);
      const second = await run(mailbox.address, ['calendar']);
      assert.equal(resultFor(second, mailbox.address).pulled.created, 1);
      assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject), ['Standup', 'Retro', 'Planning']);
      assert.equal((await quarantined(mailbox.address))[0]!.attempts, 2);

      // Strapi's edits still reach Outlook while the item waits.
      const standup = (await world.localEvents(mailbox.address)).find((e) => e.subject === 'Standup')!;
      await world.strapiUpdate(standup.documentId, { subject: 'Daily standup' });
      const third = await run(mailbox.address, ['calendar']);
      assert.equal(resultFor(third, mailbox.address).pushed.updated, 1);
      assert.ok(world.remoteEvents(mailbox.address).some((e) => e.subject === 'Daily standup'));

      const group = await listed(mailbox.address);
      assert.equal(group.count, 1);
      assert.deepEqual(
        { resource: group.items[0].resource, side: group.items[0].side, remoteId: group.items[0].remoteId, code: group.items[0].code, attempts: group.items[0].attempts },
        { resource: 'calendar', side: 'pull', remoteId: poison.id, code: 'database_error', attempts: 3 },
      );
      assert.match(group.items[0].reason, /the database refused the write/);
    } finally {
      await sql(POISON_TRIGGER[currentDatabaseKind()].drop);
    }

    // The database takes it now: the next run stores it, once, and it leaves quarantine.
    const healed = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(healed, mailbox.address).pulled.created, 1);
    assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject), ['Daily standup', 'POISON review', 'Retro', 'Planning']);
    assert.deepEqual(await quarantined(mailbox.address), []);
    assert.equal(await listed(mailbox.address), undefined);
    await world.assertInStep(mailbox.address);
  });

  test('an attachment list Graph refuses quarantines that message only, naming the field', async () => {
    const mailbox = await world.newMailbox('attachments');
    const deliver = (subject: string, extra: Record<string, unknown> = {}) =>
      world.emulator.control.createMessage(mailbox.address, 'inbox', {
        subject,
        from: { emailAddress: { address: 'sender@fabrikam.com', name: 'Sender' } },
        receivedDateTime: new Date(Date.now() - DAY).toISOString(),
        ...extra,
      }) as Record<string, any>;
    deliver('Hello');
    const broken = deliver('Invoice', { attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'invoice.pdf', contentType: 'application/pdf', contentBytes: Buffer.from('%PDF').toString('base64') }] });
    deliver('Minutes');
    world.emulator.control.addFault({ pathPattern: `/messages/${broken.id}/attachments`, status: 400, code: 'ErrorInvalidRequest', message: 'The request is invalid.', times: 1_000 });
    try {
      const first = await run(mailbox.address, ['email']);
      const result = resultFor(first, mailbox.address, 'email');
      assert.equal(result.pulled.created, 2, JSON.stringify(result));
      assert.equal(result.errors.length, 1);
      assert.match(result.errors[0]!.message, /is quarantined \(field attachments\)/);
      assert.deepEqual((await world.localMessages(mailbox.address)).map((m) => m.subject), ['Hello', 'Minutes']);
      const [row] = await quarantined(mailbox.address);
      assert.deepEqual({ side: row!.side, resource: row!.resource, remoteId: row!.remoteId, field: row!.field, code: row!.code }, { side: 'pull', resource: 'email', remoteId: broken.id, field: 'attachments', code: 'invalid_request' });
    } finally {
      world.emulator.control.clearFaults();
    }
    const healed = await run(mailbox.address, ['email']);
    assert.deepEqual(resultFor(healed, mailbox.address, 'email').errors, []);
    const messages = await world.localMessages(mailbox.address);
    assert.deepEqual(messages.map((m) => m.subject), ['Hello', 'Invoice', 'Minutes']);
    assert.equal(messages[1]!.attachments[0].name, 'invoice.pdf');
    assert.deepEqual(await quarantined(mailbox.address), []);
  });

  test('push: an entry the adapter cannot send and a write Graph refuses are quarantined one by one; the rest of the $batch goes through', async () => {
    const mailbox = await world.newMailbox('pushq');
    await world.syncMailbox(mailbox.address);
    const invalid = await world.strapiCreate(mailbox, { subject: 'Ends before it starts', start: isoTime(30), end: isoTime(29) });
    const refused = await world.strapiCreate(mailbox, { subject: 'Refused once', start: isoTime(40), end: isoTime(41) });
    await world.strapiCreate(mailbox, { subject: 'Fine', start: isoTime(50), end: isoTime(51) });
    // Graph refuses the first create of the batch (parts go in the order the entries are read).
    world.emulator.control.addFault({ method: 'POST', pathPattern: '/events$', mailbox: mailbox.address, status: 400, code: 'ErrorInvalidRequest', message: 'The request is invalid.', times: 1 });
    const first = await run(mailbox.address, ['calendar']);
    const result = resultFor(first, mailbox.address);
    assert.equal(result.pushed.created, 1, JSON.stringify(result));
    assert.equal(result.errors.length, 2, JSON.stringify(result.errors));
    const rows = await quarantined(mailbox.address);
    const byEntry = new Map(rows.map((r) => [r.localId, r]));
    assert.deepEqual(new Set(byEntry.keys()), new Set([invalid.documentId, refused.documentId]));
    assert.deepEqual({ side: byEntry.get(invalid.documentId)!.side, field: byEntry.get(invalid.documentId)!.field, code: byEntry.get(invalid.documentId)!.code }, { side: 'push', field: 'end', code: 'calendar.invalid-event' });
    assert.equal(byEntry.get(refused.documentId)!.code, 'invalid_request');
    assert.match(byEntry.get(refused.documentId)!.reason, /Microsoft Graph refused POST/);
    assert.deepEqual(world.remoteEvents(mailbox.address).map((e) => e.subject), ['Fine']);

    // The admin fixes the entry; Graph takes the other one now: both go through, quarantine is empty.
    await world.strapiUpdate(invalid.documentId, { end: isoTime(31) });
    const healed = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(healed, mailbox.address).pushed.created, 2);
    assert.deepEqual(await quarantined(mailbox.address), []);
    await world.assertInStep(mailbox.address);
  });

  test('push: an entry too large for Graph fails alone, not its $batch', async () => {
    const mailbox = await world.newMailbox('oversized');
    await world.syncMailbox(mailbox.address);
    const huge = await world.strapiCreate(mailbox, { subject: 'Minutes', body: 'x'.repeat(4.5 * 1024 * 1024), start: isoTime(30), end: isoTime(31) });
    for (const subject of ['Standup', 'Retro']) await world.strapiCreate(mailbox, { subject, start: isoTime(40), end: isoTime(41) });
    const first = await run(mailbox.address, ['calendar']);
    const result = resultFor(first, mailbox.address);
    assert.equal(result.pushed.created, 2, JSON.stringify(result.errors));
    assert.deepEqual(world.remoteEvents(mailbox.address).map((e) => e.subject).sort(), ['Retro', 'Standup']);
    const [row] = await quarantined(mailbox.address);
    assert.deepEqual({ side: row!.side, localId: row!.localId, code: row!.code }, { side: 'push', localId: huge.documentId, code: 'invalid_request' });
    assert.match(row!.reason, /\(413\)/);
    // Cut down in Strapi, it goes through and leaves quarantine.
    await world.strapiUpdate(huge.documentId, { body: 'The short version.' });
    await world.syncMailbox(mailbox.address);
    assert.deepEqual(await quarantined(mailbox.address), []);
    await world.assertInStep(mailbox.address);
  });

  test('a To Do list whose delta fails: the other lists and the push go on', async () => {
    const mailbox = await world.newMailbox('lists');
    const broken = world.emulator.control.createTodoList(mailbox.address, 'Broken') as Record<string, any>;
    world.emulator.control.createTodoList(mailbox.address, 'Errands');
    world.emulator.control.createTask(mailbox.address, 'Errands', { title: 'Buy milk' });
    world.emulator.control.addFault({ pathPattern: `/lists/${broken.id}/tasks/delta`, status: 400, code: 'ErrorInvalidRequest', times: 1_000 });
    try {
      const first = await run(mailbox.address, ['tasks']);
      const result = resultFor(first, mailbox.address, 'tasks');
      assert.equal(first.status, 'partial', JSON.stringify(result.errors));
      assert.equal(result.pulled.created, 1, JSON.stringify(result));
      assert.equal(result.errors.length, 1);
      assert.match(result.errors[0]!.message, /Microsoft Graph refused GET/);
      await world.strapi.documents(TASK_UID as never).create({ data: { title: 'Call the plumber', listName: 'Errands', mailbox: mailbox.documentId } as never });
      const second = await run(mailbox.address, ['tasks']);
      assert.equal(resultFor(second, mailbox.address, 'tasks').pushed.created, 1);
      const titles = (world.emulator.control.listTasks(mailbox.address, 'Errands') as Array<{ title: string }>).map((t) => t.title).sort();
      assert.deepEqual(titles, ['Buy milk', 'Call the plumber']);
    } finally {
      world.emulator.control.clearFaults();
    }
  });

  test('GET /quarantine needs settings.read and takes no query parameters; deleting a mailbox forgets its quarantine', async () => {
    assert.equal((await outsider.get('/microsoft-365/quarantine')).status, 403);
    const bad = await reader.get('/microsoft-365/quarantine?page=2');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.name, 'ValidationError');

    const mailbox = await world.newMailbox('leaver');
    world.outlookCreate(mailbox.address, 'Standup', 24);
    const poison = world.outlookCreate(mailbox.address, 'POISON', 25);
    await sql(POISON_TRIGGER[currentDatabaseKind()].create);
    try {
      await run(mailbox.address, ['calendar']);
    } finally {
      await sql(POISON_TRIGGER[currentDatabaseKind()].drop);
    }
    assert.equal((await listed(mailbox.address)).items[0].remoteId, poison.id);
    const { status } = await admin.delete(`/microsoft-365/mailboxes/${mailbox.documentId}`);
    assert.equal(status, 200);
    assert.deepEqual(await quarantined(mailbox.address), []);
  });
});
