// Occurrences of a series changed in Outlook show in Strapi as exceptions of the series (issue 4, point 3):
// a cancelled one as an entry with isCancelled (from the master's cancelledOccurrences, since Graph
// keeps no item for it), an edited one as an entry with its own subject and times; the series entry
// itself keeps its recurrence, and a sync right after changes nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { occurrenceId } from '../emulator';
import { changes, graphTime, resultFor, useSyncWorld } from './sync-support';

const DAY = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A weekly series of `count` occurrences, the first `hoursFromNow` ahead (UTC, on the hour, one hour long). */
function weeklySeries(subject: string, hoursFromNow: number, count: number) {
  const start = graphTime(hoursFromNow);
  const end = graphTime(hoursFromNow + 1);
  const first = new Date(`${start.dateTime.slice(0, 19)}Z`);
  const startDate = start.dateTime.slice(0, 10);
  return {
    body: {
      subject,
      body: { contentType: 'text', content: `${subject} agenda` },
      start,
      end,
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: [WEEKDAYS[first.getUTCDay()]] },
        range: { type: 'numbered', startDate, numberOfOccurrences: count },
      },
    },
    /** The original start of occurrence n (0-based), as an instant. */
    occurrenceStart: (n: number) => new Date(first.getTime() + n * 7 * DAY),
    /** The occurrence's date in the series' zone (UTC here), which names it. */
    occurrenceDate: (n: number) => new Date(first.getTime() + n * 7 * DAY).toISOString().slice(0, 10),
  };
}

const iso = (value: unknown) => new Date(value as string).toISOString();

describe(`sync of occurrences changed in Outlook (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  const world = useSyncWorld();

  test('a cancelled occurrence becomes a cancelled exception of the series; the series keeps its recurrence', async () => {
    const mailbox = await world.newMailbox('cancel');
    const series = weeklySeries('Team sync', 50, 6);
    const master = world.emulator.control.createEvent(mailbox.address, series.body);
    const masterId = String(master.id);

    const first = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(first, mailbox.address).pulled, { created: 1, updated: 0, deleted: 0 }, 'the series is one entry');
    const [seriesEntry] = await world.localEvents(mailbox.address);
    assert.equal(seriesEntry!.recurrence.pattern.type, 'weekly');
    assert.equal(seriesEntry!.isCancelled, false);
    await world.assertInStep(mailbox.address);

    // Cancelled in Outlook, as its organizer deletes one occurrence.
    world.emulator.control.deleteEvent(mailbox.address, occurrenceId(masterId, series.occurrenceDate(2)));
    world.emulator.control.clearRequests();
    const second = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(second, mailbox.address).pulled, { created: 1, updated: 0, deleted: 0 }, JSON.stringify(resultFor(second, mailbox.address)));
    const masterReads = world.emulator.control.requests().filter((r) => r.method === 'GET' && r.path.includes(`/events/${encodeURIComponent(masterId)}`));
    assert.equal(masterReads.length, 1, 'the series master is read once');
    assert.match(decodeURIComponent(masterReads[0]!.path), /\$select=[^&]*cancelledOccurrences/, 'and asked for its cancelled occurrences');

    const locals = await world.localEvents(mailbox.address);
    assert.equal(locals.length, 2, JSON.stringify(locals.map((e) => [e.subject, e.start, e.isCancelled])));
    const cancelled = locals.find((e) => e.isCancelled);
    assert.ok(cancelled, 'the cancelled occurrence shows');
    assert.equal(cancelled.seriesMasterId, masterId);
    assert.equal(iso(cancelled.originalStart), series.occurrenceStart(2).toISOString());
    assert.equal(iso(cancelled.start), series.occurrenceStart(2).toISOString());
    assert.equal(iso(cancelled.end), new Date(series.occurrenceStart(2).getTime() + 3_600_000).toISOString());
    assert.equal(cancelled.subject, 'Team sync');
    assert.equal(cancelled.recurrence, null);
    const seriesAfter = locals.find((e) => e.documentId === seriesEntry!.documentId)!;
    assert.deepEqual(seriesAfter.recurrence, seriesEntry!.recurrence, 'the series entry keeps its recurrence');
    assert.equal(seriesAfter.isCancelled, false);

    const third = await world.syncMailbox(mailbox.address);
    assert.equal(changes(third, mailbox.address), 0, JSON.stringify(resultFor(third, mailbox.address)));
    assert.equal(resultFor(third, mailbox.address).graphRequests, 1, 'one delta request, nothing re-read');
    assert.equal((await world.localEvents(mailbox.address)).length, 2);
  });

  test('cancelled occurrences go when Outlook forgets them: a new pattern, or the series deleted', async () => {
    const mailbox = await world.newMailbox('forget');
    const series = weeklySeries('Standup', 40, 6);
    const master = world.emulator.control.createEvent(mailbox.address, series.body);
    const masterId = String(master.id);
    world.emulator.control.deleteEvent(mailbox.address, occurrenceId(masterId, series.occurrenceDate(1)));
    await world.syncMailbox(mailbox.address);
    assert.equal((await world.localEvents(mailbox.address)).filter((e) => e.isCancelled).length, 1, 'cancelled before the first sync, seen on it');

    // A new pattern: Outlook drops the series' cancellations (and exceptions).
    const recurrence = { ...series.body.recurrence, range: { ...series.body.recurrence.range, numberOfOccurrences: 4 } };
    world.emulator.control.updateEvent(mailbox.address, masterId, { recurrence });
    const repatterned = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(repatterned, mailbox.address).pulled, { created: 0, updated: 1, deleted: 1 }, JSON.stringify(resultFor(repatterned, mailbox.address)));
    let locals = await world.localEvents(mailbox.address);
    assert.deepEqual(locals.map((e) => [e.subject, e.isCancelled, e.recurrence?.range?.numberOfOccurrences]), [['Standup', false, 4]]);

    world.emulator.control.deleteEvent(mailbox.address, occurrenceId(masterId, series.occurrenceDate(2)));
    await world.syncMailbox(mailbox.address);
    assert.equal((await world.localEvents(mailbox.address)).filter((e) => e.isCancelled).length, 1);

    // The series deleted: its entry and its cancelled occurrence both go.
    world.emulator.control.deleteEvent(mailbox.address, masterId);
    const deleted = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(deleted, mailbox.address).pulled, { created: 0, updated: 0, deleted: 2 }, JSON.stringify(resultFor(deleted, mailbox.address)));
    locals = await world.localEvents(mailbox.address);
    assert.deepEqual(locals, []);
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
  });

  test('an occurrence edited in Outlook becomes an exception with its new subject and time', async () => {
    const mailbox = await world.newMailbox('edit');
    const series = weeklySeries('Design review', 30, 5);
    const master = world.emulator.control.createEvent(mailbox.address, series.body);
    const masterId = String(master.id);
    await world.syncMailbox(mailbox.address);
    const [seriesEntry] = await world.localEvents(mailbox.address);

    const movedStart = new Date(series.occurrenceStart(1).getTime() + 3 * 3_600_000);
    const movedEnd = new Date(movedStart.getTime() + 1_800_000);
    const graphDateTime = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
    world.emulator.control.updateEvent(mailbox.address, occurrenceId(masterId, series.occurrenceDate(1)), {
      subject: 'Design review (afternoon)',
      start: graphDateTime(movedStart),
      end: graphDateTime(movedEnd),
    });
    const run = await world.syncMailbox(mailbox.address);
    assert.deepEqual(resultFor(run, mailbox.address).pulled, { created: 1, updated: 0, deleted: 0 }, JSON.stringify(resultFor(run, mailbox.address)));

    const locals = await world.localEvents(mailbox.address);
    assert.equal(locals.length, 2);
    const exception = locals.find((e) => e.seriesMasterId);
    assert.ok(exception, 'the edited occurrence shows as an exception');
    assert.equal(exception.subject, 'Design review (afternoon)');
    assert.equal(exception.seriesMasterId, masterId);
    assert.equal(iso(exception.originalStart), series.occurrenceStart(1).toISOString());
    assert.equal(iso(exception.start), movedStart.toISOString());
    assert.equal(iso(exception.end), movedEnd.toISOString());
    assert.equal(exception.isCancelled, false);
    assert.equal(exception.recurrence, null);
    const seriesAfter = locals.find((e) => e.documentId === seriesEntry!.documentId)!;
    assert.deepEqual(seriesAfter.recurrence, seriesEntry!.recurrence);
    assert.equal(seriesAfter.subject, 'Design review');

    const again = await world.syncMailbox(mailbox.address);
    assert.equal(changes(again, mailbox.address), 0, JSON.stringify(resultFor(again, mailbox.address)));
    assert.equal(resultFor(again, mailbox.address).graphRequests, 1);
  });

  test('an edited occurrence cancelled later turns into a cancelled exception', async () => {
    const mailbox = await world.newMailbox('edit-cancel');
    const series = weeklySeries('Review', 60, 4);
    const master = world.emulator.control.createEvent(mailbox.address, series.body);
    const masterId = String(master.id);
    const id = occurrenceId(masterId, series.occurrenceDate(1));
    world.emulator.control.updateEvent(mailbox.address, id, { subject: 'Review (special)' });
    await world.syncMailbox(mailbox.address);
    assert.deepEqual((await world.localEvents(mailbox.address)).map((e) => e.subject).sort(), ['Review', 'Review (special)']);

    world.emulator.control.deleteEvent(mailbox.address, id);
    const run = await world.syncMailbox(mailbox.address);
    const locals = await world.localEvents(mailbox.address);
    assert.deepEqual(
      locals.map((e) => [e.subject, e.isCancelled]),
      [
        ['Review', false],
        ['Review', true],
      ],
      JSON.stringify(resultFor(run, mailbox.address)),
    );
    assert.equal(iso(locals[1]!.originalStart), series.occurrenceStart(1).toISOString());
    assert.equal(changes(await world.syncMailbox(mailbox.address), mailbox.address), 0);
  });
});
