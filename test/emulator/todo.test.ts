// Microsoft To Do against the docs: "List todoTaskLists", "Create todoTaskList", "todoTaskList: delta",
// "todoTask: delta", "Create / Update / Delete todoTask" (todoTask resource fields).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from './index';
import { graph, getToken } from './testClient';
import { useDemoEmulator } from './demoSuite';

const { em, g } = useDemoEmulator();
const box = DEMO.mailboxes[0];

async function drain(url: string): Promise<{ items: any[]; deltaLink: string }> {
  const items: any[] = [];
  let next: string | undefined = url;
  let deltaLink = '';
  while (next) {
    const res = await g(next, { headers: { prefer: 'odata.maxpagesize=2' } });
    assert.equal(res.status, 200, res.text);
    items.push(...res.body.value);
    next = res.body['@odata.nextLink'];
    deltaLink = res.body['@odata.deltaLink'] ?? deltaLink;
  }
  return { items, deltaLink };
}

const defaultListId = async () => (await g(`/users/${box}/todo/lists`)).body.value.find((l: any) => l.wellknownListName === 'defaultList').id;

describe('lists', () => {
  test('default list "Tasks" is wellknownListName defaultList; POST creates a named list', async () => {
    const lists = await g(`/users/${box}/todo/lists`);
    assert.equal(lists.status, 200);
    const def = lists.body.value.find((l: any) => l.wellknownListName === 'defaultList');
    assert.equal(def.displayName, 'Tasks');
    assert.equal(def.isOwner, true);
    assert.equal(def.isShared, false);
    assert.ok(lists.body.value.some((l: any) => l.displayName === 'Project Phoenix' && l.wellknownListName === 'none'));
    const created = await g(`/users/${box}/todo/lists`, { method: 'POST', body: { displayName: 'Travel items' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.displayName, 'Travel items');
    assert.match(created.body['@odata.etag'], /^W\/"/);
  });

  test('lists delta reports new and deleted lists', async () => {
    const round1 = await drain(`/users/${box}/todo/lists/delta`);
    assert.equal(round1.items.length, 2);
    const created = em.control.createTodoList(box, 'Errands');
    const phoenix = round1.items.find((l) => l.displayName === 'Project Phoenix');
    const del = await g(`/users/${box}/todo/lists/${phoenix.id}`, { method: 'DELETE' });
    assert.equal(del.status, 204);
    const round2 = await drain(round1.deltaLink);
    assert.deepEqual(round2.items.map((l) => l.id).sort(), [created.id, phoenix.id].sort());
    assert.deepEqual(round2.items.find((l) => l.id === phoenix.id)['@removed'], { reason: 'deleted' });
  });
});

describe('tasks', () => {
  test('create, read, update and delete with todoTask fields', async () => {
    const listId = await defaultListId();
    const created = await g(`/users/${box}/todo/lists/${listId}/tasks`, {
      method: 'POST',
      body: { title: 'A new task', categories: ['Important'], dueDateTime: { dateTime: '2030-04-01T00:00:00', timeZone: 'UTC' }, body: { content: 'details', contentType: 'text' } },
    });
    assert.equal(created.status, 201);
    const t = created.body;
    assert.equal(t.status, 'notStarted');
    assert.equal(t.importance, 'normal');
    assert.equal(t.isReminderOn, false);
    assert.deepEqual(t.dueDateTime, { dateTime: '2030-04-01T00:00:00.0000000', timeZone: 'UTC' });
    assert.match(t.createdDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const done = await g(`/users/${box}/todo/lists/${listId}/tasks/${t.id}`, { method: 'PATCH', body: { status: 'completed' } });
    assert.equal(done.status, 200);
    assert.equal(done.body.status, 'completed');
    assert.equal(done.body.completedDateTime.timeZone, 'UTC');
    assert.notEqual(done.body['@odata.etag'], t['@odata.etag']);
    const reopened = await g(`/users/${box}/todo/lists/${listId}/tasks/${t.id}`, { method: 'PATCH', body: { status: 'inProgress' } });
    assert.equal(reopened.body.completedDateTime, undefined);
    const bad = await g(`/users/${box}/todo/lists/${listId}/tasks/${t.id}`, { method: 'PATCH', body: { status: 'sleeping' } });
    assert.equal(bad.status, 400);
    assert.equal((await g(`/users/${box}/todo/lists/${listId}/tasks/${t.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await g(`/users/${box}/todo/lists/${listId}/tasks/${t.id}`)).status, 404);
  });

  test('tasks delta: full round, then created/updated/@removed; a moved task changes id', async () => {
    const listId = await defaultListId();
    const round1 = await drain(`/users/${box}/todo/lists/${listId}/tasks/delta`);
    assert.deepEqual(round1.items.map((t) => t.title).sort(), ['Book travel', 'Submit expenses']);
    assert.match(round1.deltaLink, /\/todo\/lists\/[^/]+\/tasks\/delta\?\$deltatoken=/);
    const book = round1.items.find((t) => t.title === 'Book travel');
    const expenses = round1.items.find((t) => t.title === 'Submit expenses');
    em.control.updateTask(box, book.id, { importance: 'low' });
    const phoenix = em.control.todoLists(box).find((l) => l.displayName === 'Project Phoenix')!;
    const moved = em.control.moveTask(box, expenses.id, String(phoenix.id));
    assert.notEqual(moved.id, expenses.id);
    const added = em.control.createTask(box, listId, { title: 'Call the bank' });
    const round2 = await drain(round1.deltaLink);
    const byId = new Map(round2.items.map((t) => [t.id, t]));
    assert.equal(byId.get(book.id).importance, 'low');
    assert.equal(byId.get(added.id).title, 'Call the bank');
    assert.deepEqual(byId.get(expenses.id), { '@odata.type': '#microsoft.graph.todoTask', id: expenses.id, '@removed': { reason: 'deleted' } });
    assert.equal(round2.items.length, 3);
    const target = await drain(`/users/${box}/todo/lists/${phoenix.id}/tasks/delta`);
    assert.ok(target.items.some((t) => t.id === moved.id && t.title === 'Submit expenses'));
  });

  test('tasks delta honours $select and $top, baked into its links', async () => {
    const listId = await defaultListId();
    const first = await g(`/users/${box}/todo/lists/${listId}/tasks/delta?$select=title,status&$top=1`);
    assert.equal(first.status, 200);
    assert.equal(first.body.value.length, 1);
    assert.deepEqual(Object.keys(first.body.value[0]).sort(), ['@odata.etag', '@odata.type', 'id', 'status', 'title']);
    assert.ok(!first.body['@odata.nextLink'].includes('$select'));
    const second = await g(first.body['@odata.nextLink']);
    assert.equal(second.body.value.length, 1);
    assert.equal(second.body.value[0].importance, undefined);
  });

  test('missing Tasks permission → 403; unknown list → 404', async () => {
    em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId: 'c0c0c0c0-0000-0000-0000-000000000001', secret: 'z', permissions: ['Calendars.Read'] }] });
    const other = graph(em, await getToken(em, DEMO.tenantId, 'c0c0c0c0-0000-0000-0000-000000000001', 'z'));
    assert.equal((await other(`/users/${box}/todo/lists`)).status, 403);
    const res = await g(`/users/${box}/todo/lists/nope/tasks`);
    assert.equal(res.status, 404);
  });
});
