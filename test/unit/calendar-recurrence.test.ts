import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseRecurrence, PATTERN_TYPES, RANGE_TYPES, type PatternType, type RangeType } from '../../server/src/sync/resources/calendar/recurrence';
import { fieldsFromGraph, fieldsFromLocal, fieldsToGraph, fieldsToLocalData } from '../../server/src/sync/resources/calendar/fields';
import { calendarAdapter } from '../../server/src/sync/resources/calendar';
import { hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';
import { ItemError } from '../../server/src/sync/resources/types';

const ctx = { startDate: '2026-09-07', eventZone: 'Pacific Standard Time' };

/** What a person types in the Content Manager for each pattern type: only the members that matter. */
const typedPatterns: Record<PatternType, Record<string, unknown>> = {
  daily: { type: 'daily', interval: 2 },
  weekly: { type: 'weekly', interval: 1, daysOfWeek: ['Friday', 'monday'] },
  absoluteMonthly: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 },
  relativeMonthly: { type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'last' },
  absoluteYearly: { type: 'absoluteYearly', interval: 1, dayOfMonth: 29, month: 2 },
  relativeYearly: { type: 'relativeYearly', interval: 1, daysOfWeek: ['thursday'], index: 'fourth', month: 11 },
};

const typedRanges: Record<RangeType, Record<string, unknown>> = {
  endDate: { type: 'endDate', startDate: '2026-09-07', endDate: '2027-06-30' },
  noEnd: { type: 'noEnd' },
  numbered: { type: 'numbered', startDate: '2026-09-07', numberOfOccurrences: 10 },
};

/** The same recurrence as Graph returns it: every member present, unused ones zero or default. */
function graphForm(pattern: Record<string, unknown>, range: Record<string, unknown>) {
  return {
    pattern: {
      type: pattern.type,
      interval: pattern.interval,
      month: (pattern.month as number | undefined) ?? 0,
      dayOfMonth: (pattern.dayOfMonth as number | undefined) ?? 0,
      daysOfWeek: ((pattern.daysOfWeek as string[] | undefined) ?? []).map((d) => d.toLowerCase()).reverse(),
      firstDayOfWeek: 'sunday',
      index: (pattern.index as string | undefined) ?? 'first',
    },
    range: {
      type: range.type,
      startDate: '2026-09-07',
      endDate: (range.endDate as string | undefined) ?? '0001-01-01',
      recurrenceTimeZone: 'Pacific Standard Time',
      numberOfOccurrences: (range.numberOfOccurrences as number | undefined) ?? 0,
    },
  };
}

function master(recurrence: unknown) {
  return {
    id: 'AAMkMaster=',
    type: 'seriesMaster',
    changeKey: 'ck1',
    subject: 'Planning',
    body: { contentType: 'html', content: '<html><head></head><body>Agenda</body></html>' },
    isAllDay: false,
    originalStartTimeZone: 'Pacific Standard Time',
    start: { dateTime: '2026-09-07T16:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-09-07T17:00:00.0000000', timeZone: 'UTC' },
    recurrence,
  };
}

describe('recurrence: every pattern × range', () => {
  for (const patternType of PATTERN_TYPES) {
    for (const rangeType of RANGE_TYPES) {
      test(`${patternType} / ${rangeType}: typed JSON and Graph's form are one recurrence, and it round-trips`, () => {
        const typed = { pattern: typedPatterns[patternType], range: typedRanges[rangeType] };
        const fromStrapi = normaliseRecurrence(typed, ctx);
        const fromGraph = normaliseRecurrence(graphForm(typedPatterns[patternType], typedRanges[rangeType]), ctx);
        assert.ok(fromStrapi.ok && fromGraph.ok);
        assert.deepEqual(fromStrapi.value, fromGraph.value);
        const value = fromStrapi.value!;
        assert.equal(value.pattern.type, patternType);
        assert.equal(value.range.type, rangeType);
        assert.equal(value.range.startDate, '2026-09-07');
        assert.deepEqual(normaliseRecurrence(value, ctx), fromStrapi, 'canonical form is a fixed point');

        // Through the adapter: Graph master → fields → Strapi data → fields → Graph body → Graph master again.
        const pulled = calendarAdapter.fromRemote(master(graphForm(typedPatterns[patternType], typedRanges[rangeType])), { key: 'calendar' });
        assert.ok(pulled);
        const local = calendarAdapter.fromLocal(calendarAdapter.toLocalData(pulled.fields, { key: 'calendar' }));
        assert.equal(hashSyncedFields(local as SyncedFields), hashSyncedFields(pulled.fields as SyncedFields));
        const typedLocal = calendarAdapter.fromLocal({ ...calendarAdapter.toLocalData(pulled.fields, { key: 'calendar' }), recurrence: typed });
        assert.equal(hashSyncedFields(typedLocal as SyncedFields), hashSyncedFields(pulled.fields as SyncedFields), 'hand-typed form hashes the same');
        const write = calendarAdapter.updateRemote('ann@contoso.com', 'AAMkMaster=', pulled.fields, 'ck1');
        const sent = (write.body as { recurrence: { pattern: Record<string, unknown>; range: Record<string, unknown> } }).recurrence;
        assert.equal(sent.pattern.type, patternType);
        assert.equal(sent.range.type, rangeType);
        assert.equal(sent.range.recurrenceTimeZone, 'Pacific Standard Time');
        const echoed = fieldsFromGraph(master(sent));
        assert.deepEqual(echoed.recurrence, pulled.fields.recurrence);
      });
    }
  }
});

describe('recurrence: canonical members', () => {
  test('keeps only what each type uses, with Graph defaults filled in', () => {
    const r = normaliseRecurrence({ pattern: { type: 'weekly', daysOfWeek: ['saturday', 'SUNDAY', 'saturday'], month: 4 }, range: { type: 'noEnd' } }, ctx);
    assert.deepEqual(r, {
      ok: true,
      value: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['sunday', 'saturday'], firstDayOfWeek: 'sunday' }, range: { type: 'noEnd', startDate: '2026-09-07' } },
    });
  });

  test('a recurrence zone other than the event zone is kept (in Windows spelling), the same one is dropped', () => {
    const other = normaliseRecurrence({ pattern: { type: 'daily' }, range: { type: 'noEnd', startDate: '2026-09-07', recurrenceTimeZone: 'Europe/Paris' } }, ctx);
    assert.ok(other.ok);
    assert.equal(other.value?.range.recurrenceTimeZone, 'Romance Standard Time');
    const same = normaliseRecurrence({ pattern: { type: 'daily' }, range: { type: 'noEnd', startDate: '2026-09-07', recurrenceTimeZone: 'America/Los_Angeles' } }, ctx);
    assert.ok(same.ok);
    assert.equal(same.value?.range.recurrenceTimeZone, undefined);
  });

  test('null, undefined and an empty string mean a single event; a JSON string is parsed', () => {
    for (const empty of [null, undefined, '']) assert.deepEqual(normaliseRecurrence(empty, ctx), { ok: true, value: null });
    const parsed = normaliseRecurrence(JSON.stringify({ pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', numberOfOccurrences: 3 } }), ctx);
    assert.ok(parsed.ok);
    assert.equal(parsed.value?.range.numberOfOccurrences, 3);
  });
});

describe('recurrence: validator', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['not an object', 42, /recurrence: must be an object/],
    ['broken JSON text', '{pattern:', /not valid JSON/],
    ['unknown pattern type', { pattern: { type: 'hourly' }, range: { type: 'noEnd' } }, /pattern\.type/],
    ['interval 0', { pattern: { type: 'daily', interval: 0 }, range: { type: 'noEnd' } }, /interval/],
    ['weekly without days', { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd' } }, /daysOfWeek/],
    ['bad day name', { pattern: { type: 'weekly', daysOfWeek: ['funday'] }, range: { type: 'noEnd' } }, /daysOfWeek/],
    ['monthly without day', { pattern: { type: 'absoluteMonthly', interval: 1 }, range: { type: 'noEnd' } }, /dayOfMonth/],
    ['30 February', { pattern: { type: 'absoluteYearly', dayOfMonth: 30, month: 2 }, range: { type: 'noEnd' } }, /dayOfMonth: 1 to 29/],
    ['month 13', { pattern: { type: 'relativeYearly', daysOfWeek: ['monday'], month: 13 }, range: { type: 'noEnd' } }, /month/],
    ['bad index', { pattern: { type: 'relativeMonthly', daysOfWeek: ['monday'], index: 'fifth' }, range: { type: 'noEnd' } }, /index/],
    ['no range', { pattern: { type: 'daily' } }, /range: required/],
    ['unknown range type', { pattern: { type: 'daily' }, range: { type: 'forever' } }, /range\.type/],
    ['endDate missing', { pattern: { type: 'daily' }, range: { type: 'endDate' } }, /endDate/],
    ['endDate before start', { pattern: { type: 'daily' }, range: { type: 'endDate', startDate: '2026-09-07', endDate: '2026-09-01' } }, /not before startDate/],
    ['impossible date', { pattern: { type: 'daily' }, range: { type: 'noEnd', startDate: '2026-02-30' } }, /startDate/],
    ['numbered without count', { pattern: { type: 'daily' }, range: { type: 'numbered' } }, /numberOfOccurrences/],
  ];
  for (const [name, raw, message] of bad) {
    test(`refuses ${name}`, () => {
      const result = normaliseRecurrence(raw, ctx);
      assert.equal(result.ok, false);
      assert.match((result as { problems: string[] }).problems.join('; '), message);
    });
  }

  test('bad JSON from a Content Manager edit never crashes a sync: it hashes, and pushing it is an item error', () => {
    const entry = {
      subject: 'Broken series',
      start: '2026-09-07T16:00:00.000Z',
      end: '2026-09-07T17:00:00.000Z',
      timeZone: 'Pacific Standard Time',
      recurrence: { pattern: { type: 'weekly' }, range: { type: 'noEnd' } },
    };
    const fields = calendarAdapter.fromLocal(entry);
    assert.deepEqual(fields.recurrence, entry.recurrence, 'kept as typed so the hash sees the edit');
    assert.match(hashSyncedFields(fields as SyncedFields), /^[0-9a-f]{64}$/);
    for (const write of [
      () => calendarAdapter.createRemote('ann@contoso.com', { key: 'calendar' }, fields, 'tx'),
      () => calendarAdapter.updateRemote('ann@contoso.com', 'AAMk1=', fields, 'ck'),
    ]) {
      assert.throws(write, (error: unknown) => error instanceof ItemError && error.code === 'calendar.invalid-event' && /daysOfWeek/.test(error.message));
    }
    // The other direction still works: Outlook's version overwrites the bad entry.
    const data = fieldsToLocalData(fieldsFromGraph(master(graphForm(typedPatterns.daily, typedRanges.noEnd))));
    assert.deepEqual(fieldsFromLocal(data).recurrence, { pattern: { type: 'daily', interval: 2 }, range: { type: 'noEnd', startDate: '2026-09-07' } });
  });

  test('a series created in Strapi without a startDate gets the first date in the event zone', () => {
    // 2026-09-08T02:00Z is still 7 September in Los Angeles.
    const fields = fieldsFromLocal({
      subject: 'Evening',
      start: '2026-09-08T02:00:00.000Z',
      end: '2026-09-08T03:00:00.000Z',
      timeZone: 'America/Los_Angeles',
      recurrence: { pattern: { type: 'daily' }, range: { type: 'noEnd' } },
    });
    const body = fieldsToGraph(fields, { exception: false });
    assert.deepEqual(body.recurrence, { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-09-07', recurrenceTimeZone: 'Pacific Standard Time' } });
    assert.deepEqual(body.start, { dateTime: '2026-09-07T19:00:00.0000000', timeZone: 'Pacific Standard Time' });
  });
});
