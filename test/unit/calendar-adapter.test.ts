import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { UID } from '../../shared/plugin';
import { calendarAdapter, changeKeyOf } from '../../server/src/sync/resources/calendar';
import { hashSyncedFields, type SyncedFields as HashableFields } from '../../server/src/sync/hash';
import { ItemError, type RemoteEntry, type SyncedFields } from '../../server/src/sync/resources/types';
import { normaliseHtml } from '../../server/src/sync/resources/calendar/body';
import calendarEvent from '../../server/src/content-types/calendar-event';

const scope = { key: 'calendar' };
const settingsWith = (sendInvitations: boolean) => ({ direction: 'bidirectional' as const, conflictResolution: 'strapi-wins' as const, sendInvitations });
/** Invitations switched on, so attendees are sent (settings.calendar.sendInvitations). */
const inviting = { settings: settingsWith(true) };
const mailbox = 'adele.vance@contoso.com';
const hash = (fields: unknown) => hashSyncedFields(fields as HashableFields);
/** What the runner stores locally and reads back: no echo means the hash survives the trip. */
const throughStrapi = (fields: SyncedFields) => calendarAdapter.fromLocal(calendarAdapter.toLocalData(fields, scope));

// ---- Graph documentation examples (v1.0 "Get event" example 1, "Create event" examples 2 and 3, "event: delta") ----

const getEventExample1: RemoteEntry = {
  '@odata.etag': 'W/"IiLKjG2I7E+Xv0+ys6MD0wAEd5/kNQ=="',
  id: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAA=',
  subject: 'New Product Regulations Touchpoint',
  bodyPreview: 'New Product Regulations Strategy Online Touchpoint Meeting…',
  hideAttendees: false,
  body: {
    contentType: 'html',
    content:
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>New Product Regulations Strategy Online Touchpoint Meeting<div id="a59ada49" style="display:inline-block"><table cellspacing="0"><tbody><tr><td>&nbsp;</td></tr></tbody></table></div></body></html>',
  },
  start: { dateTime: '2014-11-03T17:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2014-11-03T17:30:00.0000000', timeZone: 'UTC' },
  location: { displayName: 'Conf Room Rainier', locationType: 'default', uniqueId: 'Conf Room Rainier', uniqueIdType: 'private' },
  attendees: [
    { type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Engineering', address: 'engineering@contoso.com' } },
    { type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Irvin Sayers', address: 'IrvinS@contoso.com' } },
  ],
  organizer: { emailAddress: { name: 'Engineering', address: 'engineering@contoso.com' } },
};

const createEventExample2Request = {
  subject: 'Plan summer company picnic',
  body: { contentType: 'HTML', content: "Let's kick-start this event planning!" },
  start: { dateTime: '2017-08-30T11:00:00', timeZone: 'Pacific Standard Time' },
  end: { dateTime: '2017-08-30T12:00:00', timeZone: 'Pacific Standard Time' },
  attendees: [
    { emailAddress: { address: 'DanaS@contoso.onmicrosoft.com', name: 'Dana Swope' }, type: 'Required' },
    { emailAddress: { address: 'AlexW@contoso.onmicrosoft.com', name: 'Alex Wilber' }, type: 'Required' },
  ],
  location: { displayName: 'Conf Room 3; Fourth Coffee; Home Office', locationType: 'Default' },
};

const createEventExample2Response: RemoteEntry = {
  '@odata.etag': 'W/"y53lbKh6jkaxHzFwGhgyxgAAw5zhug=="',
  id: 'AAMkADAGAADDdm4NAAA=',
  createdDateTime: '2017-08-30T07:06:33.8673345Z',
  lastModifiedDateTime: '2017-08-30T07:06:34.5079772Z',
  changeKey: 'y53lbKh6jkaxHzFwGhgyxgAAz3IKMA==',
  categories: [],
  originalStartTimeZone: 'Pacific Standard Time',
  originalEndTimeZone: 'Pacific Standard Time',
  reminderMinutesBeforeStart: 15,
  isReminderOn: true,
  subject: 'Plan summer company picnic',
  importance: 'normal',
  sensitivity: 'normal',
  isAllDay: false,
  isCancelled: false,
  seriesMasterId: null,
  showAs: 'busy',
  type: 'singleInstance',
  body: { contentType: 'html', content: "<html>\r\n<head>\r\n</head>\r\n<body>\r\nLet's kick-start this event planning!\r\n</body>\r\n</html>\r\n" },
  start: { dateTime: '2017-08-30T11:00:00.0000000', timeZone: 'Pacific Standard Time' },
  end: { dateTime: '2017-08-30T12:00:00.0000000', timeZone: 'Pacific Standard Time' },
  location: { displayName: 'Conf Room 3; Fourth Coffee; Home Office', locationType: 'default', uniqueId: 'Conf Room 3; Fourth Coffee; Home Office', uniqueIdType: 'private' },
  recurrence: null,
  attendees: [
    { type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Dana Swope', address: 'DanaS@contoso.onmicrosoft.com' } },
    { type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Alex Wilber', address: 'AlexW@contoso.onmicrosoft.com' } },
  ],
};

const createEventExample3Response: RemoteEntry = {
  '@odata.etag': 'W/"+T8RDneHMkKe2BGYEaQZ4wAA5a9Acw=="',
  id: 'AAMkADQwMD',
  lastModifiedDateTime: '2017-10-07T04:59:13.8136423Z',
  changeKey: '+T8RDneHMkKe2BGYEaQZ4wAA5a9Acw==',
  categories: [],
  originalStartTimeZone: 'Pacific Standard Time',
  originalEndTimeZone: 'Pacific Standard Time',
  reminderMinutesBeforeStart: 15,
  isReminderOn: true,
  subject: "Let's go for lunch",
  importance: 'normal',
  sensitivity: 'normal',
  isAllDay: false,
  isCancelled: false,
  seriesMasterId: null,
  showAs: 'busy',
  type: 'seriesMaster',
  body: {
    contentType: 'html',
    content:
      '<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n<meta content="text/html; charset=us-ascii">\r\n</head>\r\n<body>\r\nDoes late morning work for you?\r\n</body>\r\n</html>\r\n',
  },
  start: { dateTime: '2017-09-04T12:00:00.0000000', timeZone: 'Pacific Standard Time' },
  end: { dateTime: '2017-09-04T14:00:00.0000000', timeZone: 'Pacific Standard Time' },
  location: { displayName: "Harry's Bar", locationType: 'default', uniqueId: "Harry's Bar", uniqueIdType: 'private' },
  recurrence: {
    pattern: { type: 'weekly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday', index: 'first' },
    range: { type: 'endDate', startDate: '2017-09-04', endDate: '2017-12-31', recurrenceTimeZone: 'Pacific Standard Time', numberOfOccurrences: 0 },
  },
  attendees: [{ type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Adele Vance', address: 'AdeleV@contoso.onmicrosoft.com' } }],
};

const deltaExampleEntry: RemoteEntry = {
  '@odata.type': '#microsoft.graph.event',
  '@odata.etag': 'W/"EZ9r3czxY0m2jz8c45czkwAAFXcvIQ=="',
  subject: 'Plan shopping list',
  body: { contentType: 'html', content: '' },
  start: { dateTime: '2016-12-09T20:30:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2016-12-09T22:00:00.0000000', timeZone: 'UTC' },
  attendees: [],
  organizer: { emailAddress: { name: 'Samantha Booth', address: 'samanthab@contoso.onmicrosoft.com' } },
  id: 'AAMkADNkNAAASs35JAAA=',
};

/** A delta occurrence as Graph sends it: only these properties (microsoft-graph-docs issue 7632). */
const occurrence = (id: string, date: string): RemoteEntry => ({
  '@odata.type': '#microsoft.graph.event',
  '@odata.etag': 'W/"DwAAABYAAAC9YbapXssvT4RTG13UUr6AAAhT48i7"',
  id,
  seriesMasterId: 'AAMkADQwMD',
  type: 'occurrence',
  start: { dateTime: `${date}T19:00:00.0000000`, timeZone: 'UTC' },
  end: { dateTime: `${date}T21:00:00.0000000`, timeZone: 'UTC' },
});

const exception: RemoteEntry = {
  ...createEventExample3Response,
  id: 'AAMkADQwMDexc=',
  changeKey: 'exc1',
  type: 'exception',
  seriesMasterId: 'AAMkADQwMD',
  originalStart: '2017-09-11T19:00:00Z',
  subject: "Let's go for lunch (moved)",
  start: { dateTime: '2017-09-12T19:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2017-09-12T21:00:00.0000000', timeZone: 'UTC' },
  recurrence: null,
};

describe('Graph documentation examples parse', () => {
  test('Get event, example 1 ($select, UTC times, HTML body with a full document)', () => {
    const snap = calendarAdapter.fromRemote(getEventExample1, scope);
    assert.ok(snap);
    assert.equal(snap.id, getEventExample1.id);
    assert.equal(snap.changeKey, 'IiLKjG2I7E+Xv0+ys6MD0wAEd5/kNQ==');
    const f = snap.fields;
    assert.equal(f.subject, 'New Product Regulations Touchpoint');
    assert.equal(f.location, 'Conf Room Rainier');
    assert.equal(f.start, '2014-11-03T17:00:00.000Z');
    assert.equal(f.end, '2014-11-03T17:30:00.000Z');
    assert.equal(f.timeZone, 'UTC');
    assert.equal(f.bodyType, 'html');
    assert.match(f.body as string, /^New Product Regulations Strategy Online Touchpoint Meeting<div id="a59ada49"/);
    assert.doesNotMatch(f.body as string, /<html|<head|<meta|<\/body>/);
    assert.deepEqual(f.attendees, [
      { email: 'engineering@contoso.com', name: 'Engineering', type: 'required', response: 'none' },
      { email: 'IrvinS@contoso.com', name: 'Irvin Sayers', type: 'required', response: 'none' },
    ]);
    assert.equal(f.recurrence, null);
  });

  test('Create event, example 2: what was sent and what came back hash the same (Exchange wraps the body)', () => {
    const snap = calendarAdapter.fromRemote(createEventExample2Response, scope);
    assert.ok(snap);
    assert.equal(snap.changeKey, 'y53lbKh6jkaxHzFwGhgyxgAAz3IKMA==', 'changeKey wins over the etag');
    assert.equal(snap.modifiedAt, '2017-08-30T07:06:34.5079772Z');
    assert.equal(snap.fields.start, '2017-08-30T18:00:00.000Z', '11:00 Pacific daylight time');
    assert.equal(snap.fields.timeZone, 'Pacific Standard Time');
    assert.equal(snap.fields.body, "Let's kick-start this event planning!");
    // The Strapi entry that would have produced the request body.
    const typed = calendarAdapter.fromLocal({
      subject: createEventExample2Request.subject,
      body: createEventExample2Request.body.content,
      bodyType: 'html',
      location: createEventExample2Request.location.displayName,
      start: '2017-08-30T18:00:00.000Z',
      end: '2017-08-30T19:00:00.000Z',
      timeZone: 'America/Los_Angeles',
      attendees: createEventExample2Request.attendees.map((a) => ({ email: a.emailAddress.address, name: a.emailAddress.name, type: a.type })),
    });
    assert.equal(hash(typed), hash(snap.fields));
    const sent = calendarAdapter.createRemote(mailbox, scope, typed, '7E163156-7762-4BEB-A1C6-729EA81755A7', inviting).body as Record<string, unknown>;
    assert.deepEqual(sent.start, { dateTime: '2017-08-30T11:00:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.deepEqual(sent.attendees, [
      { emailAddress: { address: 'DanaS@contoso.onmicrosoft.com', name: 'Dana Swope' }, type: 'required' },
      { emailAddress: { address: 'AlexW@contoso.onmicrosoft.com', name: 'Alex Wilber' }, type: 'required' },
    ]);
  });

  test('Create event, example 3: a weekly series master maps to one entry with its recurrence', () => {
    const snap = calendarAdapter.fromRemote(createEventExample3Response, scope);
    assert.ok(snap);
    assert.equal(snap.fields.body, 'Does late morning work for you?');
    assert.deepEqual(snap.fields.recurrence, {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
      range: { type: 'endDate', startDate: '2017-09-04', endDate: '2017-12-31' },
    });
    assert.equal(snap.fields.start, '2017-09-04T19:00:00.000Z');
    assert.equal(snap.fields.seriesMasterId, null);
  });

  test('event: delta, sample response entry (etag only, empty body)', () => {
    const snap = calendarAdapter.fromRemote(deltaExampleEntry, scope);
    assert.ok(snap);
    assert.equal(snap.changeKey, 'EZ9r3czxY0m2jz8c45czkwAAFXcvIQ==');
    assert.equal(snap.modifiedAt, null);
    assert.equal(snap.fields.body, '');
    assert.equal(snap.fields.start, '2016-12-09T20:30:00.000Z');
    assert.equal(snap.fields.showAs, 'busy');
    assert.equal(snap.fields.reminderMinutesBeforeStart, 15);
  });
});

describe('no echo: Graph → Strapi → fields hashes the same', () => {
  const samples: Array<[string, RemoteEntry]> = [
    ['get event example', getEventExample1],
    ['create event example', createEventExample2Response],
    ['series master', createEventExample3Response],
    ['delta entry', deltaExampleEntry],
    ['exception', exception],
    [
      'all-day, text body, categories, private, oof, declined attendee',
      {
        id: 'AAMkAllDay=',
        type: 'singleInstance',
        changeKey: 'ad1',
        subject: 'Offsite',
        body: { contentType: 'text', content: 'Bring\r\nboots  \r\n' },
        isAllDay: true,
        originalStartTimeZone: 'Tokyo Standard Time',
        start: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' },
        end: { dateTime: '2026-12-27T00:00:00.0000000', timeZone: 'UTC' },
        categories: ['Red category', 'Travel'],
        sensitivity: 'private',
        showAs: 'oof',
        importance: 'high',
        isReminderOn: false,
        reminderMinutesBeforeStart: 1080,
        isCancelled: true,
        attendees: [{ type: 'optional', status: { response: 'declined' }, emailAddress: { address: 'x@fabrikam.com', name: 'X' } }],
      },
    ],
  ];
  for (const [name, entry] of samples) {
    test(name, () => {
      const snap = calendarAdapter.fromRemote(entry, scope);
      assert.ok(snap);
      assert.equal(hash(throughStrapi(snap.fields)), hash(snap.fields));
      assert.deepEqual(throughStrapi(snap.fields), snap.fields);
    });
  }

  test('Strapi hands back Dates and nulls: still no echo', () => {
    const snap = calendarAdapter.fromRemote(createEventExample2Response, scope)!;
    const data = calendarAdapter.toLocalData(snap.fields, scope);
    const stored = { ...data, start: new Date(data.start as string), end: new Date(data.end as string), categories: null, originalStart: null, seriesMasterId: null, documentId: 'd1', updatedAt: new Date() };
    assert.equal(hash(calendarAdapter.fromLocal(stored)), hash(snap.fields));
  });
});

describe('fields, both ways', () => {
  const pulled = (extra: Record<string, unknown>) => calendarAdapter.fromRemote({ ...createEventExample2Response, ...extra }, scope)!.fields;
  const pushed = (fields: SyncedFields) => calendarAdapter.updateRemote(mailbox, 'AAMkADAGAADDdm4NAAA=', fields, 'ck', inviting).body as Record<string, unknown>;

  test('subject, location, categories, reminders, showAs, importance, sensitivity', () => {
    const f = pulled({ subject: 'Budget', location: { displayName: 'Room 1' }, categories: ['Blue category'], isReminderOn: false, reminderMinutesBeforeStart: 0, showAs: 'workingElsewhere', importance: 'low', sensitivity: 'confidential' });
    assert.deepEqual([f.subject, f.location, f.categories, f.isReminderOn, f.reminderMinutesBeforeStart, f.showAs, f.importance, f.sensitivity], ['Budget', 'Room 1', ['Blue category'], false, 0, 'workingElsewhere', 'low', 'confidential']);
    const body = pushed(f);
    assert.equal(body.subject, 'Budget');
    assert.deepEqual(body.location, { displayName: 'Room 1' });
    assert.deepEqual(body.categories, ['Blue category']);
    assert.equal(body.isReminderOn, false);
    assert.equal(body.reminderMinutesBeforeStart, 0);
    assert.equal(body.showAs, 'workingElsewhere');
    assert.equal(body.importance, 'low');
    assert.equal(body.sensitivity, 'confidential');
  });

  test('unknown or missing enumeration values fall back to what Strapi allows', () => {
    const f = pulled({ showAs: 'unknownFutureValue', importance: undefined, sensitivity: 'Private' });
    assert.equal(f.showAs, 'unknown');
    assert.equal(f.importance, 'normal');
    assert.equal(f.sensitivity, 'private');
    assert.deepEqual(calendarEvent.schema.attributes.showAs.enum.includes(f.showAs as never), true);
  });

  test('attendees: responses come in, never go out', () => {
    const f = pulled({
      attendees: [{ type: 'resource', status: { response: 'accepted', time: '2026-01-01T00:00:00Z' }, emailAddress: { address: 'room@contoso.com', name: 'Room' } }],
    });
    assert.deepEqual(f.attendees, [{ email: 'room@contoso.com', name: 'Room', type: 'resource', response: 'accepted' }]);
    assert.deepEqual(pushed(f).attendees, [{ emailAddress: { address: 'room@contoso.com', name: 'Room' }, type: 'resource' }]);
    const local = calendarAdapter.fromLocal({ ...calendarAdapter.toLocalData(f, scope), attendees: [{ email: 'new@contoso.com' }] });
    assert.deepEqual(local.attendees, [{ email: 'new@contoso.com', name: '', type: 'required', response: 'none' }]);
    assert.deepEqual(pushed(local).attendees, [{ emailAddress: { address: 'new@contoso.com' }, type: 'required' }]);
  });

  test('an attendee without an address, or attendees that are not a list, is an item error at push', () => {
    const base = calendarAdapter.toLocalData(pulled({}), scope);
    for (const attendees of [[{ name: 'No address' }], { email: 'a@b.c' }]) {
      const f = calendarAdapter.fromLocal({ ...base, attendees });
      assert.throws(() => pushed(f), (e: unknown) => e instanceof ItemError && /attendees/.test(e.message));
    }
  });

  test('timed events: UTC in Strapi, wall clock in the event zone to Graph', () => {
    const local = calendarAdapter.fromLocal({ subject: 's', start: '2026-07-01T07:30:00.000Z', end: '2026-07-01T08:00:00.000Z', timeZone: 'Europe/Berlin' });
    assert.equal(local.timeZone, 'W. Europe Standard Time');
    const body = pushed(local);
    assert.deepEqual(body.start, { dateTime: '2026-07-01T09:30:00.0000000', timeZone: 'W. Europe Standard Time' });
    assert.deepEqual(body.end, { dateTime: '2026-07-01T10:00:00.0000000', timeZone: 'W. Europe Standard Time' });
    assert.equal(body.isAllDay, false);
    // Graph answering in another zone (Prefer: outlook.timezone) reads the same.
    const viaEastern = pulled({ start: { dateTime: '2017-08-30T14:00:00.0000000', timeZone: 'Eastern Standard Time' }, end: { dateTime: '2017-08-30T15:00:00.0000000', timeZone: 'America/New_York' } });
    assert.equal(viaEastern.start, '2017-08-30T18:00:00.000Z');
    assert.equal(viaEastern.end, '2017-08-30T19:00:00.000Z');
  });

  test('a custom Outlook zone is kept for display but times go out in UTC', () => {
    const f = pulled({ originalStartTimeZone: 'tzone://Microsoft/Custom', start: { dateTime: '2026-02-01T10:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-02-01T11:00:00.0000000', timeZone: 'UTC' } });
    assert.equal(f.timeZone, 'tzone://Microsoft/Custom');
    assert.deepEqual(pushed(f).start, { dateTime: '2026-02-01T10:00:00.0000000', timeZone: 'UTC' });
  });

  test('end before start, or no start, is an item error; an unreadable Graph time too', () => {
    assert.throws(() => pushed(calendarAdapter.fromLocal({ subject: 's', start: '2026-07-01T08:00:00Z', end: '2026-07-01T07:00:00Z' })), /end: not before start/);
    assert.throws(() => pushed(calendarAdapter.fromLocal({ subject: 's' })), /start: required/);
    assert.throws(() => calendarAdapter.fromRemote({ ...deltaExampleEntry, start: { dateTime: 'soon', timeZone: 'UTC' } }, scope), ItemError);
  });

  test('all-day from Strapi: a too-short end becomes one day', () => {
    const f = calendarAdapter.fromLocal({ subject: 'Holiday', isAllDay: true, start: '2026-12-24T00:00:00.000Z', end: '2026-12-24T00:00:00.000Z' });
    assert.equal(f.end, '2026-12-25T00:00:00.000Z');
    const body = pushed(f);
    assert.deepEqual(body.start, { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' });
    assert.deepEqual(body.end, { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'UTC' });
    assert.equal(body.isAllDay, true);
  });

  test('bodies keep their type; text is sent as text', () => {
    const f = pulled({ body: { contentType: 'text', content: 'Line 1\r\nLine 2\r\n' } });
    assert.equal(f.body, 'Line 1\nLine 2');
    assert.equal(f.bodyType, 'text');
    assert.deepEqual(pushed(f).body, { contentType: 'text', content: 'Line 1\nLine 2' });
    assert.equal(calendarAdapter.fromLocal({ body: '<p>Hi</p>' }).bodyType, 'html', 'untyped with tags: html');
    assert.equal(calendarAdapter.fromLocal({ body: 'a < b' }).bodyType, 'text', 'untyped without tags: text');
  });

  test('HTML normalisation evens out what Exchange rewrites, and nothing else', () => {
    const typed = '<p>Hello <b>team</b></p>\n<ul><li>one</li></ul>';
    const exchanged = `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n<style type="text/css" style="display:none">\r\n<!-- p { margin: 0 } -->\r\n</style>\r\n</head>\r\n<body dir="ltr">\r\n<!-- Converted from text/plain format -->\r\n<p>Hello <b>team</b></p>\r\n<ul><li>one</li></ul>\r\n</body>\r\n</html>\r\n`;
    assert.equal(normaliseHtml(exchanged), typed);
    assert.equal(normaliseHtml(typed), typed);
    assert.equal(normaliseHtml('<b>a</b> <i>b</i>'), '<b>a</b> <i>b</i>', 'a space between inline tags matters');
    assert.equal(normaliseHtml('<html><head></head><body>Does late morning work for you?</body></html>'), 'Does late morning work for you?');
  });

  test('isCancelled comes in and is not sent (only the organizer cancel action sets it)', () => {
    const f = pulled({ isCancelled: true });
    assert.equal(f.isCancelled, true);
    assert.equal('isCancelled' in pushed(f), false);
  });
});

describe('occurrences, exceptions and cancelled occurrences', () => {
  test('plain occurrences are no entry; each names its series master, fetched with cancelledOccurrences', () => {
    const entries = [occurrence('occ1', '2017-09-18'), occurrence('occ2', '2017-09-25')];
    for (const e of entries) assert.equal(calendarAdapter.fromRemote(e, scope), null);
    const refs = entries.flatMap((e) => calendarAdapter.referencedItems!(mailbox, e));
    assert.deepEqual(new Set(refs.map((r) => r.id)), new Set(['AAMkADQwMD']), 'one master, however many occurrences');
    assert.match(refs[0].url, /^\/users\/adele\.vance%40contoso\.com\/events\/AAMkADQwMD\?\$select=/);
    assert.match(refs[0].url, /cancelledOccurrences/);
    assert.match(refs[0].url, /recurrence/);
  });

  test('an exception is its own entry linked to its series, and references its master too', () => {
    const snap = calendarAdapter.fromRemote(exception, scope);
    assert.ok(snap);
    assert.equal(snap.fields.seriesMasterId, 'AAMkADQwMD');
    assert.equal(snap.fields.originalStart, '2017-09-11T19:00:00.000Z');
    assert.equal(snap.fields.recurrence, null);
    assert.equal(snap.fields.subject, "Let's go for lunch (moved)");
    assert.deepEqual(calendarAdapter.referencedItems!(mailbox, exception).map((r) => r.id), ['AAMkADQwMD']);
    const write = calendarAdapter.updateRemote(mailbox, exception.id, snap.fields, 'exc1');
    assert.equal('recurrence' in (write.body as object), false, 'Graph refuses recurrence on an occurrence');
    assert.equal(write.url, '/users/adele.vance%40contoso.com/events/AAMkADQwMDexc%3D');
  });

  test('an entry delta sent without its properties is fetched whole instead of mapped', () => {
    const sparse: RemoteEntry = { id: 'AAMkSparse=', type: 'singleInstance', '@odata.etag': 'W/"s1"', subject: 'Only subject' };
    assert.equal(calendarAdapter.fromRemote(sparse, scope), null);
    assert.deepEqual(calendarAdapter.referencedItems!(mailbox, sparse).map((r) => r.id), ['AAMkSparse=']);
  });

  test('removed entries are no entry and reference nothing', () => {
    const removed: RemoteEntry = { id: 'occ1', '@removed': { reason: 'deleted' } };
    assert.equal(calendarAdapter.fromRemote(removed, scope), null);
    assert.deepEqual(calendarAdapter.referencedItems!(mailbox, removed), []);
  });

  // "Get event" example 3: a daily stand-up at 11:30 UTC with three cancelled occurrences.
  const standUp: RemoteEntry = {
    ...createEventExample3Response,
    id: 'AAMkADAGAADDdm4NAAA=',
    subject: 'Daily stand-up',
    type: 'seriesMaster',
    originalStartTimeZone: 'UTC',
    start: { dateTime: '2020-04-23T11:30:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2020-04-23T12:00:00.0000000', timeZone: 'UTC' },
    recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2020-04-23' } },
    cancelledOccurrences: ['OID.AAMkADAGAADDdm4NAAA=.2020-04-30', 'OID.AAMkADAGAADDdm4NAAA=.2020-05-07', 'OID.AAMkADAGAADDdm4NAAA=.2020-05-14'],
  };

  test("a master's cancelledOccurrences become exception entries with isCancelled", () => {
    const derived = calendarAdapter.derivedEntries!(standUp);
    assert.equal(derived.length, 3);
    const snaps = derived.map((e) => calendarAdapter.fromRemote(e, scope)!);
    assert.deepEqual(snaps.map((s) => s.id), standUp.cancelledOccurrences);
    const first = snaps[0];
    assert.equal(first.changeKey, null);
    assert.equal(first.fields.isCancelled, true);
    assert.equal(first.fields.seriesMasterId, 'AAMkADAGAADDdm4NAAA=');
    assert.equal(first.fields.originalStart, '2020-04-30T11:30:00.000Z');
    assert.equal(first.fields.start, '2020-04-30T11:30:00.000Z');
    assert.equal(first.fields.end, '2020-04-30T12:00:00.000Z');
    assert.equal(first.fields.subject, 'Daily stand-up');
    assert.equal(first.fields.recurrence, null);
    assert.equal(hash(throughStrapi(first.fields)), hash(first.fields));
    assert.deepEqual(calendarAdapter.derivedEntries!(createEventExample3Response), [], 'nothing cancelled, nothing derived');
    assert.deepEqual(calendarAdapter.derivedEntries!(exception), []);
  });

  test('cancelled occurrences keep their local wall-clock time across DST', () => {
    const weekly: RemoteEntry = {
      ...createEventExample3Response,
      start: { dateTime: '2026-03-02T20:00:00.0000000', timeZone: 'UTC' }, // 12:00 PST
      end: { dateTime: '2026-03-02T22:00:00.0000000', timeZone: 'UTC' },
      cancelledOccurrences: ['OID.AAMkADQwMD.2026-03-16'], // after the 8 March change: 12:00 PDT
    };
    const [entry] = calendarAdapter.derivedEntries!(weekly);
    const snap = calendarAdapter.fromRemote(entry, scope)!;
    assert.equal(snap.fields.start, '2026-03-16T19:00:00.000Z');
    assert.equal(snap.fields.end, '2026-03-16T21:00:00.000Z');
  });

  test('cancelled occurrences of an all-day series stay on their dates', () => {
    const allDay: RemoteEntry = {
      ...createEventExample3Response,
      isAllDay: true,
      start: { dateTime: '2026-03-02T00:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-03-03T00:00:00.0000000', timeZone: 'UTC' },
      cancelledOccurrences: ['OID.AAMkADQwMD.2026-03-16', 'not an occurrence id'],
    };
    const derived = calendarAdapter.derivedEntries!(allDay);
    assert.equal(derived.length, 1);
    const snap = calendarAdapter.fromRemote(derived[0], scope)!;
    assert.equal(snap.fields.start, '2026-03-16T00:00:00.000Z');
    assert.equal(snap.fields.end, '2026-03-17T00:00:00.000Z');
    assert.equal(snap.fields.isAllDay, true);
  });

  test('a cancelled occurrence cannot be changed or deleted in Outlook, nor an exception created alone: item errors', () => {
    const snap = calendarAdapter.fromRemote(calendarAdapter.derivedEntries!(standUp)[0], scope)!;
    const isItemError = (code: string) => (e: unknown) => e instanceof ItemError && e.code === code;
    assert.throws(() => calendarAdapter.updateRemote(mailbox, snap.id, snap.fields, null), isItemError('calendar.cancelled-occurrence'));
    assert.throws(() => calendarAdapter.deleteRemote(mailbox, snap.id, null), isItemError('calendar.cancelled-occurrence'));
    assert.throws(() => calendarAdapter.createRemote(mailbox, scope, snap.fields, 'tx'), isItemError('calendar.exception-not-creatable'));
  });
});

describe('requests', () => {
  const fields = calendarAdapter.fromRemote(createEventExample2Response, scope)!.fields;

  test('create: POST /users/{m}/events with the transactionId', () => {
    const write = calendarAdapter.createRemote(mailbox, scope, fields, '7E163156-7762-4BEB-A1C6-729EA81755A7');
    assert.equal(write.method, 'POST');
    assert.equal(write.url, '/users/adele.vance%40contoso.com/events');
    assert.equal((write.body as Record<string, unknown>).transactionId, '7E163156-7762-4BEB-A1C6-729EA81755A7');
    assert.equal((write.body as Record<string, unknown>).recurrence, null);
    assert.equal(write.headers, undefined);
  });

  test('update and delete carry If-Match with the ETag form of the change key', () => {
    const update = calendarAdapter.updateRemote(mailbox, 'AAMkADAGAADDdm4NAAA=', fields, 'y53lbKh6jkaxHzFwGhgyxgAAz3IKMA==');
    assert.equal(update.method, 'PATCH');
    assert.equal(update.url, '/users/adele.vance%40contoso.com/events/AAMkADAGAADDdm4NAAA%3D');
    assert.deepEqual(update.headers, { 'If-Match': 'W/"y53lbKh6jkaxHzFwGhgyxgAAz3IKMA=="' });
    const del = calendarAdapter.deleteRemote(mailbox, 'AAMkADAGAADDdm4NAAA=', 'W/"ck"');
    assert.deepEqual({ method: del.method, body: del.body, headers: del.headers }, { method: 'DELETE', body: undefined, headers: { 'If-Match': 'W/"ck"' } });
    assert.equal(calendarAdapter.deleteRemote(mailbox, 'x', null).headers, undefined, 'no change key, no precondition');
  });

  test('the PATCH sends every synced field Graph lets a client write, and only those', () => {
    const body = calendarAdapter.updateRemote(mailbox, 'id', fields, null, inviting).body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), [
      'attendees', 'body', 'categories', 'end', 'importance', 'isAllDay', 'isReminderOn', 'location', 'recurrence', 'reminderMinutesBeforeStart', 'sensitivity', 'showAs', 'start', 'subject',
    ]);
  });

  test('initial delta URL: calendarView/delta over the window, ISO without milliseconds', () => {
    const now = new Date('2026-05-10T12:34:56.789Z');
    const window = { start: new Date(now.getTime() - 30 * 86400000), end: new Date(now.getTime() + 365 * 86400000) };
    const url = calendarAdapter.initialDeltaUrl(mailbox, scope, { direction: 'bidirectional', conflictResolution: 'strapi-wins', window });
    assert.equal(url, '/users/adele.vance%40contoso.com/calendarView/delta?startDateTime=2026-04-10T12:34:56Z&endDateTime=2027-05-10T12:34:56Z');
    assert.throws(() => calendarAdapter.initialDeltaUrl(mailbox, scope, { direction: 'bidirectional', conflictResolution: 'strapi-wins' }), RangeError);
  });

  test('one fixed scope; the content type holds every field the adapter writes', () => {
    assert.deepEqual(calendarAdapter.fixedScopes({ direction: 'bidirectional', conflictResolution: 'strapi-wins' }), [{ key: 'calendar' }]);
    assert.equal(calendarAdapter.uid, UID.calendarEvent);
    const attributes = Object.keys(calendarEvent.schema.attributes);
    for (const field of calendarAdapter.localFields) assert.ok(attributes.includes(field), field);
    assert.deepEqual(Object.keys(calendarAdapter.toLocalData(fields, scope)).sort(), [...calendarAdapter.localFields].sort());
  });

  test('changeKeyOf reads changeKey, else the etag', () => {
    assert.equal(changeKeyOf({ changeKey: 'a', '@odata.etag': 'W/"b"' }), 'a');
    assert.equal(changeKeyOf({ '@odata.etag': 'W/"b=="' }), 'b==');
    assert.equal(changeKeyOf({}), null);
  });
});

describe('meetings: writes that mail attendees only for what they see', () => {
  // createEventExample2Response lists two attendees: a meeting this mailbox organizes.
  const meeting = calendarAdapter.fromRemote(createEventExample2Response, scope)!.fields;
  const seen = (fields: SyncedFields, sendInvitations = true) => calendarAdapter.audience!.hash(fields, settingsWith(sendInvitations));
  const patchOf = (fields: SyncedFields, sendInvitations = true) =>
    calendarAdapter.updateRemote(mailbox, 'AAMk1=', fields, 'ck', { settings: settingsWith(sendInvitations), remoteAudienceHash: seen(meeting, sendInvitations) });

  test('an edit of the organizer\'s own properties (free/busy, categories, reminder) sends only those', () => {
    const edited = { ...meeting, showAs: 'free', categories: ['Red category'], reminderMinutesBeforeStart: 5 };
    assert.equal(seen(edited), seen(meeting));
    const body = patchOf(edited).body as Record<string, unknown>;
    assert.deepEqual(body, { showAs: 'free', categories: ['Red category'], isReminderOn: true, reminderMinutesBeforeStart: 5 });
  });

  for (const [what, change] of [
    ['subject', { subject: 'Moved to the big room' }],
    ['time', { start: '2017-08-30T19:00:00.000Z', end: '2017-08-30T20:00:00.000Z' }],
    ['location', { location: 'Room 2' }],
    ['body', { body: '<p>New agenda</p>' }],
    ['attendees', { attendees: [{ email: 'DanaS@contoso.onmicrosoft.com', name: 'Dana Swope', type: 'required', response: 'none' }] }],
  ] as const) {
    test(`an edit attendees see (${what}) sends the whole event`, () => {
      const edited = { ...meeting, ...change } as SyncedFields;
      assert.notEqual(seen(edited), seen(meeting));
      const body = patchOf(edited).body as Record<string, unknown>;
      assert.ok('subject' in body && 'start' in body && 'attendees' in body, Object.keys(body).join());
    });
  }

  test('an attendee\'s answer and the e-mail\'s letter case are not edits of the meeting', () => {
    const attendees = (meeting.attendees as Array<Record<string, unknown>>).map((a) => ({ ...a, email: String(a.email).toUpperCase(), response: 'accepted' }));
    assert.equal(seen({ ...meeting, attendees }), seen(meeting));
  });

  test('an event without attendees has no audience: its PATCH carries every field', () => {
    const alone = { ...meeting, attendees: [] };
    assert.equal(seen(alone), null);
    const write = calendarAdapter.updateRemote(mailbox, 'AAMk1=', { ...alone, showAs: 'free' }, 'ck', { settings: settingsWith(true), remoteAudienceHash: null });
    assert.ok('subject' in (write.body as Record<string, unknown>));
  });

  test('invitations off (the default): attendees are never sent, and the write says Strapi keeps them', () => {
    const created = calendarAdapter.createRemote(mailbox, scope, meeting, 'tx');
    assert.equal('attendees' in (created.body as Record<string, unknown>), false);
    assert.deepEqual(created.unsent, ['attendees']);
    const updated = patchOf({ ...meeting, subject: 'Renamed' }, false);
    assert.equal('attendees' in (updated.body as Record<string, unknown>), false);
    assert.equal((updated.body as Record<string, unknown>).subject, 'Renamed');
    assert.deepEqual(updated.unsent, ['attendees']);
  });

  test('invitations off: an attendee typed in Strapi alone changes nothing attendees see, so nobody is mailed', () => {
    const added = { ...meeting, attendees: [...(meeting.attendees as object[]), { email: 'new@contoso.com', name: '', type: 'required', response: 'none' }] } as SyncedFields;
    assert.equal(seen(added, false), seen(meeting, false));
    assert.deepEqual(Object.keys(patchOf(added, false).body as object).sort(), ['categories', 'isReminderOn', 'reminderMinutesBeforeStart', 'showAs']);
  });

  test('invitations off, no attendees: nothing is kept back, so attendees added in Outlook come into Strapi', () => {
    const alone = { ...meeting, attendees: [] } as SyncedFields;
    const created = calendarAdapter.createRemote(mailbox, scope, alone, 'tx');
    assert.equal('attendees' in (created.body as Record<string, unknown>), false, 'an empty list would remove Outlook\'s attendees');
    assert.equal(created.unsent, undefined);
  });

  test('invitations on: the attendees go out on create', () => {
    const created = calendarAdapter.createRemote(mailbox, scope, meeting, 'tx', inviting);
    assert.equal((created.body as { attendees: unknown[] }).attendees.length, 2);
    assert.equal(created.unsent, undefined);
  });
});
