// Contract test on Microsoft's own example responses (fixtures/graph-docs, each naming its page): they
// are valid against the schema the emulator is held to, and the plugin's field mapping turns them into
// the Strapi entries a reader of the page expects.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import eventGet from './fixtures/graph-docs/event-get-multiple-locations.json';
import todoTaskGet from './fixtures/graph-docs/todotask-get.json';
import messageGet from './fixtures/graph-docs/message-get.json';
import calendarViewDeltaNext from './fixtures/graph-docs/calendarview-delta-next-round.json';
import todoTaskDelta from './fixtures/graph-docs/todotask-delta.json';
import messageDeltaFirst from './fixtures/graph-docs/message-delta-first-page.json';
import messageDeltaNext from './fixtures/graph-docs/message-delta-next-round.json';
import { checkRenderedBody } from '../emulator/schema/check';
import { CALENDAR_SCOPE, calendarAdapter } from '../../server/src/sync/resources/calendar';
import { taskFieldsFromGraph } from '../../server/src/sync/resources/tasks/fields';
import { emailFieldsFromGraph } from '../../server/src/sync/resources/email/fields';
import { emailAdapter } from '../../server/src/sync/resources/email';
import { taskAdapter } from '../../server/src/sync/resources/tasks';
import type { RemoteEntry, ResourceAdapter, Scope } from '../../server/src/sync/resources/types';
import { hashSyncedFields, type SyncedFields as HashableFields } from '../../server/src/sync/hash';
import calendarEvent from '../../server/src/content-types/calendar-event';
import taskType from '../../server/src/content-types/task';
import emailMessage from '../../server/src/content-types/email-message';

/** The fixture without its `_source` note: what the page shows Graph answering. */
function answer<T extends { _source: string }>(fixture: T): Record<string, unknown> {
  const { _source: source, ...body } = fixture;
  assert.match(source, /^https:\/\/learn\.microsoft\.com\/graph\//);
  return body;
}

describe("Microsoft's documented examples", () => {
  test('each is valid against the generated schema (the oracle agrees with the pages)', () => {
    assert.deepEqual(checkRenderedBody('event', answer(eventGet)), []);
    assert.deepEqual(checkRenderedBody('todoTask', answer(todoTaskGet)), []);
    assert.deepEqual(checkRenderedBody('message', answer(messageGet)), []);
    assert.deepEqual(checkRenderedBody('event', answer(calendarViewDeltaNext)), []);
    assert.deepEqual(checkRenderedBody('todoTask', answer(todoTaskDelta)), []);
    assert.deepEqual(checkRenderedBody('message', answer(messageDeltaFirst)), []);
  });

  test('the schema catches what a page got wrong: "isRead": "true" (a string) in the messages delta walkthrough', () => {
    const found = checkRenderedBody('message', answer(messageDeltaNext));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.path, 'value[1].isRead');
  });

  test('"Get event" (several locations): subject, UTC times, location, attendees, HTML body, change key', () => {
    const snapshot = calendarAdapter.fromRemote(answer(eventGet) as never, CALENDAR_SCOPE);
    assert.ok(snapshot);
    assert.equal(snapshot.id, eventGet.id);
    assert.equal(snapshot.changeKey, 'IiLKjG2I7E+Xv0+ys6MD0wAEd5/kNQ==', 'the etag without its W/"…" wrapper');
    const f = snapshot.fields as Record<string, unknown>;
    assert.equal(f.subject, 'New Product Regulations Touchpoint');
    assert.equal(f.start, '2014-11-03T17:00:00.000Z', "Graph's seven fractional digits, read as UTC");
    assert.equal(f.end, '2014-11-03T17:30:00.000Z');
    assert.equal(f.isAllDay, false);
    assert.equal(f.location, 'Conf Room Rainier');
    assert.equal(f.bodyType, 'html');
    assert.equal(f.body, 'New Product Regulations Strategy Online Touchpoint Meeting', 'the inside of <body>, not the document');
    assert.deepEqual(f.attendees, [
      { email: 'engineering@M365x214355.onmicrosoft.com', name: 'Engineering', type: 'required', response: 'none' },
      { email: 'IrvinS@M365x214355.onmicrosoft.com', name: 'Irvin Sayers', type: 'required', response: 'none' },
    ]);
    assert.equal(f.recurrence, null);
    assert.equal(f.seriesMasterId, null);
  });

  test('"Get todoTask": title, status, importance, categories, and a due date read as the date the user picked', () => {
    const f = taskFieldsFromGraph(answer(todoTaskGet), 'Tasks');
    assert.equal(f.title, 'Shop for dinner');
    assert.equal(f.status, 'notStarted');
    assert.equal(f.importance, 'low');
    assert.equal(f.isReminderOn, false);
    assert.deepEqual(f.categories, ['Important', 'Urgent']);
    // 04:00 UTC is midnight in US Eastern daylight time: the due date the user chose is the 25th.
    assert.equal(f.dueDate, '2020-08-25');
    assert.equal(f.completedAt, null);
    assert.equal(f.body, '');
  });

  test('"Get message": addresses, times, Message-ID, conversation, read state, the body as sent', () => {
    const f = emailFieldsFromGraph(answer(messageGet), 'Inbox');
    assert.equal(f.subject, '9/9/2018: concert');
    assert.deepEqual(f.from, { name: 'Adele Vance', address: 'adelev@contoso.OnMicrosoft.com' });
    assert.deepEqual(f.to, [{ name: 'Alex Wilber', address: 'AlexW@contoso.OnMicrosoft.com' }]);
    assert.deepEqual([f.cc, f.bcc], [[], []]);
    assert.equal(f.receivedAt, '2018-09-09T03:15:08.000Z');
    assert.equal(f.sentAt, '2018-09-09T03:15:06.000Z');
    assert.equal(f.internetMessageId, '<MWHPR6E1BE060@MWHPR1120.namprd22.prod.outlook.com>');
    assert.equal(f.conversationId, 'AAQkADOUpag6yWs=');
    assert.equal(f.isRead, true);
    assert.equal(f.hasAttachments, false);
    assert.equal(f.bodyType, 'html');
    assert.equal(f.body, messageGet.body.content, 'mail keeps the HTML document as received');
  });

  test('calendarView delta, next round: @removed is no snapshot; a subset of properties still makes a whole entry', () => {
    const [removed, updated] = answer(calendarViewDeltaNext).value as RemoteEntry[];
    assert.equal(calendarAdapter.fromRemote(removed!, CALENDAR_SCOPE), null);
    assert.deepEqual(removed!['@removed'], { reason: 'deleted' }, 'the only reason calendarView delta gives');
    const snapshot = calendarAdapter.fromRemote(updated!, CALENDAR_SCOPE);
    assert.ok(snapshot);
    assert.equal(snapshot.changeKey, 'EZ9r3czxY0m2jz8c45czkwAALZu97w==', 'from @odata.etag when changeKey is not in the page');
    const f = snapshot.fields as Record<string, unknown>;
    assert.equal(f.subject, 'Attend service');
    assert.equal(f.start, '2016-12-25T06:00:00.000Z');
    assert.equal(f.end, '2016-12-25T07:30:00.000Z');
    assert.equal(f.location, 'Chapel of Saint Ignatius', 'the display name; the address stays in Outlook');
    assert.deepEqual(f.attendees, []);
    assert.equal(f.body, '');
  });

  test('"todoTask: delta": one task of a list, its etag as the version, no due date', () => {
    const [task] = answer(todoTaskDelta).value as RemoteEntry[];
    const scope = { key: 'list:gDbc8U7HGwADDZocJgAAAA==', remoteParentId: 'gDbc8U7HGwADDZocJgAAAA==', label: 'Tasks' };
    const snapshot = taskAdapter.fromRemote(task!, scope);
    assert.ok(snapshot);
    assert.ok(snapshot.id.endsWith(task!.id), snapshot.id);
    assert.equal(snapshot.changeKey, 'W/"4rfRVIPi9EqXgDbc8U7HGwADLLQ9xQ=="', 'To Do has no changeKey: its @odata.etag is the version');
    const f = snapshot.fields as Record<string, unknown>;
    assert.deepEqual([f.title, f.status, f.importance, f.isReminderOn, f.dueDate, f.body, f.listName], ['empty task3', 'notStarted', 'normal', false, null, '', 'Tasks']);
  });

  test('messages delta with $select: an entry carries only what was selected, so the rest stays as stored', () => {
    const [first] = answer(messageDeltaFirst).value as RemoteEntry[];
    const snapshot = emailAdapter.fromRemote(first!, { key: 'inbox', label: 'Inbox' });
    assert.ok(snapshot);
    const f = snapshot.fields as Record<string, unknown>;
    assert.equal(f.subject, 'Holiday hours update');
    assert.equal(f.isRead, false);
    assert.equal(f.folder, 'Inbox');
    for (const absent of ['from', 'to', 'body', 'receivedAt', 'internetMessageId', 'attachments']) assert.equal(absent in f, false, absent);
    assert.equal(snapshot.changeKey, 'W/"CQAAABYAAAARn2vdzPFjSbaPPxzjlzOTAAASsKZz"');
  });

  test('each documented item becomes a Strapi entry of the content type\'s own attributes, which reads back as the same item (no echo)', () => {
    const cases: Array<[string, ResourceAdapter, Scope, Record<string, unknown>, { schema: { attributes: Record<string, unknown> } }]> = [
      ['Get event', calendarAdapter, CALENDAR_SCOPE, answer(eventGet), calendarEvent],
      ['calendarView delta', calendarAdapter, CALENDAR_SCOPE, (answer(calendarViewDeltaNext).value as RemoteEntry[])[1]!, calendarEvent],
      ['Get todoTask', taskAdapter, { key: 'list:L', remoteParentId: 'L', label: 'Tasks' }, answer(todoTaskGet), taskType],
      ['todoTask delta', taskAdapter, { key: 'list:L', remoteParentId: 'L', label: 'Tasks' }, (answer(todoTaskDelta).value as RemoteEntry[])[0]!, taskType],
      ['Get message', emailAdapter, { key: 'inbox', label: 'Inbox' }, answer(messageGet), emailMessage],
    ];
    for (const [page, adapter, scope, item, contentType] of cases) {
      const snapshot = adapter.fromRemote({ id: 'AAMk-doc', ...item } as RemoteEntry, scope);
      assert.ok(snapshot, page);
      const data = adapter.toLocalData(snapshot.fields, scope);
      const unknown = Object.keys(data).filter((k) => !(k in contentType.schema.attributes));
      assert.deepEqual(unknown, [], `${page}: entry data names attributes the content type lacks`);
      const hash = (f: unknown) => hashSyncedFields(f as HashableFields);
      assert.equal(hash(adapter.fromLocal(data)), hash(snapshot.fields), `${page}: the stored entry reads back as what Microsoft holds`);
    }
  });
});
