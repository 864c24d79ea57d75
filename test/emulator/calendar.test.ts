// Calendar against Microsoft's docs: "event: delta" / "Get incremental changes to events in a calendar
// view", "Create event" (transactionId), "Update event", "List instances", "schedule repeating
// appointments as recurring events" (all pattern and range types).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, occurrenceId } from './index';
import { useDemoEmulator } from './demoSuite';

const { em, g } = useDemoEmulator();
const box = DEMO.mailboxes[0];

const windowQuery = (from = '2030-01-01T00:00:00Z', to = '2030-03-01T00:00:00Z') => `startDateTime=${from}&endDateTime=${to}`;

async function drain(url: string, prefer?: string): Promise<{ items: any[]; pages: number; deltaLink: string }> {
  const items: any[] = [];
  let pages = 0;
  let next: string | undefined = url;
  let deltaLink = '';
  while (next) {
    const res = await g(next, { headers: prefer ? { prefer } : {} });
    assert.equal(res.status, 200, res.text);
    pages++;
    items.push(...res.body.value);
    next = res.body['@odata.nextLink'];
    deltaLink = res.body['@odata.deltaLink'] ?? deltaLink;
    assert.ok(!(res.body['@odata.nextLink'] && res.body['@odata.deltaLink']), 'never both links');
  }
  return { items, pages, deltaLink };
}

const single = (subject: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  subject,
  start: { dateTime: start, timeZone: 'UTC' },
  end: { dateTime: end, timeZone: 'UTC' },
  ...extra,
});

describe('calendarView delta', () => {
  test('first round pages with odata.maxpagesize, reports it in Preference-Applied, ends with a deltaLink', async () => {
    for (let i = 0; i < 7; i++) em.control.createEvent(box, single(`E${i}`, `2030-01-0${i + 1}T10:00:00`, `2030-01-0${i + 1}T11:00:00`));
    const first = await g(`/users/${box}/calendarView/delta?${windowQuery()}`, { headers: { prefer: 'odata.maxpagesize=3' } });
    assert.equal(first.status, 200);
    assert.equal(first.headers['preference-applied'], 'odata.maxpagesize=3');
    assert.equal(first.body.value.length, 3);
    assert.match(first.body['@odata.nextLink'], /\/calendarView\/delta\?\$skiptoken=/);
    assert.ok(!first.body['@odata.nextLink'].includes('startDateTime'), 'window baked into the token');
    assert.match(first.body['@odata.context'], /\$metadata#Collection\(event\)$/);
    const rest = await drain(first.body['@odata.nextLink'], 'odata.maxpagesize=3');
    assert.equal(rest.pages, 2);
    assert.deepEqual([...first.body.value, ...rest.items].map((e) => e.subject), ['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
    assert.match(rest.deltaLink, /\$deltatoken=/);
    const e = first.body.value[0];
    assert.equal(e['@odata.type'], '#microsoft.graph.event');
    assert.equal(e['@odata.etag'], `W/"${e.changeKey}"`);
    assert.equal(e.type, 'singleInstance');
    assert.deepEqual(e.start, { dateTime: '2030-01-01T10:00:00.0000000', timeZone: 'UTC' });
  });

  test('a retried skiptoken answers the same page', async () => {
    for (let i = 0; i < 4; i++) em.control.createEvent(box, single(`R${i}`, `2030-01-0${i + 1}T10:00:00`, `2030-01-0${i + 1}T11:00:00`));
    const first = await g(`/users/${box}/calendarView/delta?${windowQuery()}`, { headers: { prefer: 'odata.maxpagesize=2' } });
    const a = await g(first.body['@odata.nextLink'], { headers: { prefer: 'odata.maxpagesize=2' } });
    const b = await g(first.body['@odata.nextLink'], { headers: { prefer: 'odata.maxpagesize=2' } });
    assert.deepEqual(a.body.value.map((e: any) => e.id), b.body.value.map((e: any) => e.id));
  });

  test('next round: created, updated and @removed (deleted or moved out of the window) only', async () => {
    const keep = em.control.createEvent(box, single('keep', '2030-01-05T10:00:00', '2030-01-05T11:00:00'));
    const edit = em.control.createEvent(box, single('edit', '2030-01-06T10:00:00', '2030-01-06T11:00:00'));
    const gone = em.control.createEvent(box, single('gone', '2030-01-07T10:00:00', '2030-01-07T11:00:00'));
    const away = em.control.createEvent(box, single('away', '2030-01-08T10:00:00', '2030-01-08T11:00:00'));
    const round1 = await drain(`/users/${box}/calendarView/delta?${windowQuery()}`);
    assert.equal(round1.items.length, 4);

    const quiet = await drain(round1.deltaLink);
    assert.equal(quiet.items.length, 0, 'no changes → empty page with a deltaLink');

    em.control.updateEvent(box, String(edit.id), { subject: 'edited' });
    em.control.deleteEvent(box, String(gone.id));
    em.control.updateEvent(box, String(away.id), { start: { dateTime: '2031-01-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2031-01-01T11:00:00', timeZone: 'UTC' } });
    const added = em.control.createEvent(box, single('new', '2030-02-01T10:00:00', '2030-02-01T11:00:00'));
    const round2 = await drain(quiet.deltaLink);
    const byId = new Map(round2.items.map((e) => [e.id, e]));
    assert.equal(byId.get(edit.id)?.subject, 'edited');
    assert.notEqual(byId.get(edit.id)?.changeKey, edit.changeKey);
    assert.equal(byId.get(added.id)?.subject, 'new');
    assert.deepEqual(byId.get(gone.id), { '@odata.type': '#microsoft.graph.event', id: gone.id, '@removed': { reason: 'deleted' } });
    assert.deepEqual(byId.get(away.id)?.['@removed'], { reason: 'deleted' });
    assert.equal(byId.has(keep.id), false);
    assert.equal(round2.items.length, 4);
  });

  test('events outside the window added, updated or deleted since the last call come as @removed deleted ("event: delta", Response)', async () => {
    const later = em.control.createEvent(box, single('later', '2031-06-01T10:00:00', '2031-06-01T11:00:00'));
    const gone = em.control.createEvent(box, single('gone later', '2031-06-02T10:00:00', '2031-06-02T11:00:00'));
    em.control.createEvent(box, single('inside', '2030-01-05T10:00:00', '2030-01-05T11:00:00'));
    const round1 = await drain(`/users/${box}/calendarView/delta?${windowQuery()}`);
    assert.deepEqual(round1.items.map((e) => e.subject), ['inside'], 'the first round lists only the window');
    assert.equal((await drain(round1.deltaLink)).items.length, 0, 'nothing changed outside either');

    em.control.updateEvent(box, String(later.id), { subject: 'later, edited' });
    em.control.deleteEvent(box, String(gone.id));
    const added = em.control.createEvent(box, single('added later', '2031-07-01T10:00:00', '2031-07-01T11:00:00'));
    const round2 = await drain(round1.deltaLink);
    const removed = (id: unknown) => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });
    assert.deepEqual(
      round2.items.sort((a, b) => String(a.id).localeCompare(String(b.id))),
      [removed(later.id), removed(gone.id), removed(added.id)].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    );
    assert.equal((await drain(round2.deltaLink)).items.length, 0, 'reported once');
  });

  test('expired tokens answer 410 syncStateNotFound with a Location for a fresh start', async () => {
    em.control.createEvent(box, single('x', '2030-01-05T10:00:00', '2030-01-05T11:00:00'));
    const round = await drain(`/users/${box}/calendarView/delta?${windowQuery()}`);
    em.control.expireDeltaTokens(box);
    const res = await g(round.deltaLink);
    assert.equal(res.status, 410);
    assert.equal(res.body.error.code, 'syncStateNotFound');
    assert.match(res.headers.location, /\/calendarView\/delta\?startDateTime=2030-01-01T00%3A00%3A00Z&endDateTime=/);
    const fresh = await drain(res.headers.location);
    assert.equal(fresh.items.length, 1);
  });

  test('the doc\'s request form (lower-case startdatetime/enddatetime) works', async () => {
    em.control.createEvent(box, single('doc', '2030-01-05T10:00:00', '2030-01-05T11:00:00'));
    const res = await g(`/users/${box}/calendarView/delta?startdatetime=2030-01-01T00:00:00Z&enddatetime=2030-01-30T00:00:00Z`, { headers: { prefer: 'odata.maxpagesize=2' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.value.map((e: any) => e.subject), ['doc']);
    assert.match(res.body['@odata.deltaLink'], /\/calendarView\/delta\?\$deltatoken=/);
  });

  test('missing window → 400 ErrorInvalidParameter', async () => {
    const res = await g(`/users/${box}/calendarView/delta`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'ErrorInvalidParameter');
  });
});

describe('recurring series', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
    ['daily every 2 days, numbered', { type: 'daily', interval: 2 }, { type: 'numbered', startDate: '2030-01-30', numberOfOccurrences: 4 }, ['2030-01-30', '2030-02-01', '2030-02-03', '2030-02-05']],
    ['weekly Mon+Thu every 2 weeks, endDate', { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' }, { type: 'endDate', startDate: '2030-01-02', endDate: '2030-02-04' }, ['2030-01-03', '2030-01-14', '2030-01-17', '2030-01-28', '2030-01-31']],
    ['absoluteMonthly on the 31st', { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, { type: 'numbered', startDate: '2030-01-31', numberOfOccurrences: 3 }, ['2030-01-31', '2030-02-28', '2030-03-31']],
    ['relativeMonthly last Friday', { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }, { type: 'numbered', startDate: '2030-01-01', numberOfOccurrences: 3 }, ['2030-01-25', '2030-02-22', '2030-03-29']],
    ['absoluteYearly Mar 15, noEnd', { type: 'absoluteYearly', interval: 1, month: 3, dayOfMonth: 15 }, { type: 'noEnd', startDate: '2030-01-01' }, ['2030-03-15', '2031-03-15', '2032-03-15']],
    ['relativeYearly 4th Thursday of November', { type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }, { type: 'numbered', startDate: '2030-01-01', numberOfOccurrences: 2 }, ['2030-11-28', '2031-11-27']],
  ];
  for (const [name, pattern, range, expected] of cases) {
    test(`${name} expands to occurrences in the window, never the master`, async () => {
      const master = em.control.createEvent(box, { ...single(name, `${range.startDate}T09:00:00`, `${range.startDate}T09:30:00`), recurrence: { pattern, range } });
      const { items } = await drain(`/users/${box}/calendarView/delta?${windowQuery('2030-01-01T00:00:00Z', '2033-01-01T00:00:00Z')}`);
      const mine = items.filter((e) => e.seriesMasterId === master.id || e.id === master.id);
      assert.deepEqual(mine.map((e) => e.start.dateTime.slice(0, 10)), expected);
      assert.ok(mine.every((e) => e.type === 'occurrence' && e.recurrence === null && e.start.dateTime.endsWith('T09:00:00.0000000')));
      const inst = await g(`/users/${box}/events/${master.id}/instances?${windowQuery('2030-01-01T00:00:00Z', '2033-01-01T00:00:00Z')}&$top=50`);
      assert.equal(inst.status, 200);
      assert.deepEqual(inst.body.value.map((e: any) => e.start.dateTime.slice(0, 10)), expected);
      const m = await g(`/users/${box}/events/${master.id}`);
      assert.equal(m.body.type, 'seriesMaster');
      assert.equal(m.body.recurrence.pattern.type, pattern.type);
    });
  }

  test('editing one occurrence makes an exception; cancelling one removes it', async () => {
    const master = em.control.createEvent(box, { ...single('daily', '2030-01-10T09:00:00', '2030-01-10T10:00:00'), recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2030-01-10', numberOfOccurrences: 3 } } });
    const round1 = await drain(`/users/${box}/calendarView/delta?${windowQuery()}`);
    assert.equal(round1.items.length, 3);
    const second = occurrenceId(String(master.id), '2030-01-11');
    const third = occurrenceId(String(master.id), '2030-01-12');
    em.control.updateEvent(box, second, { subject: 'moved', start: { dateTime: '2030-01-11T15:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-11T16:00:00', timeZone: 'UTC' } });
    em.control.deleteEvent(box, third);
    const round2 = await drain(round1.deltaLink);
    const byId = new Map(round2.items.map((e) => [e.id, e]));
    assert.equal(round2.items.length, 2);
    assert.equal(byId.get(second).type, 'exception');
    assert.equal(byId.get(second).subject, 'moved');
    assert.equal(byId.get(second).seriesMasterId, master.id);
    assert.equal(byId.get(second).originalStart, '2030-01-11T09:00:00Z');
    assert.equal(byId.get(second).start.dateTime, '2030-01-11T15:00:00.0000000');
    assert.deepEqual(byId.get(third)['@removed'], { reason: 'deleted' });
    assert.equal((await g(`/users/${box}/events/${third}`)).status, 404);
  });

  // "event" resource: cancelledOccurrences holds occurrenceIds "OID.{seriesMasterId}.{date}", returned
  // only on $select in a GET of the series master by id ("Get event", example 3).
  test('a cancelled occurrence (control API or Graph DELETE) is listed in the master\'s cancelledOccurrences and changes the master', async () => {
    const master = em.control.createEvent(box, { ...single('weekly', '2030-01-07T09:00:00', '2030-01-07T10:00:00'), recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'numbered', startDate: '2030-01-07', numberOfOccurrences: 4 } } });
    const masterUrl = `/users/${box}/events/${master.id}`;
    const select = '$select=subject,recurrence,changeKey,lastModifiedDateTime,cancelledOccurrences';
    const before = await g(`${masterUrl}?${select}`);
    assert.deepEqual(before.body.cancelledOccurrences, []);
    assert.equal('cancelledOccurrences' in (await g(masterUrl)).body, false, 'not returned without $select');
    const round1 = await drain(`/users/${box}/calendarView/delta?${windowQuery()}`);
    const mine = (items: any[]) => items.filter((e) => e.seriesMasterId === master.id);
    assert.equal(mine(round1.items).length, 4);
    assert.equal('occurrenceId' in round1.items[0], false, 'occurrenceId is a beta property; v1.0 has none');

    await new Promise((resolve) => setTimeout(resolve, 5)); // lastModifiedDateTime must be able to move on
    em.control.deleteEvent(box, occurrenceId(String(master.id), '2030-01-14'));
    const viaGraph = await g(`/users/${box}/events/${occurrenceId(String(master.id), '2030-01-28')}`, { method: 'DELETE' });
    assert.equal(viaGraph.status, 204);

    const after = await g(`${masterUrl}?${select}`);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body.cancelledOccurrences, [`OID.${master.id}.2030-01-14`, `OID.${master.id}.2030-01-28`]);
    assert.notEqual(after.body.changeKey, before.body.changeKey);
    assert.equal(after.body['@odata.etag'], `W/"${after.body.changeKey}"`);
    assert.ok(after.body.lastModifiedDateTime > before.body.lastModifiedDateTime, `${after.body.lastModifiedDateTime} after ${before.body.lastModifiedDateTime}`);
    assert.deepEqual(after.body.recurrence, before.body.recurrence, 'the pattern itself is unchanged');
    const inBatch = await g('/$batch', { method: 'POST', body: { requests: [{ id: '1', method: 'GET', url: `${masterUrl}?${select}` }] } });
    assert.deepEqual(inBatch.body.responses[0].body.cancelledOccurrences, after.body.cancelledOccurrences, 'the same through $batch');

    // Delta: the two cancelled occurrences are @removed; the other occurrences are not listed again.
    const round2 = await drain(round1.deltaLink);
    assert.deepEqual(
      round2.items.map((e) => [e.id, e['@removed']]).sort(),
      [
        [occurrenceId(String(master.id), '2030-01-14'), { reason: 'deleted' }],
        [occurrenceId(String(master.id), '2030-01-28'), { reason: 'deleted' }],
      ].sort(),
    );
    const view = await g(`/users/${box}/calendarView?${windowQuery()}`);
    assert.deepEqual(mine(view.body.value).map((e: any) => e.start.dateTime.slice(0, 10)), ['2030-01-07', '2030-01-21']);
    const instance = await g(`/users/${box}/events/${occurrenceId(String(master.id), '2030-01-21')}?${select}`);
    assert.equal('cancelledOccurrences' in instance.body, false, 'only a series master carries them');
    assert.equal((await drain(round2.deltaLink)).items.length, 0, 'then quiet');
  });

  test('a series whose pattern changes forgets its cancelled occurrences', async () => {
    const master = em.control.createEvent(box, { ...single('daily', '2030-01-10T09:00:00', '2030-01-10T10:00:00'), recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2030-01-10', numberOfOccurrences: 3 } } });
    em.control.deleteEvent(box, occurrenceId(String(master.id), '2030-01-11'));
    const url = `/users/${box}/events/${master.id}?$select=cancelledOccurrences`;
    assert.equal((await g(url)).body.cancelledOccurrences.length, 1);
    em.control.updateEvent(box, String(master.id), { recurrence: { pattern: { type: 'daily', interval: 2 }, range: { type: 'numbered', numberOfOccurrences: 3 } } });
    assert.deepEqual((await g(url)).body.cancelledOccurrences, []);
  });
});

describe('series edits', () => {
  test('moving a series master moves every occurrence and drops exceptions', async () => {
    const master = em.control.createEvent(box, { ...single('s', '2030-01-10T09:00:00', '2030-01-10T10:00:00'), recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2030-01-10', numberOfOccurrences: 2 } } });
    em.control.updateEvent(box, occurrenceId(String(master.id), '2030-01-11'), { subject: 'special' });
    const res = await g(`/users/${box}/events/${master.id}`, { method: 'PATCH', body: { start: { dateTime: '2030-01-20T14:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-20T15:00:00', timeZone: 'UTC' } } });
    assert.equal(res.status, 200);
    assert.equal(res.body.recurrence.range.startDate, '2030-01-20');
    const inst = await g(`/users/${box}/events/${master.id}/instances?${windowQuery()}`);
    assert.deepEqual(inst.body.value.map((e: any) => [e.start.dateTime, e.type, e.subject]), [
      ['2030-01-20T14:00:00.0000000', 'occurrence', 's'],
      ['2030-01-21T14:00:00.0000000', 'occurrence', 's'],
    ]);
  });

  test('PATCH and DELETE on an occurrence id through Graph make an exception and a cancellation', async () => {
    const master = em.control.createEvent(box, { ...single('g', '2030-01-10T09:00:00', '2030-01-10T10:00:00'), recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2030-01-10', numberOfOccurrences: 3 } } });
    const inst = await g(`/users/${box}/events/${master.id}/instances?${windowQuery()}`);
    const [a, b] = inst.body.value;
    const patched = await g(`/users/${box}/events/${a.id}`, { method: 'PATCH', headers: { 'if-match': a['@odata.etag'] }, body: { subject: 'changed once' } });
    assert.equal(patched.body.type, 'exception');
    assert.equal((await g(`/users/${box}/events/${b.id}`, { method: 'DELETE' })).status, 204);
    const after = await g(`/users/${box}/events/${master.id}/instances?${windowQuery()}`);
    assert.deepEqual(after.body.value.map((e: any) => e.subject), ['changed once', 'g']);
  });

  test('the primary calendar is readable', async () => {
    const cal = await g(`/users/${box}/calendar`);
    assert.equal(cal.status, 200);
    assert.equal(cal.body.isDefaultCalendar, true);
    assert.equal(cal.body.owner.address, box);
  });
});

describe('event writes', () => {
  test('POST with a transactionId twice creates one event', async () => {
    const body = { ...single('tx', '2030-01-05T10:00:00', '2030-01-05T11:00:00'), transactionId: '7E163156-7762-4BEB-A1C6-729EA81755A7' };
    const a = await g(`/users/${box}/events`, { method: 'POST', body });
    const b = await g(`/users/${box}/events`, { method: 'POST', body });
    assert.equal(a.status, 201);
    assert.equal(a.body.id, b.body.id);
    assert.equal(a.body.transactionId, body.transactionId);
    assert.equal(em.control.listEvents(box).filter((e) => e.subject === 'tx').length, 1);
  });

  test('PATCH bumps changeKey and etag; a stale If-Match → 412 ErrorIrresolvableConflict', async () => {
    const created = await g(`/users/${box}/events`, { method: 'POST', body: single('v1', '2030-01-05T10:00:00', '2030-01-05T11:00:00') });
    const etag = created.body['@odata.etag'];
    const patched = await g(`/users/${box}/events/${created.body.id}`, { method: 'PATCH', headers: { 'if-match': etag }, body: { subject: 'v2' } });
    assert.equal(patched.status, 200);
    assert.notEqual(patched.body.changeKey, created.body.changeKey);
    assert.equal(patched.body['@odata.etag'], `W/"${patched.body.changeKey}"`);
    assert.ok(patched.body.lastModifiedDateTime >= created.body.lastModifiedDateTime);
    const stale = await g(`/users/${box}/events/${created.body.id}`, { method: 'PATCH', headers: { 'if-match': etag }, body: { subject: 'v3' } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'ErrorIrresolvableConflict');
    const staleDelete = await g(`/users/${box}/events/${created.body.id}`, { method: 'DELETE', headers: { 'if-match': etag } });
    assert.equal(staleDelete.status, 412);
    const del = await g(`/users/${box}/events/${created.body.id}`, { method: 'DELETE', headers: { 'if-match': patched.body['@odata.etag'] } });
    assert.equal(del.status, 204);
    assert.equal((await g(`/users/${box}/events/${created.body.id}`)).body.error.code, 'ErrorItemNotFound');
  });

  test('all-day events: midnight in the event zone required, stay floating under outlook.timezone', async () => {
    const bad = await g(`/users/${box}/events`, { method: 'POST', body: { ...single('bad', '2030-01-05T10:00:00', '2030-01-06T10:00:00'), isAllDay: true } });
    assert.equal(bad.status, 400);
    const ok = await g(`/users/${box}/events`, {
      method: 'POST',
      headers: { prefer: 'outlook.timezone="Pacific Standard Time"' },
      body: { subject: 'holiday', isAllDay: true, start: { dateTime: '2030-01-05T00:00:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2030-01-06T00:00:00', timeZone: 'W. Europe Standard Time' } },
    });
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.body.start, { dateTime: '2030-01-05T00:00:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.equal(ok.body.originalStartTimeZone, 'W. Europe Standard Time');
  });

  test('Prefer outlook.timezone converts returned times; default is UTC', async () => {
    const created = em.control.createEvent(box, { subject: 'tz', start: { dateTime: '2030-07-01T09:00:00', timeZone: 'Pacific Standard Time' }, end: { dateTime: '2030-07-01T10:00:00', timeZone: 'Pacific Standard Time' } });
    const utc = await g(`/users/${box}/events/${created.id}`);
    assert.deepEqual(utc.body.start, { dateTime: '2030-07-01T16:00:00.0000000', timeZone: 'UTC' });
    const berlin = await g(`/users/${box}/events/${created.id}`, { headers: { prefer: 'outlook.timezone="Europe/Berlin", IdType="ImmutableId"' } });
    assert.deepEqual(berlin.body.start, { dateTime: '2030-07-01T18:00:00.0000000', timeZone: 'Europe/Berlin' });
    assert.match(berlin.headers['preference-applied'], /outlook\.timezone="Europe\/Berlin"/);
  });

  test('unknown time zone → 400 TimeZoneNotSupportedException', async () => {
    const res = await g(`/users/${box}/events`, { method: 'POST', body: { subject: 'x', start: { dateTime: '2030-01-01T10:00:00', timeZone: 'Mars/Olympus' }, end: { dateTime: '2030-01-01T11:00:00', timeZone: 'Mars/Olympus' } } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'TimeZoneNotSupportedException');
  });
});

describe('demo data', () => {
  test('default window holds singles, an all-day event, occurrences, an exception; the cancelled one is absent', async () => {
    const from = new Date(Date.now() - 30 * 86400000).toISOString();
    const to = new Date(Date.now() + 365 * 86400000).toISOString();
    const { items } = await drain(`/users/${box}/calendarView/delta?startDateTime=${from}&endDateTime=${to}`, 'odata.maxpagesize=50');
    const types = new Set(items.map((e) => e.type));
    assert.deepEqual([...types].sort(), ['exception', 'occurrence', 'singleInstance']);
    assert.ok(items.some((e) => e.isAllDay));
    assert.equal(items.filter((e) => e.seriesMasterId).length, 9, 'ten weekly occurrences minus one cancelled');
  });
});
