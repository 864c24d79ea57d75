import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { NEXT_DAY_FROM_UTC_HOUR, dueDateToGraph, graphToDueDate, graphToIso, isoToGraph, normaliseDate, resolveZone } from '../../server/src/sync/resources/tasks/time';
import { wallClockToInstant } from '../../shared/time/graph-time';

// Zones people use To Do in, UTC-10 to UTC+13 with DST (from 2018: Tonga last kept UTC+14 summers until 2017).
const USER_ZONES = ['Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/New_York', 'America/Sao_Paulo', 'America/St_Johns', 'Atlantic/Azores', 'Europe/London', 'Europe/Berlin', 'Europe/Moscow', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Adelaide', 'Australia/Sydney', 'Pacific/Auckland', 'Pacific/Tongatapu'];

/** What To Do answers for a due date picked by a user in `zone`: local midnight, in UTC. */
function asToDoAnswers(date: string, zone: string) {
  const ms = wallClockToInstant(`${date}T00:00:00`, zone);
  return { dateTime: new Date(ms).toISOString().replace('Z', '0000'), timeZone: 'UTC' };
}

describe('due dates without drift', () => {
  test('a due date picked in any common zone reads back as that date from To Do\'s UTC answer', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2018-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...USER_ZONES), (day, zone) => {
        const date = day.toISOString().slice(0, 10);
        assert.equal(graphToDueDate(asToDoAnswers(date, zone)), date, `${date} picked in ${zone}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('our own writes (midnight UTC) and answers in a Prefer\'d zone read back as written', () => {
    assert.equal(graphToDueDate(dueDateToGraph('2026-12-24')), '2026-12-24');
    assert.equal(graphToDueDate({ dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'Pacific Standard Time' }), '2026-12-24');
    // Graph's "Update todoTask" example: 16:00 Eastern on the 25th is due the 25th.
    assert.equal(graphToDueDate({ dateTime: '2020-07-25T16:00:00', timeZone: 'Eastern Standard Time' }), '2020-07-25');
  });

  test('the hint zone settles the few offsets the heuristic cannot (UTC+14)', () => {
    const kiritimati = asToDoAnswers('2026-01-01', 'Pacific/Kiritimati');
    assert.equal(kiritimati.dateTime.slice(11, 13), '10');
    assert.ok(10 < NEXT_DAY_FROM_UTC_HOUR);
    assert.equal(graphToDueDate(kiritimati, 'Line Islands Standard Time'), '2026-01-01');
  });

  test('absent and Strapi-shaped dates', () => {
    assert.equal(graphToDueDate(null), null);
    assert.equal(dueDateToGraph(null), null);
    assert.equal(normaliseDate('2026-02-03'), '2026-02-03');
    assert.equal(normaliseDate(new Date('2026-02-03T00:00:00Z')), '2026-02-03');
    assert.throws(() => normaliseDate('03/02/2026'), /not a date/);
  });
});

describe('date-times', () => {
  test('UTC ⇄ Graph with Graph\'s seven fractional digits and Strapi\'s three', () => {
    assert.deepEqual(isoToGraph('2026-03-29T01:30:00.250Z'), { dateTime: '2026-03-29T01:30:00.2500000', timeZone: 'UTC' });
    assert.equal(graphToIso({ dateTime: '2026-03-29T01:30:00.2500000', timeZone: 'UTC' }), '2026-03-29T01:30:00.250Z');
    assert.equal(graphToIso({ dateTime: '2020-07-22T10:39:03.7937971', timeZone: 'UTC' }), '2020-07-22T10:39:03.793Z');
    assert.equal(isoToGraph(null), null);
  });

  test('DST edges: a wall time in the spring gap moves forward, the autumn overlap takes the first', () => {
    // Europe/Berlin 2026-03-29 02:30 does not exist; 2026-10-25 02:30 exists twice.
    assert.equal(graphToIso({ dateTime: '2026-03-29T02:30:00', timeZone: 'Europe/Berlin' }), '2026-03-29T01:30:00.000Z');
    assert.equal(graphToIso({ dateTime: '2026-10-25T02:30:00', timeZone: 'Europe/Berlin' }), '2026-10-25T00:30:00.000Z');
    assert.equal(graphToIso({ dateTime: '2026-07-01T09:00:00', timeZone: 'America/Los_Angeles' }), '2026-07-01T16:00:00.000Z');
  });

  test('Windows zone names resolve, IANA names pass, unknown names are refused by name', () => {
    assert.equal(resolveZone('Pacific Standard Time'), 'America/Los_Angeles');
    assert.equal(resolveZone('Europe/Paris'), 'Europe/Paris');
    assert.equal(resolveZone(undefined), 'UTC');
    assert.throws(() => resolveZone('Atlantis Standard Time'), /Atlantis Standard Time/);
  });

  test('every CLDR Windows name resolves; IANA names, UTC aliases included, are kept as given', () => {
    assert.equal(resolveZone('Aleutian Standard Time'), 'America/Adak');
    assert.equal(resolveZone('Coordinated Universal Time'), 'UTC');
    assert.equal(resolveZone('UTC'), 'UTC');
    assert.equal(resolveZone('America/Vancouver'), 'America/Vancouver');
    assert.equal(resolveZone('Etc/UTC'), 'Etc/UTC');
    // 'GMT' is a named zone, not Graph's UTC answer: its wall date is taken as is, no next-day reading.
    assert.equal(graphToDueDate({ dateTime: '2026-01-01T22:00:00', timeZone: 'GMT' }), '2026-01-01');
    assert.equal(graphToDueDate({ dateTime: '2026-01-01T22:00:00', timeZone: 'UTC' }), '2026-01-02');
  });

  test('a dateTime with an offset, or a date that does not exist, is refused by value', () => {
    assert.throws(() => graphToIso({ dateTime: '2026-01-01T10:00:00Z', timeZone: 'UTC' }), /2026-01-01T10:00:00Z/);
    assert.throws(() => graphToIso({ dateTime: '2026-02-30T10:00:00', timeZone: 'UTC' }), /not a Graph date-time/);
  });
});
