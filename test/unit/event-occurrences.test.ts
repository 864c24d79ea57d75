// What the admin's calendar view draws of stored events in a range (shared/event-occurrences.ts):
// singles, series expanded in their own zone, exceptions in place of the occurrence they replace,
// cancelled occurrences hidden.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarItems, type StoredEvent } from '../../shared/event-occurrences';

const ADELE = { documentId: 'mb-adele', address: 'adele@contoso.example' };
const ALEX = { documentId: 'mb-alex', address: 'alex@contoso.example' };
/** A range from local midnight of `from` to local midnight of `to` (dates YYYY-MM-DD), as FullCalendar gives it. */
const range = (from: string, to: string) => {
  const local = (date: string) => new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return { start: local(from), end: local(to) };
};
const weekly = (startDate: string, day: string, count = 10) => ({
  pattern: { type: 'weekly', interval: 1, daysOfWeek: [day], firstDayOfWeek: 'sunday' },
  range: { type: 'numbered', startDate, numberOfOccurrences: count },
});
const event = (documentId: string, fields: Partial<StoredEvent>): StoredEvent => ({
  documentId,
  subject: documentId,
  start: '2026-12-08T08:00:00.000Z',
  end: '2026-12-08T08:30:00.000Z',
  isAllDay: false,
  timeZone: 'UTC',
  isCancelled: false,
  recurrence: null,
  seriesMasterId: null,
  originalStart: null,
  mailbox: ADELE,
  ...fields,
});
const starts = (items: ReturnType<typeof calendarItems>) => items.map((item) => `${item.title}@${item.start}`);

describe('calendarItems', () => {
  test('single events in the range are shown, others and cancelled ones are not', () => {
    const items = calendarItems(
      [
        event('planning', { start: '2026-12-09T09:00:00.000Z', end: '2026-12-09T10:30:00.000Z' }),
        event('next month', { start: '2027-01-20T09:00:00.000Z', end: '2027-01-20T10:00:00.000Z' }),
        event('called off', { start: '2026-12-10T09:00:00.000Z', end: '2026-12-10T10:00:00.000Z', isCancelled: true }),
      ],
      range('2026-12-01', '2026-12-31'),
    );
    assert.deepEqual(starts(items), ['planning@2026-12-09T09:00:00.000Z']);
    assert.deepEqual({ kind: items[0].kind, documentId: items[0].documentId, mailbox: items[0].mailbox }, { kind: 'single', documentId: 'planning', mailbox: ADELE });
  });

  test('a weekly series shows each occurrence in the range, each linking to the series entry', () => {
    const master = event('Weekly sync', { recurrence: weekly('2026-12-08', 'tuesday', 10) });
    const items = calendarItems([master], range('2026-12-13', '2026-12-27'));
    assert.deepEqual(starts(items), ['Weekly sync@2026-12-15T08:00:00.000Z', 'Weekly sync@2026-12-22T08:00:00.000Z']);
    assert.ok(items.every((item) => item.kind === 'occurrence' && item.documentId === 'Weekly sync' && item.end === item.start.replace('08:00', '08:30')));
    assert.equal(new Set(items.map((item) => item.id)).size, 2, 'occurrences have distinct ids');
  });

  test('the numbered range ends the series', () => {
    const master = event('Three times', { recurrence: weekly('2026-12-08', 'tuesday', 3) });
    assert.equal(calendarItems([master], range('2026-12-01', '2027-02-01')).length, 3);
  });

  test('an edited occurrence replaces the series one, a cancelled one leaves a gap', () => {
    const master = event('Weekly sync', { recurrence: weekly('2026-12-08', 'tuesday', 10) });
    const moved = event('Weekly sync (moved)', { start: '2026-12-15T11:00:00.000Z', end: '2026-12-15T11:30:00.000Z', seriesMasterId: 'AAMk-series', originalStart: '2026-12-15T08:00:00.000Z' });
    const cancelled = event('Weekly sync', { start: '2026-12-22T08:00:00.000Z', end: '2026-12-22T08:30:00.000Z', seriesMasterId: 'AAMk-series', originalStart: '2026-12-22T08:00:00.000Z', isCancelled: true });
    const items = calendarItems([master, moved, cancelled], range('2026-12-06', '2027-01-03'));
    assert.deepEqual(starts(items), [
      'Weekly sync@2026-12-08T08:00:00.000Z',
      'Weekly sync (moved)@2026-12-15T11:00:00.000Z',
      'Weekly sync@2026-12-29T08:00:00.000Z',
    ]);
    assert.equal(items[1].kind, 'exception');
    assert.equal(items[1].documentId, 'Weekly sync (moved)', 'the exception links to its own entry');
  });

  test('an exception moved out of the range still removes its original occurrence from it', () => {
    const master = event('Weekly sync', { recurrence: weekly('2026-12-08', 'tuesday', 10) });
    const moved = event('Moved away', { start: '2027-01-30T11:00:00.000Z', end: '2027-01-30T11:30:00.000Z', seriesMasterId: 'AAMk-series', originalStart: '2026-12-15T08:00:00.000Z' });
    assert.deepEqual(starts(calendarItems([master, moved], range('2026-12-13', '2026-12-20'))), []);
  });

  test("another mailbox's exception at the same time replaces nothing", () => {
    const master = event('Weekly sync', { recurrence: weekly('2026-12-08', 'tuesday', 10) });
    const theirs = event('Theirs', { mailbox: ALEX, isCancelled: true, seriesMasterId: 'AAMk-other', originalStart: '2026-12-15T08:00:00.000Z', start: '2026-12-15T08:00:00.000Z', end: '2026-12-15T08:30:00.000Z' });
    assert.deepEqual(starts(calendarItems([master, theirs], range('2026-12-13', '2026-12-20'))), ['Weekly sync@2026-12-15T08:00:00.000Z']);
  });

  test("two series at the same time: the exceptions go to the series on whose occurrences they fall", () => {
    const tuesdays = event('Tuesdays', { recurrence: weekly('2026-12-08', 'tuesday', 10) });
    const daily = event('Daily', { recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-12-08', numberOfOccurrences: 30 } } });
    // Cancelled on a Tuesday and on a Wednesday: only the daily series has both.
    const cancel = (date: string) => event(`x-${date}`, { isCancelled: true, seriesMasterId: 'AAMk-daily', originalStart: `${date}T08:00:00.000Z`, start: `${date}T08:00:00.000Z`, end: `${date}T08:30:00.000Z` });
    const items = calendarItems([tuesdays, daily, cancel('2026-12-15'), cancel('2026-12-16')], range('2026-12-14', '2026-12-18'));
    assert.deepEqual(starts(items), ['Tuesdays@2026-12-15T08:00:00.000Z', 'Daily@2026-12-14T08:00:00.000Z', 'Daily@2026-12-17T08:00:00.000Z'].sort((a, b) => a.split('@')[1].localeCompare(b.split('@')[1])));
  });

  test('a series keeps its wall-clock time in its own zone across a DST change', () => {
    // 09:00 in Berlin: 08:00Z in winter, 07:00Z once summer time starts (29 March 2026).
    const master = event('Standup', { start: '2026-03-17T08:00:00.000Z', end: '2026-03-17T08:15:00.000Z', timeZone: 'W. Europe Standard Time', recurrence: weekly('2026-03-17', 'tuesday', 4) });
    assert.deepEqual(
      calendarItems([master], range('2026-03-15', '2026-04-12')).map((item) => item.start),
      ['2026-03-17T08:00:00.000Z', '2026-03-24T08:00:00.000Z', '2026-03-31T07:00:00.000Z', '2026-04-07T07:00:00.000Z'],
    );
  });

  test('all-day events and series are dates, end exclusive', () => {
    const holiday = event('Holiday', { isAllDay: true, start: '2026-12-17T00:00:00.000Z', end: '2026-12-18T00:00:00.000Z' });
    const payday = event('Payday', {
      isAllDay: true,
      start: '2026-12-10T00:00:00.000Z',
      end: '2026-12-11T00:00:00.000Z',
      recurrence: { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 10 }, range: { type: 'noEnd', startDate: '2026-12-10' } },
    });
    const items = calendarItems([holiday, payday], range('2026-12-01', '2027-02-01'));
    assert.deepEqual(
      items.map(({ title, start, end, allDay }) => ({ title, start, end, allDay })),
      [
        { title: 'Payday', start: '2026-12-10', end: '2026-12-11', allDay: true },
        { title: 'Holiday', start: '2026-12-17', end: '2026-12-18', allDay: true },
        { title: 'Payday', start: '2027-01-10', end: '2027-01-11', allDay: true },
      ],
    );
  });

  test('a recurrence Outlook would refuse is shown as the single event it is', () => {
    const broken = event('Broken', { recurrence: { pattern: { type: 'sometimes' }, range: { type: 'noEnd', startDate: '2026-12-08' } } });
    assert.deepEqual(starts(calendarItems([broken], range('2026-12-01', '2026-12-31'))), ['Broken@2026-12-08T08:00:00.000Z']);
    assert.equal(calendarItems([broken], range('2026-12-01', '2026-12-31'))[0].kind, 'single');
  });
});
