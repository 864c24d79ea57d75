// Pull, push (through the Document Service, as the Content Manager writes), no echo, and the run record.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changes, isoTime, resultFor, useSyncWorld } from './sync-support';

describe(`sync basics (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();

  test('pull: Outlook events become calendar-event entries of the mailbox, each once', async () => {
    const mailbox = await world.newMailbox('pull');
    world.outlookCreate(mailbox.address, 'Design review', 24);
    world.outlookCreate(mailbox.address, 'Budget meeting', 48, { location: { displayName: 'Room 7' }, categories: ['Finance'] });
    world.outlookCreate(mailbox.address, 'Offsite', 72, { isAllDay: true, start: { dateTime: isoTime(0).slice(0, 10) + 'T00:00:00', timeZone: 'UTC' }, end: { dateTime: new Date(Date.now() + 86400000).toISOString().slice(0, 10) + 'T00:00:00', timeZone: 'UTC' } });

    const run = await world.syncMailbox(mailbox.address);
    const result = resultFor(run, mailbox.address);
    assert.deepEqual(result.pulled, { created: 3, updated: 0, deleted: 0 });
    assert.deepEqual(result.pushed, { created: 0, updated: 0, deleted: 0 });
    assert.ok(result.graphRequests >= 1);

    const locals = await world.localEvents(mailbox.address);
    assert.deepEqual(locals.map((e) => e.subject).sort(), ['Budget meeting', 'Design review', 'Offsite']);
    for (const entry of locals) {
      assert.match(entry.documentId, /^[a-z0-9]{20,}$/, 'a Strapi 5 documentId');
      assert.ok(entry.publishedAt, 'published like any entry of a type without drafts');
    }
    // Seen through the Document Service, as the Content Manager lists them.
    const documents = await world.strapi.documents('plugin::microsoft-365.calendar-event' as never).findMany({ filters: { mailbox: { address: mailbox.address } } as never, populate: ['mailbox'] as never });
    assert.equal(documents.length, 3);
    assert.ok(documents.every((d: any) => d.mailbox?.address === mailbox.address));
    await world.assertInStep(mailbox.address);

    // Edits and deletes in Outlook follow.
    const budget = world.remoteEvents(mailbox.address).find((e) => e.subject === 'Budget meeting')!;
    world.emulator.control.updateEvent(mailbox.address, budget.id, { subject: 'Budget meeting (moved)' });
    const review = world.remoteEvents(mailbox.address).find((e) => e.subject === 'Design review')!;
    world.emulator.control.deleteEvent(mailbox.address, review.id);
    const second = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(second, mailbox.address).pulled, { created: 0, updated: 1, deleted: 1 });
    await world.assertInStep(mailbox.address);
  });

  test('no echo: a sync right after a sync changes nothing and sends one Graph request', async () => {
    const mailbox = await world.newMailbox('echo');
    for (let i = 0; i < 5; i++) world.outlookCreate(mailbox.address, `Echo ${i}`, 10 + i);
    await world.syncMailbox(mailbox.address);
    const again = await world.syncMailbox(mailbox.address);
    assert.equal(changes(again, mailbox.address), 0);
    assert.equal(resultFor(again, mailbox.address).graphRequests, 1);

    // Our own pushes do not come back as changes either.
    const entry = (await world.localEvents(mailbox.address))[0]!;
    await world.strapiUpdate(entry.documentId, { subject: 'Echo edited in Strapi' });
    const push = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(push, mailbox.address).pushed.updated, 1);
    const afterPush = await world.syncMailbox(mailbox.address);
    assert.equal(changes(afterPush, mailbox.address), 0, JSON.stringify(resultFor(afterPush, mailbox.address)));
    const quiet = await world.syncMailbox(mailbox.address);
    assert.equal(changes(quiet, mailbox.address), 0);
    assert.equal(resultFor(quiet, mailbox.address).graphRequests, 1);
    await world.assertInStep(mailbox.address);
  });

  test('push: entries created, edited and deleted through the Document Service reach Outlook', async () => {
    const mailbox = await world.newMailbox('push');
    await world.syncMailbox(mailbox.address);
    const created = await world.strapiCreate(mailbox, { subject: 'Made in Strapi', start: isoTime(30), end: isoTime(31), body: 'Agenda', location: 'HQ' });
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(run, mailbox.address).pushed, { created: 1, updated: 0, deleted: 0 });
    const remote = world.remoteEvents(mailbox.address);
    assert.equal(remote.length, 1);
    assert.equal(remote[0]!.subject, 'Made in Strapi');
    assert.equal(remote[0]!.location.displayName, 'HQ');
    await world.assertInStep(mailbox.address);

    await world.strapiUpdate(created.documentId, { subject: 'Made in Strapi, renamed' });
    const update = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(update, mailbox.address).pushed, { created: 0, updated: 1, deleted: 0 });
    assert.equal(world.remoteEvents(mailbox.address)[0]!.subject, 'Made in Strapi, renamed');
    await world.assertInStep(mailbox.address);

    await world.strapiDelete(created.documentId);
    const removal = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(removal, mailbox.address).pushed, { created: 0, updated: 0, deleted: 1 });
    assert.equal(world.remoteEvents(mailbox.address).length, 0);
    await world.assertInStep(mailbox.address);
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
  });

  test('the run is recorded with its counts, the mailbox stamped, and the completed event emitted', async () => {
    const mailbox = await world.newMailbox('record');
    world.outlookCreate(mailbox.address, 'Recorded', 5);
    const seen: unknown[] = [];
    const listener = async (run: unknown) => {
      seen.push(run);
    };
    world.strapi.eventHub.on('microsoft-365.sync.completed', listener);
    const run = await world.syncMailbox(mailbox.address, { trigger: 'api' });
    world.strapi.eventHub.off('microsoft-365.sync.completed', listener);
    assert.equal(run.trigger, 'api');
    assert.ok(run.finishedAt && run.startedAt <= run.finishedAt);
    assert.deepEqual(seen, [run]);
    const stored = await world.strapi.plugin('microsoft-365').service('sync').getRun(run.id);
    assert.deepEqual(stored, run);
    const box = await world.strapi.db.query('plugin::microsoft-365.mailbox' as never).findOne({ where: { address: mailbox.address } });
    assert.ok(box.lastSyncAt);
    assert.equal(box.lastError, null);
  });
});

describe(`sync of recurring series (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const series = useSyncWorld();

  test('a weekly series with an edited and a cancelled occurrence: the master is read once, exceptions show', async () => {
    // The demo mailbox holds singles, an all-day event and a weekly series of 10 with one occurrence
    // moved and one cancelled (test/emulator/control/seedDemo.ts).
    const address = 'adele.vance@contoso.onmicrosoft.com';
    await series.strapi.plugin('microsoft-365').service('mailboxes').create({ address });
    series.emulator.control.clearRequests();
    const run = await series.syncMailbox(address);
    const masterReads = series.emulator.control
      .requests()
      .filter((r) => r.method === 'GET' && /\/events\/[^/]+$/.test(r.path));
    assert.equal(masterReads.length, 1, `one read of the series master: ${JSON.stringify(masterReads.map((r) => r.path))}`);
    assert.equal(resultFor(run, address).graphRequests, 2, 'one delta page and one $batch');

    const locals = await series.localEvents(address);
    const master = locals.find((e) => e.subject === 'Weekly sync' && e.recurrence);
    assert.ok(master, 'the series is one entry carrying its recurrence');
    assert.equal(master.recurrence.pattern.type, 'weekly');
    assert.ok(locals.some((e) => e.subject === 'Weekly sync (moved)'), 'the moved occurrence shows as an exception');
    // The cancelled occurrence comes from the master's cancelledOccurrences; the series itself is not
    // split into occurrences.
    const cancelled = locals.filter((e) => e.isCancelled);
    assert.equal(cancelled.length, 1, 'the cancelled occurrence shows as a cancelled exception');
    assert.equal(cancelled[0]!.seriesMasterId, series.remoteEvents(address).find((e) => e.subject === 'Weekly sync')!.id);
    assert.equal(locals.filter((e) => e.subject === 'Weekly sync' && !e.isCancelled).length, 1);
    assertNoDuplicatesBy(locals);

    const again = await series.syncMailbox(address);
    assert.equal(changes(again, address), 0);
    assert.equal(resultFor(again, address).graphRequests, 1);
  });

  test('a series deleted in Outlook: delta removes only its occurrences, and the master entry goes too', async () => {
    const address = 'adele.vance@contoso.onmicrosoft.com';
    const master = series.remoteEvents(address).find((e) => e.subject === 'Weekly sync')!;
    series.emulator.control.deleteEvent(address, master.id);
    const run = await series.syncMailbox(address);
    const left = (await series.localEvents(address)).filter((e) => String(e.subject).startsWith('Weekly sync'));
    assert.deepEqual(left, [], 'no entry of the deleted series is left');
    assert.ok(resultFor(run, address).pulled.deleted >= 2, 'the master and its exception');
    assert.equal(changes(await series.syncMailbox(address), address), 0);
  });
});

function assertNoDuplicatesBy(entries: Array<Record<string, any>>): void {
  const keys = entries.map((e) => `${e.subject}|${e.start}|${e.isCancelled}`);
  assert.equal(new Set(keys).size, keys.length, `duplicates among ${keys.join(', ')}`);
}
