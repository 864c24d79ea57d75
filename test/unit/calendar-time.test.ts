import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canonicalZone, ianaZoneOf, instantToWallClock, wallClockToInstant } from '../../shared/time/graph-time';
import { allDayDateOf, toInstant } from '../../server/src/sync/resources/calendar/time';
import { fieldsFromGraph, fieldsFromLocal, fieldsToGraph, fieldsToLocalData } from '../../server/src/sync/resources/calendar/fields';

const utc = (iso: string) => Date.parse(iso);

describe('zone names', () => {
  test('Windows names resolve to their CLDR primary IANA zone', () => {
    assert.equal(ianaZoneOf('Pacific Standard Time'), 'America/Los_Angeles');
    assert.equal(ianaZoneOf('W. Europe Standard Time'), 'Europe/Berlin');
    assert.equal(ianaZoneOf('Tokyo Standard Time'), 'Asia/Tokyo');
    assert.equal(ianaZoneOf('Line Islands Standard Time'), 'Pacific/Kiritimati');
    assert.equal(ianaZoneOf('india standard time'), 'Asia/Calcutta', 'matched without regard to case');
  });

  test('IANA names, and their ICU aliases, take the Windows spelling Outlook uses', () => {
    assert.equal(canonicalZone('America/Los_Angeles'), 'Pacific Standard Time');
    assert.equal(canonicalZone('America/Vancouver'), 'Pacific Standard Time');
    assert.equal(canonicalZone('Europe/Amsterdam'), 'W. Europe Standard Time');
    assert.equal(canonicalZone('Asia/Kolkata'), 'India Standard Time');
    assert.equal(canonicalZone('Europe/Kyiv'), canonicalZone('Europe/Kiev'));
    assert.equal(canonicalZone('Pacific Standard Time'), 'Pacific Standard Time');
  });

  test('UTC in all its spellings, and no zone at all, is UTC', () => {
    for (const name of ['UTC', 'utc', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Z', 'tzone://Microsoft/Utc', '', null, undefined]) {
      assert.equal(canonicalZone(name), 'UTC', String(name));
      assert.equal(ianaZoneOf(name), 'UTC', String(name));
    }
    assert.equal(canonicalZone('GMT Standard Time'), 'GMT Standard Time', 'London is not UTC');
  });

  test('unknown zones stay as given and have no arithmetic zone', () => {
    assert.equal(canonicalZone('tzone://Microsoft/Custom'), 'tzone://Microsoft/Custom');
    assert.equal(ianaZoneOf('tzone://Microsoft/Custom'), undefined);
    assert.equal(ianaZoneOf('Mars/Olympus_Mons'), undefined);
  });
});

describe('wall clock ⇄ instant', () => {
  test('Graph dateTimes in Windows and IANA zones', () => {
    assert.equal(wallClockToInstant('2017-04-15T12:00:00.0000000', 'Pacific Standard Time'), utc('2017-04-15T19:00:00Z'));
    assert.equal(wallClockToInstant('2017-01-15T12:00:00', 'America/Los_Angeles'), utc('2017-01-15T20:00:00Z'));
    assert.equal(wallClockToInstant('2026-07-01T09:30:00.0000000', 'W. Europe Standard Time'), utc('2026-07-01T07:30:00Z'));
    assert.equal(wallClockToInstant('2026-07-01T09:30:00.0000000', 'India Standard Time'), utc('2026-07-01T04:00:00Z'));
    assert.equal(wallClockToInstant('2026-07-01T09:30:00.0000000', 'UTC'), utc('2026-07-01T09:30:00Z'));
    assert.equal(wallClockToInstant('2026-07-01T09:30:00Z', 'Tokyo Standard Time'), utc('2026-07-01T09:30:00Z'), 'an explicit offset wins');
  });

  test('back to Graph form with seven fractional digits', () => {
    assert.equal(instantToWallClock(utc('2017-04-15T19:00:00Z'), 'Pacific Standard Time'), '2017-04-15T12:00:00.0000000');
    assert.equal(instantToWallClock(utc('2026-12-24T23:30:00.250Z'), 'Tokyo Standard Time'), '2026-12-25T08:30:00.2500000');
  });

  test('DST: spring-forward gap moves forward, autumn overlap takes the earlier instant', () => {
    // US 2026: clocks go 02:00 → 03:00 on 8 March, 02:00 → 01:00 on 1 November.
    assert.equal(wallClockToInstant('2026-03-08T02:30:00', 'Pacific Standard Time'), utc('2026-03-08T10:30:00Z'));
    assert.equal(instantToWallClock(utc('2026-03-08T10:30:00Z'), 'Pacific Standard Time'), '2026-03-08T03:30:00.0000000');
    assert.equal(wallClockToInstant('2026-03-08T01:59:00', 'Pacific Standard Time'), utc('2026-03-08T09:59:00Z'));
    assert.equal(wallClockToInstant('2026-03-08T03:00:00', 'Pacific Standard Time'), utc('2026-03-08T10:00:00Z'));
    assert.equal(wallClockToInstant('2026-11-01T01:30:00', 'Pacific Standard Time'), utc('2026-11-01T08:30:00Z'));
    // Europe 2026: 29 March 02:00 → 03:00, 25 October 03:00 → 02:00.
    assert.equal(wallClockToInstant('2026-03-29T02:30:00', 'W. Europe Standard Time'), utc('2026-03-29T01:30:00Z'));
    assert.equal(wallClockToInstant('2026-10-25T02:30:00', 'W. Europe Standard Time'), utc('2026-10-25T00:30:00Z'));
    // Southern hemisphere, Sydney 2026: 5 April 03:00 → 02:00.
    assert.equal(wallClockToInstant('2026-04-05T02:30:00', 'AUS Eastern Standard Time'), utc('2026-04-04T15:30:00Z'));
  });

  test('every whole hour of a year round-trips; only the repeated autumn hour maps to its earlier twin', () => {
    const cases: Array<[zone: string, repeatedHours: number]> = [
      ['Pacific Standard Time', 1],
      ['W. Europe Standard Time', 1],
      ['AUS Eastern Standard Time', 1],
      ['Line Islands Standard Time', 0],
    ];
    for (const [zone, repeatedHours] of cases) {
      let earlierTwin = 0;
      for (let ms = utc('2026-01-01T00:00:00Z'); ms < utc('2027-01-01T00:00:00Z'); ms += 3600000) {
        const wall = instantToWallClock(ms, zone);
        const back = wallClockToInstant(wall, zone);
        assert.equal(instantToWallClock(back, zone), wall, `${zone} ${wall}`);
        if (back !== ms) {
          assert.equal(back, ms - 3600000, `${zone} ${wall}`);
          earlierTwin += 1;
        }
      }
      assert.equal(earlierTwin, repeatedHours, zone);
    }
  });

  test('Strapi values without an offset are UTC, never the server zone', () => {
    assert.equal(toInstant('2026-12-24'), utc('2026-12-24T00:00:00Z'));
    assert.equal(toInstant('2026-12-24T10:00:00'), utc('2026-12-24T10:00:00Z'));
    assert.equal(toInstant('2026-12-24T10:00:00.000+02:00'), utc('2026-12-24T08:00:00Z'));
    assert.equal(toInstant(new Date(utc('2026-12-24T10:00:00Z'))), utc('2026-12-24T10:00:00Z'));
    assert.equal(toInstant('not a date'), undefined);
    assert.equal(toInstant(null), undefined);
  });
});

describe('all-day dates', () => {
  test('our own midnight-UTC form reads as its UTC date in any event zone', () => {
    for (const zone of ['Pacific Standard Time', 'Line Islands Standard Time', 'Dateline Standard Time', 'UTC']) {
      assert.equal(allDayDateOf(utc('2026-12-24T00:00:00Z'), zone), '2026-12-24', zone);
    }
  });

  test("a Content Manager editor's local midnight reads as that date", () => {
    assert.equal(allDayDateOf(utc('2026-12-24T08:00:00Z'), 'Pacific Standard Time'), '2026-12-24', 'LA midnight');
    assert.equal(allDayDateOf(utc('2026-12-23T10:00:00Z'), 'Line Islands Standard Time'), '2026-12-24', 'Kiritimati midnight (UTC+14)');
    assert.equal(allDayDateOf(utc('2026-12-23T23:00:00Z'), 'UTC'), '2026-12-24', 'Berlin midnight with no zone: nearest UTC midnight');
  });

  test('an all-day event from Graph stays on its date and goes back at midnight in its zone', () => {
    const event = {
      id: 'x',
      type: 'singleInstance',
      subject: 'Christmas Eve',
      isAllDay: true,
      originalStartTimeZone: 'Pacific Standard Time',
      start: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'UTC' },
    };
    const fields = fieldsFromGraph(event);
    assert.equal(fields.start, '2026-12-24T00:00:00.000Z');
    assert.equal(fields.end, '2026-12-25T00:00:00.000Z');
    const out = fieldsToGraph(fields, { exception: false });
    assert.deepEqual(out.start, { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.deepEqual(out.end, { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'Pacific Standard Time' });
  });

  test('the same mapping gives the same answer under any server TZ', () => {
    const script = fileURLToPath(new URL('./calendar-time-probe.ts', import.meta.url));
    const outputs = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata'].map((tz) =>
      execFileSync(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }),
    );
    const parsed = JSON.parse(outputs[0]) as { serverOffset: number; results: unknown };
    assert.equal(parsed.results && typeof parsed.results, 'object');
    for (const [i, out] of outputs.entries()) {
      const probe = JSON.parse(out) as { serverOffset: number; results: unknown };
      assert.deepEqual(probe.results, parsed.results, `TZ #${i}`);
    }
    // The probes really ran in different zones (Kiritimati is UTC+14, Los Angeles behind UTC).
    const offsets = outputs.map((o) => (JSON.parse(o) as { serverOffset: number }).serverOffset);
    assert.deepEqual(offsets.slice(0, 3).map(Math.sign), [0, 1, -1]);
    const results = parsed.results as { pulled: { start: string; end: string }; local: Record<string, unknown> };
    assert.equal(results.pulled.start, '2026-12-24T00:00:00.000Z');
    assert.equal(results.pulled.end, '2026-12-25T00:00:00.000Z');
    assert.equal(results.local.start, '2026-12-24T00:00:00.000Z');
  });
});

// Keep the module's own helpers honest about the stored form too.
test('fieldsToLocalData keeps all-day dates as midnight UTC', () => {
  const fields = fieldsFromLocal({ subject: 'Off', isAllDay: true, start: '2026-12-24T08:00:00.000Z', end: '2026-12-25T08:00:00.000Z', timeZone: 'America/Los_Angeles' });
  const data = fieldsToLocalData(fields);
  assert.equal(data.start, '2026-12-24T00:00:00.000Z');
  assert.equal(data.end, '2026-12-25T00:00:00.000Z');
  assert.equal(data.timeZone, 'Pacific Standard Time');
});
