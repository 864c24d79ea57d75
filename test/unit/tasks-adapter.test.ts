import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';
import { createTaskAdapter, parseTaskRemoteId, taskAdapter } from '../../server/src/sync/resources/tasks';
import { htmlToText, type TaskFields } from '../../server/src/sync/resources/tasks/fields';
import { createListWrite, scopeForListName, scopesFromListEntries } from '../../server/src/sync/resources/tasks/lists';
import { matchMovedTasks } from '../../server/src/sync/resources/tasks/moves';
import type { RemoteEntry, Scope } from '../../server/src/sync/resources/types';

const MAILBOX = 'adele.vance@contoso.onmicrosoft.com';
const DEFAULT: Scope = { key: 'AAMkDefault', remoteParentId: 'AAMkDefault', label: '' };
const SHOPPING: Scope = { key: 'AAMkShopping', remoteParentId: 'AAMkShopping', label: 'Shopping' };

// Microsoft Graph docs, "Get todoTask" response example (v1.0).
const DOC_GET_TODOTASK: RemoteEntry = {
  '@odata.context': 'https://graph.microsoft.com/beta/$metadata#tasks/$entity',
  '@odata.etag': 'W/"s8/ERWT3WEeFpBGD0bDgAA+TWq9g=="',
  importance: 'low',
  isReminderOn: false,
  status: 'notStarted',
  title: 'Shop for dinner',
  createdDateTime: '2020-07-22T10:39:03.7937971Z',
  lastModifiedDateTime: '2020-07-22T12:02:10.8835421Z',
  categories: ['Important', 'Urgent'],
  id: '721a35e2-35e2-721a-e235-1a72e2351a72',
  body: { content: '', contentType: 'text' },
  dueDateTime: { dateTime: '2020-08-25T04:00:00.0000000', timeZone: 'UTC' },
};

// Microsoft Graph docs, "List todoTaskLists" / todoTaskList examples.
const DOC_LISTS: RemoteEntry[] = [
  { '@odata.etag': 'W/"m1fdwWoFiE2YS9yegTKoYwAA/hqrxw=="', displayName: 'Tasks', isOwner: true, isShared: false, wellknownListName: 'defaultList', id: 'AAMkADIyAAAAABrJAAA=' },
  { '@odata.etag': 'W/"m1fdwWoFiE2YS9yegTKoYwAA/hqrxg=="', displayName: 'Flagged email', isOwner: true, isShared: false, wellknownListName: 'flaggedEmails', id: 'AAMkADIyAAAAABrFAAA=' },
  { '@odata.etag': 'W/"m1fdwWoFiE2YS9yegTKoYwAA/hqrxx=="', displayName: 'Vacation Plan', isOwner: true, isShared: false, wellknownListName: 'none', id: 'AAMkADIyAAAhrbPWAAA=' },
];

const hash = (fields: Record<string, unknown>) => hashSyncedFields(fields as SyncedFields);

describe('todoTask → task fields', () => {
  test('Graph\'s "Get todoTask" example maps field by field', () => {
    const snap = taskAdapter.fromRemote(DOC_GET_TODOTASK, DEFAULT)!;
    assert.equal(snap.id, `${DEFAULT.key}/721a35e2-35e2-721a-e235-1a72e2351a72`);
    assert.equal(snap.changeKey, 'W/"s8/ERWT3WEeFpBGD0bDgAA+TWq9g=="');
    assert.equal(snap.modifiedAt, '2020-07-22T12:02:10.8835421Z');
    assert.deepEqual(snap.fields, {
      title: 'Shop for dinner',
      body: '',
      status: 'notStarted',
      importance: 'low',
      // 04:00 UTC is midnight in New York (EDT): the due date is the 25th, not drifted.
      dueDate: '2020-08-25',
      reminderAt: null,
      isReminderOn: false,
      completedAt: null,
      categories: ['Important', 'Urgent'],
      listName: '',
    });
  });

  test('the list name comes from the scope; the default list is the empty name', () => {
    assert.equal(taskAdapter.fromRemote(DOC_GET_TODOTASK, SHOPPING)!.fields.listName, 'Shopping');
    assert.equal(taskAdapter.fromRemote(DOC_GET_TODOTASK, DEFAULT)!.fields.listName, '');
  });

  test('a completed task carries its completion time; a reopened one drops a stale one', () => {
    const done = taskAdapter.fromRemote({ ...DOC_GET_TODOTASK, status: 'completed', completedDateTime: { dateTime: '2020-07-23T09:15:30.1230000', timeZone: 'UTC' } }, DEFAULT)!;
    assert.equal(done.fields.completedAt, '2020-07-23T09:15:30.123Z');
    const reopened = taskAdapter.fromRemote({ ...DOC_GET_TODOTASK, status: 'inProgress', completedDateTime: { dateTime: '2020-07-23T09:15:30.0000000', timeZone: 'UTC' } }, DEFAULT)!;
    assert.equal(reopened.fields.completedAt, null);
  });

  test('reminders in Windows-named zones become UTC instants', () => {
    const snap = taskAdapter.fromRemote({ ...DOC_GET_TODOTASK, isReminderOn: true, reminderDateTime: { dateTime: '2020-07-25T16:00:00', timeZone: 'Eastern Standard Time' } }, DEFAULT)!;
    assert.equal(snap.fields.reminderAt, '2020-07-25T20:00:00.000Z');
    assert.equal(snap.fields.isReminderOn, true);
  });

  test('HTML notes are read as their text, CRLF as LF', () => {
    const snap = taskAdapter.fromRemote({ ...DOC_GET_TODOTASK, body: { contentType: 'html', content: '<html><body><p>Buy <b>milk</b> &amp; eggs</p><p>2&nbsp;loaves</p></body></html>' } }, DEFAULT)!;
    assert.equal(snap.fields.body, 'Buy milk & eggs\n2 loaves');
    assert.equal(taskAdapter.fromRemote({ ...DOC_GET_TODOTASK, body: { contentType: 'text', content: 'a\r\nb' } }, DEFAULT)!.fields.body, 'a\nb');
    assert.equal(htmlToText('x<br/>y'), 'x\ny');
  });

  test('unknown status or importance fall back to To Do\'s defaults; an unknown zone is an item error', () => {
    const odd = taskAdapter.fromRemote({ ...DOC_GET_TODOTASK, status: 'bogus', importance: 'urgent', categories: 'x' }, DEFAULT)!;
    assert.equal(odd.fields.status, 'notStarted');
    assert.equal(odd.fields.importance, 'normal');
    assert.deepEqual(odd.fields.categories, []);
    assert.throws(() => taskAdapter.fromRemote({ ...DOC_GET_TODOTASK, dueDateTime: { dateTime: '2020-08-25T00:00:00', timeZone: 'Mars/Olympus' } }, DEFAULT), /Mars\/Olympus/);
  });
});

describe('task entry → fields → Graph', () => {
  const entry = {
    documentId: 'doc1',
    title: 'File taxes',
    body: 'Forms in the drawer',
    taskStatus: 'inProgress',
    importance: 'high',
    dueDate: '2026-04-15',
    reminderAt: '2026-04-14T08:30:00.000Z',
    isReminderOn: true,
    completedAt: null,
    categories: ['Home'],
    listName: 'Shopping',
    updatedAt: '2026-03-01T10:00:00.000Z',
  };

  test('the POST body carries every synced field, due date as midnight UTC', () => {
    const write = taskAdapter.createRemote(MAILBOX, SHOPPING, taskAdapter.fromLocal(entry), 'tx-1');
    assert.equal(write.method, 'POST');
    assert.equal(write.url, `/users/${encodeURIComponent(MAILBOX)}/todo/lists/AAMkShopping/tasks`);
    assert.deepEqual(write.body, {
      title: 'File taxes',
      body: { content: 'Forms in the drawer', contentType: 'text' },
      status: 'inProgress',
      importance: 'high',
      dueDateTime: { dateTime: '2026-04-15T00:00:00.0000000', timeZone: 'UTC' },
      reminderDateTime: { dateTime: '2026-04-14T08:30:00.0000000', timeZone: 'UTC' },
      isReminderOn: true,
      categories: ['Home'],
    });
  });

  test('completed without a completion time takes updatedAt, so both sides agree after the push', () => {
    const fields = taskAdapter.fromLocal({ ...entry, taskStatus: 'completed' });
    assert.equal(fields.completedAt, '2026-03-01T10:00:00.000Z');
    const body = taskAdapter.createRemote(MAILBOX, SHOPPING, fields, 'tx').body as Record<string, unknown>;
    assert.deepEqual(body.completedDateTime, { dateTime: '2026-03-01T10:00:00.0000000', timeZone: 'UTC' });
  });

  test('a completion time on a task that is not completed is dropped both in fields and in the PATCH', () => {
    const fields = taskAdapter.fromLocal({ ...entry, completedAt: '2026-03-02T00:00:00.000Z' });
    assert.equal(fields.completedAt, null);
    const body = taskAdapter.updateRemote(MAILBOX, 'AAMkShopping/task1', fields, 'W/"abc"').body as Record<string, unknown>;
    assert.ok(!('completedDateTime' in body));
  });

  test('PATCH and DELETE address the task in its list, with If-Match on the etag', () => {
    const patch = taskAdapter.updateRemote(MAILBOX, 'AAMkShopping/task1', taskAdapter.fromLocal(entry), 'W/"abc=="');
    assert.equal(patch.method, 'PATCH');
    assert.equal(patch.url, `/users/${encodeURIComponent(MAILBOX)}/todo/lists/AAMkShopping/tasks/task1`);
    assert.deepEqual(patch.headers, { 'If-Match': 'W/"abc=="' });
    const del = taskAdapter.deleteRemote(MAILBOX, 'AAMkShopping/task1', null);
    assert.equal(del.method, 'DELETE');
    assert.deepEqual(del.headers, {});
    assert.throws(() => parseTaskRemoteId('task1'), /list-qualified/);
  });

  test('no echo: what we write reads back to the same hash', () => {
    for (const variant of [entry, { ...entry, taskStatus: 'completed' }, { ...entry, dueDate: null, reminderAt: null, categories: null, body: null }]) {
      const local = taskAdapter.fromLocal(variant);
      const sent = taskAdapter.createRemote(MAILBOX, SHOPPING, local, 'tx').body as Record<string, unknown>;
      // Graph answers with what it stored (dates in UTC, the etag and ids added).
      const answered: RemoteEntry = { ...sent, id: 'new-id', '@odata.etag': 'W/"v1"', createdDateTime: '2026-03-01T10:00:01Z', lastModifiedDateTime: '2026-03-01T10:00:01Z' };
      const remote = taskAdapter.fromRemote(answered, SHOPPING)!;
      assert.equal(hash(remote.fields), hash(local), JSON.stringify({ remote: remote.fields, local }));
      // …and writing it to Strapi then reading the entry back changes nothing either.
      const stored = { ...taskAdapter.toLocalData(remote.fields, SHOPPING), updatedAt: variant.updatedAt };
      assert.equal(hash(taskAdapter.fromLocal(stored)), hash(local));
    }
  });

  test('the attribute is taskStatus, the synced field stays status: hashes stored before the rename still match', () => {
    const data = taskAdapter.toLocalData(taskAdapter.fromLocal(entry), SHOPPING);
    assert.equal(data.taskStatus, 'inProgress');
    assert.ok(!('status' in data), 'no `status` attribute is written (it is the document status in Strapi 5)');
    // What the adapter hashed for this entry before the rename, when the attribute was `status`.
    const before = { title: 'File taxes', body: 'Forms in the drawer', status: 'inProgress', importance: 'high', dueDate: '2026-04-15', reminderAt: '2026-04-14T08:30:00.000Z', isReminderOn: true, completedAt: null, categories: ['Home'], listName: 'Shopping' };
    assert.equal(hash(taskAdapter.fromLocal(entry)), hash(before));
  });

  test('the due date survives any server time zone (date-only maths, no Date parsing of local midnight)', () => {
    const fields = taskAdapter.fromLocal({ ...entry, dueDate: '2026-12-24' }) as TaskFields;
    const body = taskAdapter.createRemote(MAILBOX, SHOPPING, fields, 'tx').body as { dueDateTime: { dateTime: string } };
    assert.equal(body.dueDateTime.dateTime, '2026-12-24T00:00:00.0000000');
  });

  test('with the mailbox zone known, due dates are written as local midnight and read back in it', () => {
    const berlin = createTaskAdapter({ timeZone: 'W. Europe Standard Time' });
    const body = berlin.createRemote(MAILBOX, SHOPPING, berlin.fromLocal({ ...entry, dueDate: '2026-12-24' }), 'tx').body as Record<string, unknown>;
    assert.deepEqual(body.dueDateTime, { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'W. Europe Standard Time' });
    // To Do answers in UTC: 23:00 the day before.
    const back = berlin.fromRemote({ ...DOC_GET_TODOTASK, dueDateTime: { dateTime: '2026-12-23T23:00:00.0000000', timeZone: 'UTC' } }, SHOPPING)!;
    assert.equal(back.fields.dueDate, '2026-12-24');
  });
});

describe('To Do lists as scopes', () => {
  test('lists delta entries become scopes: default list is "", flagged email is never a scope', () => {
    const scopes = scopesFromListEntries(DOC_LISTS);
    assert.deepEqual(scopes, [
      { key: 'AAMkADIyAAAAABrJAAA=', remoteParentId: 'AAMkADIyAAAAABrJAAA=', label: '' },
      { key: 'AAMkADIyAAAhrbPWAAA=', remoteParentId: 'AAMkADIyAAAhrbPWAAA=', label: 'Vacation Plan' },
    ]);
    assert.equal(taskAdapter.discoveredScopes.deltaUrl(MAILBOX), `/users/${encodeURIComponent(MAILBOX)}/todo/lists/delta`);
    assert.deepEqual(taskAdapter.fixedScopes({ direction: 'bidirectional', conflictResolution: 'strapi-wins' }), []);
  });

  test('a later round adds, renames and removes lists over the known ones', () => {
    const known = scopesFromListEntries(DOC_LISTS);
    const next = scopesFromListEntries(
      [
        { id: 'AAMkADIyAAAhrbPWAAA=', displayName: 'Holiday' },
        { id: 'AAMkNew', displayName: 'Groceries', wellknownListName: 'none' },
        { id: 'AAMkADIyAAAAABrJAAA=', displayName: 'Tasks' }, // partial update of the default list stays ''
      ],
      known,
    );
    assert.deepEqual(next.map((s) => s.label).sort(), ['', 'Groceries', 'Holiday']);
    const gone = scopesFromListEntries([{ id: 'AAMkNew', '@removed': { reason: 'deleted' } }], next);
    assert.deepEqual(gone.map((s) => s.label).sort(), ['', 'Holiday']);
  });

  test('a task\'s listName finds its list case-insensitively; an unknown name asks for a new list', () => {
    const scopes = [DEFAULT, SHOPPING];
    assert.equal(scopeForListName('', scopes), DEFAULT);
    assert.equal(taskAdapter.discoveredScopes.forLocal({ listName: ' shopping ' }, scopes), SHOPPING);
    assert.equal(taskAdapter.discoveredScopes.forLocal({ listName: 'Garden' }, scopes), null);
    assert.deepEqual(taskAdapter.discoveredScopes.create(MAILBOX, { listName: ' Garden ' }), { method: 'POST', url: `/users/${encodeURIComponent(MAILBOX)}/todo/lists`, body: { displayName: 'Garden' } });
    assert.throws(() => createListWrite(MAILBOX, ''), /default/);
    assert.deepEqual(taskAdapter.discoveredScopes.fromCreated({ id: 'AAMkGarden', displayName: 'Garden', wellknownListName: 'none' }), { key: 'AAMkGarden', remoteParentId: 'AAMkGarden', label: 'Garden' });
  });

  test('names differing only by case, surrounding spaces or Unicode composition find the same list', () => {
    const camping: Scope = { key: 'AAMkCamping', remoteParentId: 'AAMkCamping', label: 'Camping trip' };
    const cafe: Scope = { key: 'AAMkCafe', remoteParentId: 'AAMkCafe', label: 'Caf\u00e9' };
    const scopes = [DEFAULT, camping, cafe];
    for (const name of ['camping trip ', '  CAMPING TRIP', '\tCamping Trip\u00a0']) {
      assert.equal(scopeForListName(name, scopes), camping, JSON.stringify(name));
      assert.equal(taskAdapter.discoveredScopes.leftBy(camping, { listName: name }), false, JSON.stringify(name));
    }
    assert.equal(scopeForListName('cafe\u0301', scopes), cafe, 'a decomposed é is the same name');
    assert.equal(scopeForListName('Camping', scopes), null, 'a prefix is another name');
    assert.equal(scopeForListName(' ', scopes), DEFAULT, 'only spaces is the default list');
  });

  test('To Do’s display name is what Strapi shows: the list name comes from the list, not from what Strapi typed', () => {
    const camping: Scope = { key: 'AAMkCamping', remoteParentId: 'AAMkCamping', label: 'Camping trip' };
    const typed = taskAdapter.fromLocal({ title: 'Pack the tent', listName: 'camping trip ' });
    const scope = taskAdapter.discoveredScopes.forLocal(typed, [DEFAULT, camping])!;
    const sent = taskAdapter.createRemote(MAILBOX, scope, typed, 'tx').body as Record<string, unknown>;
    const answered = taskAdapter.fromRemote({ ...sent, id: 'new-id', '@odata.etag': 'W/"v1"' }, scope)!;
    assert.equal(answered.fields.listName, 'Camping trip');
    assert.equal(taskAdapter.toLocalData(answered.fields, scope).listName, 'Camping trip');
    // Strapi's spelling differs until To Do's is written back; once it is, both sides hash the same.
    assert.notEqual(hash(typed), hash(answered.fields));
    assert.equal(hash(taskAdapter.fromLocal(taskAdapter.toLocalData(answered.fields, scope))), hash(answered.fields));
  });

  test('discoveredScopes.leftBy tells a Strapi-side list move, which Graph can only do as create + delete', () => {
    assert.equal(taskAdapter.discoveredScopes.leftBy(SHOPPING, { listName: 'shopping' }), false);
    assert.equal(taskAdapter.discoveredScopes.leftBy(SHOPPING, { listName: '' }), true);
    assert.equal(taskAdapter.discoveredScopes.leftBy(DEFAULT, { listName: '' }), false);
  });

  test('initial delta per list; remote ids are list-qualified, @removed ones too', () => {
    assert.equal(taskAdapter.initialDeltaUrl(MAILBOX, SHOPPING, { direction: 'bidirectional', conflictResolution: 'strapi-wins' }), `/users/${encodeURIComponent(MAILBOX)}/todo/lists/AAMkShopping/tasks/delta`);
    assert.equal(taskAdapter.remoteIdOf({ id: 't1', '@removed': { reason: 'deleted' } }, SHOPPING), 'AAMkShopping/t1');
    assert.equal(taskAdapter.fromRemote({ id: 't1', '@removed': { reason: 'deleted' } }, SHOPPING), null);
  });
});

describe('moves between lists', () => {
  const base = taskAdapter.fromRemote(DOC_GET_TODOTASK, DEFAULT)!.fields;
  const other = { ...base, title: 'Water plants' };

  test('a removed task and a new one with the same content in another list pair up', () => {
    const moves = matchMovedTasks(
      [{ remoteId: 'AAMkDefault/old', scopeKey: DEFAULT.key, fields: base, createdDateTime: '2020-07-22T10:39:03.7937971Z' }],
      [
        { remoteId: 'AAMkShopping/new', scopeKey: SHOPPING.key, fields: { ...base, listName: 'Shopping' }, createdDateTime: '2020-07-22T10:39:03.7937971Z' },
        { remoteId: 'AAMkShopping/unrelated', scopeKey: SHOPPING.key, fields: { ...other, listName: 'Shopping' } },
      ],
    );
    assert.deepEqual(moves, [{ fromRemoteId: 'AAMkDefault/old', toRemoteId: 'AAMkShopping/new', fromScopeKey: DEFAULT.key, toScopeKey: SHOPPING.key }]);
  });

  test('no pairing when the content differs, the creation times differ, the list is the same, or the match is ambiguous', () => {
    const removed = [{ remoteId: 'AAMkDefault/old', scopeKey: DEFAULT.key, fields: base, createdDateTime: '2020-07-22T10:39:03Z' }];
    assert.deepEqual(matchMovedTasks(removed, [{ remoteId: 'x', scopeKey: SHOPPING.key, fields: { ...base, title: 'Edited', listName: 'Shopping' } }]), []);
    assert.deepEqual(matchMovedTasks(removed, [{ remoteId: 'x', scopeKey: SHOPPING.key, fields: { ...base, listName: 'Shopping' }, createdDateTime: '2021-01-01T00:00:00Z' }]), []);
    assert.deepEqual(matchMovedTasks(removed, [{ remoteId: 'x', scopeKey: DEFAULT.key, fields: base }]), []);
    const twins = [
      { remoteId: 'a', scopeKey: SHOPPING.key, fields: { ...base, listName: 'Shopping' } },
      { remoteId: 'b', scopeKey: 'AAMkOther', fields: { ...base, listName: 'Other' } },
    ];
    assert.deepEqual(matchMovedTasks(removed, twins), []);
    assert.deepEqual(
      matchMovedTasks([...removed, { remoteId: 'AAMkDefault/twin', scopeKey: DEFAULT.key, fields: base }], [twins[0]]),
      [],
    );
  });
});
