// Throttling, expired delta tokens and volume: the run completes correctly and stays efficient.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertNoDuplicates, changes, isoTime, resultFor, useSyncWorld } from './sync-support';

describe(`sync resilience (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();

  test('5 consecutive 429s with Retry-After on the delta: the run waits them out and completes', async () => {
    const mailbox = await world.newMailbox('throttled');
    for (let i = 0; i < 3; i++) world.outlookCreate(mailbox.address, `Throttled ${i}`, 5 + i);
    world.emulator.control.addFault({ pathPattern: '/calendarView/delta', mailbox: mailbox.address, status: 429, code: 'TooManyRequests', retryAfterSeconds: 1, times: 5 });
    const started = Date.now();
    const run = await world.syncMailbox(mailbox.address);
    assert.ok(Date.now() - started >= 5000, 'Retry-After was honoured five times');
    const result = resultFor(run, mailbox.address);
    assert.equal(result.pulled.created, 3);
    assert.equal(result.graphRequests, 6, 'five throttled attempts and the one that went through');
    await world.assertInStep(mailbox.address);
  });

  test('429s on the parts of a $batch push: the throttled writes are sent again, nothing twice', async () => {
    const mailbox = await world.newMailbox('throttled-push');
    await world.syncMailbox(mailbox.address);
    for (let i = 0; i < 3; i++) await world.strapiCreate(mailbox, { subject: `Pushed ${i}`, start: isoTime(10 + i), end: isoTime(11 + i) });
    world.emulator.control.addFault({ method: 'POST', pathPattern: '/events$', mailbox: mailbox.address, status: 429, code: 'TooManyRequests', retryAfterSeconds: 1, times: 5 });
    const run = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(run, mailbox.address).pushed.created, 3);
    assert.equal(world.remoteEvents(mailbox.address).length, 3);
    await world.assertInStep(mailbox.address);
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
  });

  test('410 on delta: a full resync reconciles against the mappings, no duplicates, changes kept', async () => {
    const mailbox = await world.newMailbox('expired');
    const kept = world.outlookCreate(mailbox.address, 'Kept', 5);
    const edited = world.outlookCreate(mailbox.address, 'Before the reset', 6);
    const removed = world.outlookCreate(mailbox.address, 'Removed during the reset', 7);
    await world.syncMailbox(mailbox.address);
    const before = await world.localEvents(mailbox.address);

    assert.ok(world.emulator.control.expireDeltaTokens(mailbox.address) > 0);
    world.emulator.control.updateEvent(mailbox.address, String(edited.id), { subject: 'After the reset' });
    world.emulator.control.deleteEvent(mailbox.address, String(removed.id));
    world.outlookCreate(mailbox.address, 'New during the reset', 8);
    const run = await world.syncMailbox(mailbox.address);
    const result = resultFor(run, mailbox.address);
    assert.deepEqual(result.pulled, { created: 1, updated: 1, deleted: 1 });

    const after = await world.localEvents(mailbox.address);
    assert.deepEqual(after.map((e) => e.subject).sort(), ['After the reset', 'Kept', 'New during the reset']);
    const keptBefore = before.find((e) => e.subject === 'Kept')!;
    assert.equal(after.find((e) => e.subject === 'Kept')!.documentId, keptBefore.documentId, 'the same entry, not a copy');
    assert.ok(world.remoteEvents(mailbox.address).some((e) => e.id === kept.id));
    await world.assertInStep(mailbox.address);
    const quiet = await world.syncMailbox(mailbox.address);
    assert.equal(changes(quiet, mailbox.address), 0);
    assert.equal(resultFor(quiet, mailbox.address).graphRequests, 1);
  });

  test('an event created in Strapi and deleted in Outlook before the next sync is deleted in Strapi', async () => {
    const mailbox = await world.newMailbox('created-then-deleted');
    await world.syncMailbox(mailbox.address);
    await world.strapiCreate(mailbox, { subject: 'Short-lived', start: isoTime(3), end: isoTime(4) });
    await world.syncMailbox(mailbox.address);
    world.emulator.control.deleteEvent(mailbox.address, String(world.remoteEvents(mailbox.address)[0]!.id));
    const run = await world.syncMailbox(mailbox.address);
    assert.equal(resultFor(run, mailbox.address).pulled.deleted, 1);
    assert.equal((await world.localEvents(mailbox.address)).length, 0);
  });

  test('2,000 events are pulled in at most 2000/pageSize + 10 Graph requests, each once', async (t) => {
    const mailbox = await world.newMailbox('bulk');
    world.emulator.control.seedEvents(mailbox.address, 2000, { spacingMinutes: 60, subjectPrefix: 'Bulk' });
    const pageSize = (world.strapi.config.get('plugin::microsoft-365') as { pageSize: number }).pageSize;
    let queries = 0;
    const countQuery = () => {
      queries++;
    };
    world.strapi.db.connection.on('query', countQuery);
    const started = Date.now();
    const run = await world.syncMailbox(mailbox.address);
    const elapsed = Date.now() - started;
    world.strapi.db.connection.off('query', countQuery);
    const result = resultFor(run, mailbox.address);
    assert.equal(result.pulled.created, 2000);
    assert.ok(result.graphRequests <= 2000 / pageSize + 10, `${result.graphRequests} requests`);
    const locals = await world.localEvents(mailbox.address);
    assert.equal(locals.length, 2000);
    assertNoDuplicates(locals.map((e) => e.subject), 'Strapi');
    t.diagnostic(`2,000 events: ${result.graphRequests} Graph requests (page size ${pageSize}), ${queries} database queries, ${elapsed} ms`);

    queries = 0;
    world.strapi.db.connection.on('query', countQuery);
    const quietStarted = Date.now();
    const quiet = await world.syncMailbox(mailbox.address);
    world.strapi.db.connection.off('query', countQuery);
    t.diagnostic(`quiet sync of 2,000 events: ${resultFor(quiet, mailbox.address).graphRequests} Graph request, ${queries} database queries, ${Date.now() - quietStarted} ms`);
    assert.equal(changes(quiet, mailbox.address), 0);
    assert.equal(resultFor(quiet, mailbox.address).graphRequests, 1);
  });
});

describe(`sync errors (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const errs = useSyncWorld();

  test('an entry Outlook cannot take is reported on its own; the other items sync; the run is partial', async () => {
    const mailbox = await errs.newMailbox('item-error');
    await errs.syncMailbox(mailbox.address);
    await errs.strapiCreate(mailbox, { subject: 'Fine', start: isoTime(5), end: isoTime(6) });
    await errs.strapiCreate(mailbox, { subject: 'Broken recurrence', start: isoTime(7), end: isoTime(8), recurrence: { pattern: { type: 'fortnightly' } } });
    const run = await errs.sync.run({ mailboxes: [mailbox.address] });
    const result = resultFor(run, mailbox.address);
    assert.equal(run.status, 'partial');
    assert.equal(result.pushed.created, 1);
    assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
    assert.ok(result.errors[0]!.code && result.errors[0]!.message);
    assert.deepEqual(errs.remoteEvents(mailbox.address).map((e) => e.subject), ['Fine']);
    const box = await errs.strapi.db.query('plugin::microsoft-365.mailbox' as never).findOne({ where: { address: mailbox.address } });
    assert.equal(box.lastError, result.errors[0]!.message);
  });

  test('a mailbox Microsoft does not know fails its run, which is recorded and announced as failed', async () => {
    const address = 'ghost@contoso.onmicrosoft.com';
    await errs.strapi.plugin('microsoft-365').service('mailboxes').create({ address });
    const failed: unknown[] = [];
    const listener = async (run: unknown) => {
      failed.push(run);
    };
    errs.strapi.eventHub.on('microsoft-365.sync.failed', listener);
    const run = await errs.sync.run({ mailboxes: [address] });
    errs.strapi.eventHub.off('microsoft-365.sync.failed', listener);
    assert.equal(run.status, 'failed');
    assert.deepEqual(failed, [run]);
    const result = resultFor(run, address);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]!.code, 'mailbox_not_found');
    const box = await errs.strapi.db.query('plugin::microsoft-365.mailbox' as never).findOne({ where: { address } });
    assert.match(box.lastError, /ghost/);
  });
});
