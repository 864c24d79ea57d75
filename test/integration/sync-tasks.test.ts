// Microsoft To Do ⇄ `task`, end to end on a real Strapi and the Graph emulator: every synced field both
// ways (due dates without drift, completion kept consistent), lists, directions, conflict policies,
// edit beats delete, no echo, and crash safety at the runner's checkpoints.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { CHECKPOINTS, type Checkpoint, type SyncResult } from '../../server/src/sync/run-types';
import { hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';
import { taskAdapter } from '../../server/src/sync/resources/tasks';
import { scopeFromList } from '../../server/src/sync/resources/tasks/lists';
import { assertNoDuplicates, resultFor, totalChanges, useSyncWorld, type SyncWorld } from './sync-support';
import { UID } from '../../shared/plugin';

const TASK_UID = UID.task;

let world: SyncWorld;
type Mailbox = { address: string; documentId: string };

async function setTaskSettings(direction: string, conflictResolution = 'strapi-wins'): Promise<void> {
  await world.strapi.plugin('microsoft-365').service('settings').update({ tasks: { direction, conflictResolution } });
}

/** A tasks sync of one mailbox that must succeed. */
async function syncTasks(address: string, extra: Record<string, unknown> = {}): Promise<SyncResult> {
  const run = await world.sync.run({ mailboxes: [address], resources: ['tasks'], ...extra });
  const result = resultFor(run, address, 'tasks');
  assert.deepEqual(result.errors, [], `the run reported errors: ${JSON.stringify(result.errors)}`);
  assert.equal(run.status, 'succeeded');
  return result;
}

async function localTasks(address: string): Promise<Array<Record<string, any>>> {
  return (await world.strapi.db.query(TASK_UID as never).findMany({ where: { mailbox: { address } }, orderBy: { title: 'asc' } })) as Array<Record<string, any>>;
}

async function localTask(address: string, title: string): Promise<Record<string, any>> {
  const found = (await localTasks(address)).filter((t) => t.title === title);
  assert.equal(found.length, 1, `Strapi holds "${title}" once: ${found.length}`);
  return found[0]!;
}

/** Every To Do task of the mailbox with its list as `listName` names it ('' for the default list). */
function remoteTasks(address: string): Array<Record<string, any> & { listName: string; listId: string }> {
  return world.emulator.control.todoLists(address).flatMap((list: any) => {
    const scope = scopeFromList(list);
    if (!scope) return [];
    return world.emulator.control.listTasks(address, list.id).map((t: any) => ({ ...t, listName: scope.label ?? '', listId: list.id }));
  });
}

function remoteTask(address: string, title: string): Record<string, any> & { listName: string; listId: string } {
  const found = remoteTasks(address).filter((t) => t.title === title);
  assert.equal(found.length, 1, `To Do holds "${title}" once: ${found.length}`);
  return found[0]!;
}

const strapiCreate = async (mailbox: Mailbox, data: Record<string, unknown>) =>
  (await world.strapi.documents(TASK_UID as never).create({ data: { ...data, mailbox: mailbox.documentId } as never })) as Record<string, any>;
const strapiUpdate = (documentId: string, data: Record<string, unknown>) => world.strapi.documents(TASK_UID as never).update({ documentId, data: data as never });
const strapiDelete = (documentId: string) => world.strapi.documents(TASK_UID as never).delete({ documentId });

/** Both sides hold the same tasks with the same synced content (the adapter's own canonical fields), none twice. */
async function assertInStep(address: string): Promise<void> {
  const locals = await localTasks(address);
  const remotes = remoteTasks(address);
  const canonical = (fields: unknown) => hashSyncedFields(fields as SyncedFields);
  const localHashes = locals.map((t) => canonical(taskAdapter.fromLocal(t))).sort();
  const remoteHashes = remotes.map((t) => canonical(taskAdapter.fromRemote(t as never, { key: t.listId, remoteParentId: t.listId, label: t.listName })!.fields)).sort();
  assert.equal(locals.length, remotes.length, `Strapi has ${locals.length} tasks, To Do ${remotes.length}`);
  assert.deepEqual(localHashes, remoteHashes, 'the two sides hold different content');
  assertNoDuplicates(locals.map((t) => t.title), 'Strapi');
  assertNoDuplicates(remotes.map((t) => t.title), 'To Do');
}

const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString());
/** A Strapi `date` as YYYY-MM-DD whatever the database driver hands back. */
const day = (value: unknown) => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));
const graphIso = (value: { dateTime: string; timeZone: string } | undefined) => (value ? `${value.dateTime.slice(0, 23)}Z` : null);

/** A mailbox with one task known to both sides, in the default list. */
async function synced(name: string) {
  const mailbox = await world.newMailbox(name);
  const remote = world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Original' });
  await syncTasks(mailbox.address);
  const local = await localTask(mailbox.address, 'Original');
  return { mailbox, remoteId: String(remote.id), documentId: String(local.documentId) };
}

const titles = async (address: string) => ({
  strapi: (await localTasks(address)).map((t) => t.title).sort(),
  todo: remoteTasks(address).map((t) => t.title).sort(),
});

describe(`sync of Microsoft To Do tasks (${process.env.TEST_DATABASE ?? 'sqlite'})`, () => {
  world = useSyncWorld({ integrations: { calendar: false, tasks: true, email: false } });

  describe('fields and lists', () => {
    before(() => setTaskSettings('bidirectional'));

    test('To Do → Strapi: every field, due dates written in any zone stay on their date', async () => {
      const mailbox = await world.newMailbox('fields-in');
      const control = world.emulator.control;
      control.createTask(mailbox.address, 'defaultList', {
        title: 'Christmas shopping',
        body: { content: 'Gifts\nWrapping paper', contentType: 'text' },
        status: 'inProgress',
        importance: 'high',
        // To Do stores a due date as midnight in the user's zone and answers in UTC (2026-12-24T08:00Z here).
        dueDateTime: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'Pacific Standard Time' },
        reminderDateTime: { dateTime: '2026-12-23T09:30:00.0000000', timeZone: 'UTC' },
        isReminderOn: true,
        categories: ['Red category', 'Family'],
      });
      // Midnight in Berlin is the evening before in UTC (2026-12-23T23:00Z): still the 24th.
      control.createTask(mailbox.address, 'defaultList', { title: 'Berlin due', dueDateTime: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'W. Europe Standard Time' } });
      control.createTask(mailbox.address, 'defaultList', { title: 'Html notes', body: { content: '<p>First &amp; second</p>', contentType: 'html' } });
      const done = control.createTask(mailbox.address, 'defaultList', { title: 'Done in To Do', status: 'completed' });

      const result = await syncTasks(mailbox.address);
      assert.equal(result.pulled.created, 4);
      const shopping = await localTask(mailbox.address, 'Christmas shopping');
      assert.deepEqual(
        {
          body: shopping.body,
          taskStatus: shopping.taskStatus,
          importance: shopping.importance,
          dueDate: day(shopping.dueDate),
          reminderAt: iso(shopping.reminderAt),
          isReminderOn: shopping.isReminderOn,
          completedAt: shopping.completedAt,
          categories: shopping.categories,
          listName: shopping.listName ?? '',
        },
        { body: 'Gifts\nWrapping paper', taskStatus: 'inProgress', importance: 'high', dueDate: '2026-12-24', reminderAt: '2026-12-23T09:30:00.000Z', isReminderOn: true, completedAt: null, categories: ['Red category', 'Family'], listName: '' },
      );
      assert.equal(day((await localTask(mailbox.address, 'Berlin due')).dueDate), '2026-12-24');
      assert.equal((await localTask(mailbox.address, 'Html notes')).body, 'First & second');
      const completed = await localTask(mailbox.address, 'Done in To Do');
      assert.equal(completed.taskStatus, 'completed');
      assert.ok(done.completedDateTime, 'To Do stamped the completion');
      assert.equal(iso(completed.completedAt), graphIso(done.completedDateTime as never), 'completedAt is To Do’s completedDateTime');

      // The pulled entries hash as To Do's items: nothing goes back (an HTML body was read as its text, and stays so in Strapi).
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
      assert.equal(remoteTask(mailbox.address, 'Christmas shopping').dueDateTime.dateTime, '2026-12-24T08:00:00.0000000', 'To Do’s due time is untouched');
    });

    test('Strapi → To Do: every field, the due date 2026-12-24 stays 2026-12-24 both ways, completion with its time', async () => {
      const mailbox = await world.newMailbox('fields-out');
      await strapiCreate(mailbox, {
        title: 'Write cards',
        body: 'To the family\nand friends',
        taskStatus: 'waitingOnOthers',
        importance: 'low',
        dueDate: '2026-12-24',
        reminderAt: '2026-12-20T08:15:00.000Z',
        isReminderOn: true,
        categories: ['Blue category'],
      });
      await strapiCreate(mailbox, { title: 'Closed in Strapi', taskStatus: 'completed', completedAt: '2026-11-20T10:00:00.000Z' });
      const savedAt = (await localTask(mailbox.address, 'Write cards')).updatedAt;

      const result = await syncTasks(mailbox.address);
      assert.equal(result.pushed.created, 2);
      assert.equal(iso((await localTask(mailbox.address, 'Write cards')).updatedAt), iso(savedAt), 'To Do answered what was sent: the entry is not rewritten');
      const cards = remoteTask(mailbox.address, 'Write cards');
      assert.equal(cards.listName, '', 'an empty listName goes to the default list');
      assert.deepEqual(
        { body: cards.body.content, status: cards.status, importance: cards.importance, due: cards.dueDateTime, reminder: graphIso(cards.reminderDateTime), isReminderOn: cards.isReminderOn, categories: cards.categories },
        {
          body: 'To the family\nand friends',
          status: 'waitingOnOthers',
          importance: 'low',
          due: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' },
          reminder: '2026-12-20T08:15:00.000Z',
          isReminderOn: true,
          categories: ['Blue category'],
        },
      );
      const closed = remoteTask(mailbox.address, 'Closed in Strapi');
      assert.equal(closed.status, 'completed');
      assert.equal(graphIso(closed.completedDateTime), '2026-11-20T10:00:00.000Z', 'To Do keeps Strapi’s completion time');

      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0, 'our own writes do not come back');
      assert.equal(day((await localTask(mailbox.address, 'Write cards')).dueDate), '2026-12-24', 'no drift on the way back');

      // An edit of the due date in To Do, written the way To Do writes it (midnight in the user's zone).
      world.emulator.control.updateTask(mailbox.address, cards.id, { dueDateTime: { dateTime: '2026-12-31T00:00:00.0000000', timeZone: 'Tokyo Standard Time' } });
      await syncTasks(mailbox.address);
      assert.equal(day((await localTask(mailbox.address, 'Write cards')).dueDate), '2026-12-31');
      await assertInStep(mailbox.address);
    });

    test('completed in Strapi without completedAt: Strapi gets the completion time To Do holds', async () => {
      const mailbox = await world.newMailbox('completed-no-time');
      const savedAt = (await strapiCreate(mailbox, { title: 'Done now', taskStatus: 'completed' })).updatedAt;
      await syncTasks(mailbox.address);
      const local = await localTask(mailbox.address, 'Done now');
      assert.ok(local.completedAt, 'Strapi shows a completion time');
      assert.notEqual(iso(local.updatedAt), iso(savedAt), 'the entry took the answer');
      assert.equal(iso(local.completedAt), graphIso(remoteTask(mailbox.address, 'Done now').completedDateTime as never));
      await strapiUpdate(local.documentId, { taskStatus: 'inProgress' });
      await syncTasks(mailbox.address);
      assert.equal((await localTask(mailbox.address, 'Done now')).completedAt, null, 'reopened in Strapi: completedAt cleared there too');
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
    });

    test('completion both ways: completing and reopening on either side keeps status and completedAt consistent', async () => {
      const mailbox = await world.newMailbox('completion');
      const remote = world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Pay rent' });
      await syncTasks(mailbox.address);

      const completed = world.emulator.control.updateTask(mailbox.address, String(remote.id), { status: 'completed' });
      await syncTasks(mailbox.address);
      let local = await localTask(mailbox.address, 'Pay rent');
      assert.equal(local.taskStatus, 'completed');
      assert.equal(iso(local.completedAt), graphIso(completed.completedDateTime as never));

      await strapiUpdate(local.documentId, { taskStatus: 'inProgress', completedAt: null });
      await syncTasks(mailbox.address);
      let todo = remoteTask(mailbox.address, 'Pay rent');
      assert.equal(todo.status, 'inProgress');
      assert.equal(todo.completedDateTime, undefined, 'reopened in To Do: no completion time');

      await strapiUpdate(local.documentId, { taskStatus: 'completed', completedAt: '2026-11-21T07:45:00.000Z' });
      await syncTasks(mailbox.address);
      todo = remoteTask(mailbox.address, 'Pay rent');
      assert.equal(todo.status, 'completed');
      assert.equal(graphIso(todo.completedDateTime), '2026-11-21T07:45:00.000Z');

      world.emulator.control.updateTask(mailbox.address, todo.id, { status: 'notStarted' });
      await syncTasks(mailbox.address);
      local = await localTask(mailbox.address, 'Pay rent');
      assert.equal(local.taskStatus, 'notStarted');
      assert.equal(local.completedAt, null, 'reopened in To Do: completedAt cleared in Strapi');
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
      await assertInStep(mailbox.address);
    });

    test('lists: the default list is listName empty; an unknown listName creates that list; new To Do lists are picked up', async () => {
      const mailbox = await world.newMailbox('lists');
      world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'In the default list' });
      await syncTasks(mailbox.address);
      assert.ok(!(await localTask(mailbox.address, 'In the default list')).listName, 'the default list is an empty listName');

      await strapiCreate(mailbox, { title: 'Pack the tent', listName: 'Camping trip' });
      await strapiCreate(mailbox, { title: 'Buy a stove', listName: 'Camping trip' });
      await strapiCreate(mailbox, { title: 'No list named' });
      const pushed = await syncTasks(mailbox.address);
      assert.equal(pushed.pushed.created, 3);
      const lists = world.emulator.control.todoLists(mailbox.address).map((l: any) => l.displayName).sort();
      assert.deepEqual(lists, ['Camping trip', 'Tasks'], 'one list made for the name, found by it after that');
      assert.equal(remoteTask(mailbox.address, 'Pack the tent').listName, 'Camping trip');
      assert.equal(remoteTask(mailbox.address, 'Buy a stove').listName, 'Camping trip');
      assert.equal(remoteTask(mailbox.address, 'No list named').listName, '');

      world.emulator.control.createTodoList(mailbox.address, 'Made in To Do');
      world.emulator.control.createTask(mailbox.address, 'Made in To Do', { title: 'From a new list' });
      const pulled = await syncTasks(mailbox.address);
      assert.equal(pulled.pulled.created, 1);
      assert.equal((await localTask(mailbox.address, 'From a new list')).listName, 'Made in To Do');
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
    });

    test('a listName that differs from a To Do list only by case or spaces goes to that list and takes To Do’s spelling', async () => {
      const mailbox = await world.newMailbox('list-spelling');
      world.emulator.control.createTodoList(mailbox.address, 'Camping trip');
      await strapiCreate(mailbox, { title: 'Pack the tent', listName: 'camping trip ' });

      const first = await syncTasks(mailbox.address);
      assert.equal(first.pushed.created, 1);
      assert.deepEqual(world.emulator.control.todoLists(mailbox.address).map((l: any) => l.displayName).sort(), ['Camping trip', 'Tasks'], 'no second list for the other spelling');
      assert.equal(remoteTask(mailbox.address, 'Pack the tent').listName, 'Camping trip');
      assert.equal((await localTask(mailbox.address, 'Pack the tent')).listName, 'Camping trip', 'Strapi shows To Do’s display name');

      const second = await syncTasks(mailbox.address);
      assert.equal(second.conflicts, 0);
      assert.equal(totalChanges(second), 0, `quiet: ${JSON.stringify(second)}`);
      await assertInStep(mailbox.address);
    });

    test('a task moved between lists in To Do keeps its Strapi entry (same documentId), listName follows, in every direction', async () => {
      const mailbox = await world.newMailbox('moves');
      const control = world.emulator.control;
      control.createTodoList(mailbox.address, 'Errands');
      control.createTodoList(mailbox.address, 'Work');
      const task = control.createTask(mailbox.address, 'defaultList', {
        title: 'Call the plumber',
        body: { content: 'about the leak', contentType: 'text' },
        importance: 'high',
        categories: ['Home'],
        dueDateTime: { dateTime: '2026-12-03T00:00:00.0000000', timeZone: 'UTC' },
      });
      // Same content in another list, different title: must not be taken for the moved task.
      control.createTask(mailbox.address, 'Work', { title: 'Stays put' });
      await syncTasks(mailbox.address);
      const { documentId } = await localTask(mailbox.address, 'Call the plumber');
      let taskId = String(task.id);
      // default → list, list → list (either side of the other in pull order), list → default, default → list.
      for (const [to, listName] of [['Errands', 'Errands'], ['Work', 'Work'], ['defaultList', ''], ['Work', 'Work'], ['Errands', 'Errands']] as const) {
        taskId = String(control.moveTask(mailbox.address, taskId, to).id);
        const result = await syncTasks(mailbox.address);
        assert.deepEqual(result.pulled, { created: 0, updated: 1, deleted: 0 }, `moved to ${to}: one update, no delete + create`);
        assert.deepEqual(result.pushed, { created: 0, updated: 0, deleted: 0 }, `moved to ${to}: nothing sent back`);
        const local = await localTask(mailbox.address, 'Call the plumber');
        assert.equal(local.documentId, documentId, `moved to ${to}: the same Strapi entry`);
        assert.equal(local.listName ?? '', listName);
        assert.equal(remoteTask(mailbox.address, 'Call the plumber').id, taskId, 'the task was not re-created in To Do');
        await assertInStep(mailbox.address);
        assert.equal(totalChanges(await syncTasks(mailbox.address)), 0, 'quiet after the move');
      }
      assert.equal((await localTasks(mailbox.address)).length, 2);
    });

    test('two identical tasks moved at once stay safe: each ends once in Strapi, in its new list', async () => {
      const mailbox = await world.newMailbox('moves-twins');
      const control = world.emulator.control;
      control.createTodoList(mailbox.address, 'Errands');
      const a = control.createTask(mailbox.address, 'defaultList', { title: 'Twin' });
      const b = control.createTask(mailbox.address, 'defaultList', { title: 'Twin' });
      await syncTasks(mailbox.address);
      control.moveTask(mailbox.address, String(a.id), 'Errands');
      control.moveTask(mailbox.address, String(b.id), 'Errands');
      await syncTasks(mailbox.address);
      const locals = await localTasks(mailbox.address);
      assert.deepEqual(locals.map((t) => [t.title, t.listName]), [['Twin', 'Errands'], ['Twin', 'Errands']]);
      assert.equal(remoteTasks(mailbox.address).length, 2);
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
    });

    test('no echo: a sync right after a sync changes nothing and reads each list’s delta once, plus the lists’ own delta', async () => {
      const mailbox = await world.newMailbox('quiet');
      world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'One' });
      world.emulator.control.createTodoList(mailbox.address, 'Second list');
      world.emulator.control.createTask(mailbox.address, 'Second list', { title: 'Two' });
      await strapiCreate(mailbox, { title: 'Three', listName: 'Third list', dueDate: '2026-12-24', categories: ['X'] });
      await syncTasks(mailbox.address);
      await syncTasks(mailbox.address);
      const quiet = await syncTasks(mailbox.address);
      assert.equal(totalChanges(quiet), 0);
      const lists = world.emulator.control.todoLists(mailbox.address).length;
      assert.equal(lists, 3);
      // Not "one request per mailbox and resource" (README): To Do has one delta per list, and lists are found by a delta of their own.
      assert.equal(quiet.graphRequests, 1 + lists, `one request for the lists, one per list: ${quiet.graphRequests}`);
      await assertInStep(mailbox.address);
    });
  });

  describe('conflicts, edit beats delete, directions', () => {
    for (const [policy, winner] of [
      ['strapi-wins', 'Edited in Strapi'],
      ['microsoft-wins', 'Edited in To Do'],
    ] as const) {
      test(`bidirectional, ${policy}: a task changed on both sides ends as ${winner} on both`, async () => {
        await setTaskSettings('bidirectional', policy);
        const { mailbox, remoteId, documentId } = await synced(policy);
        await strapiUpdate(documentId, { title: 'Edited in Strapi' });
        world.emulator.control.updateTask(mailbox.address, remoteId, { title: 'Edited in To Do' });
        const result = await syncTasks(mailbox.address);
        assert.equal(result.conflicts, 1);
        assert.deepEqual(await titles(mailbox.address), { strapi: [winner], todo: [winner] });
        await assertInStep(mailbox.address);
        assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
      });
    }

    for (const newer of ['Strapi', 'To Do'] as const) {
      test(`bidirectional, newest-wins: the later edit (${newer}) wins`, async () => {
        await setTaskSettings('bidirectional', 'newest-wins');
        const { mailbox, remoteId, documentId } = await synced(`newest-${newer.replace(' ', '')}`);
        const editStrapi = () => strapiUpdate(documentId, { title: 'Edited in Strapi' });
        const editTodo = async () => void world.emulator.control.updateTask(mailbox.address, remoteId, { title: 'Edited in To Do' });
        if (newer === 'Strapi') {
          await editTodo();
          await sleep(50);
          await editStrapi();
        } else {
          await editStrapi();
          await sleep(50);
          await editTodo();
        }
        const result = await syncTasks(mailbox.address);
        assert.equal(result.conflicts, 1);
        const winner = `Edited in ${newer}`;
        assert.deepEqual(await titles(mailbox.address), { strapi: [winner], todo: [winner] });
        await assertInStep(mailbox.address);
      });
    }

    test('equal edits on both sides are no conflict', async () => {
      await setTaskSettings('bidirectional', 'strapi-wins');
      const { mailbox, remoteId, documentId } = await synced('same-edit');
      await strapiUpdate(documentId, { importance: 'high' });
      world.emulator.control.updateTask(mailbox.address, remoteId, { importance: 'high' });
      const result = await syncTasks(mailbox.address);
      assert.equal(result.conflicts, 0);
      assert.equal(totalChanges(result), 0);
      await assertInStep(mailbox.address);
    });

    test('edit beats delete: edited in Strapi, deleted in To Do → restored in To Do', async () => {
      await setTaskSettings('bidirectional', 'microsoft-wins');
      const { mailbox, remoteId, documentId } = await synced('edit-local-delete-remote');
      await strapiUpdate(documentId, { title: 'Kept by its edit' });
      world.emulator.control.deleteTask(mailbox.address, remoteId);
      const result = await syncTasks(mailbox.address);
      assert.equal(result.pushed.created, 1);
      assert.deepEqual(await titles(mailbox.address), { strapi: ['Kept by its edit'], todo: ['Kept by its edit'] });
      assert.equal((await localTask(mailbox.address, 'Kept by its edit')).documentId, documentId, 'the same Strapi entry');
      await assertInStep(mailbox.address);
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
    });

    test('edit beats delete: deleted in Strapi, edited in To Do → restored in Strapi', async () => {
      await setTaskSettings('bidirectional', 'strapi-wins');
      const { mailbox, remoteId, documentId } = await synced('delete-local-edit-remote');
      await strapiDelete(documentId);
      world.emulator.control.updateTask(mailbox.address, remoteId, { title: 'Kept by its edit' });
      const result = await syncTasks(mailbox.address);
      assert.equal(result.pulled.created, 1);
      assert.deepEqual(await titles(mailbox.address), { strapi: ['Kept by its edit'], todo: ['Kept by its edit'] });
      await assertInStep(mailbox.address);
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
    });

    test('a delete on one side, unedited on the other, deletes on both', async () => {
      await setTaskSettings('bidirectional', 'strapi-wins');
      const { mailbox, remoteId, documentId } = await synced('deletes');
      world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Second' });
      await syncTasks(mailbox.address);
      world.emulator.control.deleteTask(mailbox.address, remoteId);
      await strapiDelete((await localTask(mailbox.address, 'Second')).documentId);
      const result = await syncTasks(mailbox.address);
      assert.equal(result.pulled.deleted, 1);
      assert.equal(result.pushed.deleted, 1);
      assert.deepEqual(await titles(mailbox.address), { strapi: [], todo: [] });
      assert.equal((await world.strapi.documents(TASK_UID as never).findOne({ documentId })) ?? null, null);
    });

    test('microsoft-to-strapi: To Do changes arrive; Strapi edits and deletes are reverted, Strapi-only tasks stay put', async () => {
      await setTaskSettings('microsoft-to-strapi', 'strapi-wins');
      const { mailbox, remoteId, documentId } = await synced('m2s');
      const second = world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Second' });
      await syncTasks(mailbox.address);
      const secondLocal = await localTask(mailbox.address, 'Second');

      await strapiUpdate(documentId, { title: 'Strapi edit, not allowed', dueDate: '2027-01-01' });
      await strapiDelete(secondLocal.documentId);
      await strapiCreate(mailbox, { title: 'Strapi only', listName: 'Not made in To Do' });
      world.emulator.control.updateTask(mailbox.address, String(second.id), { importance: 'high' });
      const result = await syncTasks(mailbox.address);
      assert.deepEqual(result.pushed, { created: 0, updated: 0, deleted: 0 }, 'nothing is written to To Do');
      assert.deepEqual(await titles(mailbox.address), { strapi: ['Original', 'Second', 'Strapi only'], todo: ['Original', 'Second'] });
      assert.equal(remoteTask(mailbox.address, 'Original').id, remoteId);
      const reverted = await localTask(mailbox.address, 'Original');
      assert.equal(reverted.documentId, documentId);
      assert.equal(reverted.dueDate, null);
      assert.equal((await localTask(mailbox.address, 'Second')).importance, 'high');
      assert.deepEqual(world.emulator.control.todoLists(mailbox.address).map((l: any) => l.displayName), ['Tasks'], 'no list is made');
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
    });

    test('strapi-to-microsoft: Strapi changes go out; To Do edits and deletes are reverted, To Do-only tasks stay put', async () => {
      await setTaskSettings('strapi-to-microsoft', 'microsoft-wins');
      const mailbox = await world.newMailbox('s2m');
      world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'To Do only' });
      const first = await strapiCreate(mailbox, { title: 'From Strapi' });
      await strapiCreate(mailbox, { title: 'Second from Strapi', listName: 'Errands' });
      const initial = await syncTasks(mailbox.address);
      assert.deepEqual(initial.pulled, { created: 0, updated: 0, deleted: 0 }, 'nothing is read into Strapi');
      assert.equal(initial.pushed.created, 2);

      world.emulator.control.updateTask(mailbox.address, remoteTask(mailbox.address, 'From Strapi').id, { title: 'To Do edit, not allowed' });
      world.emulator.control.deleteTask(mailbox.address, remoteTask(mailbox.address, 'Second from Strapi').id);
      await strapiUpdate(first.documentId, { importance: 'high' });
      const result = await syncTasks(mailbox.address);
      assert.deepEqual(result.pulled, { created: 0, updated: 0, deleted: 0 });
      assert.deepEqual(await titles(mailbox.address), { strapi: ['From Strapi', 'Second from Strapi'], todo: ['From Strapi', 'Second from Strapi', 'To Do only'] });
      assert.equal(remoteTask(mailbox.address, 'From Strapi').importance, 'high');
      assert.equal(remoteTask(mailbox.address, 'Second from Strapi').listName, 'Errands', 'restored in its list');
      assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
    });
  });

  describe('crash safety', () => {
    before(() => {
      // Small delta pages, so a crash can land between two pages of one list's round.
      world.strapi.config.set('plugin::microsoft-365.pageSize', 2);
    });

    /** Changes on both sides that need every step of a run: creates, edits, deletes, a new list, a conflict. */
    async function changeBothSides(mailbox: Mailbox, round: number) {
      const control = world.emulator.control;
      const remote = remoteTasks(mailbox.address);
      const local = await localTasks(mailbox.address);
      for (let i = 0; i < 3; i++) control.createTask(mailbox.address, 'defaultList', { title: `To Do ${round}.${i}`, dueDateTime: { dateTime: `2026-12-${10 + i}T00:00:00.0000000`, timeZone: 'UTC' } });
      const todoOnly = remote.filter((t) => t.title.startsWith('To Do'));
      if (todoOnly[0]) control.updateTask(mailbox.address, todoOnly[0].id, { title: `${todoOnly[0].title} edited in To Do`, status: 'completed' });
      if (todoOnly[1]) control.deleteTask(mailbox.address, todoOnly[1].id);
      await strapiCreate(mailbox, { title: `Strapi ${round}.0`, dueDate: '2026-12-24' });
      await strapiCreate(mailbox, { title: `Strapi ${round}.1`, listName: `Strapi list ${round}` });
      const strapiOnly = local.filter((t) => t.title.startsWith('Strapi'));
      if (strapiOnly[0]) await strapiUpdate(strapiOnly[0].documentId, { title: `${strapiOnly[0].title} edited in Strapi`, importance: 'low' });
      if (strapiOnly[1]) await strapiDelete(strapiOnly[1].documentId);
      const both = local.find((t) => t.title === 'Shared');
      const remoteBoth = remote.find((t) => t.title === 'Shared');
      if (both && remoteBoth) {
        await strapiUpdate(both.documentId, { body: `Strapi notes ${round}` });
        control.updateTask(mailbox.address, remoteBoth.id, { body: { content: `To Do notes ${round}`, contentType: 'text' } });
      }
    }

    for (const [point, pass] of [...CHECKPOINTS.filter((p) => p.startsWith('pull')).map((p): [Checkpoint, number] => [p, 1]), ['pull:page-stored', 2], ['pull:before-commit', 3], ['pull:page-fetched', 4]] as Array<[Checkpoint, number]>) {
      test(`a task moved in To Do, run stopped at ${point} (pass ${pass}): the re-run keeps its Strapi entry, no duplicate, no loss`, async () => {
        await setTaskSettings('bidirectional', 'strapi-wins');
        const mailbox = await world.newMailbox(`move-crash-${point.replace(/\W+/g, '-')}-${pass}`);
        const control = world.emulator.control;
        control.createTodoList(mailbox.address, 'Errands');
        const titlesMoved = ['Moved 1', 'Moved 2', 'Moved 3'];
        const ids = titlesMoved.map((title, i) => String(control.createTask(mailbox.address, i === 1 ? 'Errands' : 'defaultList', { title }).id));
        for (let i = 0; i < 3; i++) control.createTask(mailbox.address, 'defaultList', { title: `Filler ${i}` });
        await syncTasks(mailbox.address);
        const before = new Map((await localTasks(mailbox.address)).map((t) => [t.title, t.documentId]));
        // Both directions in one run: the old list is pulled before the new one for some, after it for others.
        control.moveTask(mailbox.address, ids[0]!, 'Errands');
        control.moveTask(mailbox.address, ids[1]!, 'defaultList');
        control.moveTask(mailbox.address, ids[2]!, 'Errands');
        assert.ok(await world.crashAt(mailbox.address, point, pass, 'tasks'), `the run passes ${point}`);
        await syncTasks(mailbox.address);
        await assertInStep(mailbox.address);
        const after = await localTasks(mailbox.address);
        assert.equal(after.length, 6);
        for (const t of after) assert.equal(t.documentId, before.get(t.title), `${t.title} keeps its Strapi entry`);
        assert.deepEqual(
          titlesMoved.map((title) => after.find((t) => t.title === title)!.listName ?? ''),
          ['Errands', '', 'Errands'],
        );
        assert.equal(totalChanges(await syncTasks(mailbox.address)), 0);
      });
    }

    for (const direction of ['bidirectional', 'microsoft-to-strapi'] as const) {
      const points: Array<[Checkpoint, number]> = [...CHECKPOINTS.map((p): [Checkpoint, number] => [p, 1]), ['pull:page-stored', 2], ['pull:before-commit', 2], ['pull:page-fetched', 2]];
      for (const [point, pass] of points) {
        if (direction === 'microsoft-to-strapi' && !point.startsWith('revert') && !point.startsWith('pull')) continue;
        if (direction === 'bidirectional' && point.startsWith('revert')) continue;
        test(`${direction}: stopped at ${point}${pass > 1 ? ` (pass ${pass})` : ''}, a re-run loses and duplicates nothing`, async () => {
          await setTaskSettings(direction, 'strapi-wins');
          const mailbox = await world.newMailbox(`crash-${point.replace(/\W+/g, '-')}`);
          world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Shared' });
          world.emulator.control.createTask(mailbox.address, 'defaultList', { title: 'Stable' });
          await syncTasks(mailbox.address);
          for (let round = 1; round <= 2; round++) {
            await changeBothSides(mailbox, round);
            if (direction === 'microsoft-to-strapi') await strapiUpdate((await localTask(mailbox.address, 'Stable')).documentId, { title: 'Stable (a Strapi edit to revert)' });
            assert.ok(await world.crashAt(mailbox.address, point, pass, 'tasks'), `the run passes ${point}`);
            await syncTasks(mailbox.address);
            if (direction === 'bidirectional') {
              await assertInStep(mailbox.address);
              assert.equal((await localTask(mailbox.address, 'Shared')).body, `Strapi notes ${round}`, 'the conflict went to Strapi');
            } else {
              // One-way: every To Do task is in Strapi as it is in To Do; Strapi-only entries may stay.
              const localTitles = (await localTasks(mailbox.address)).map((t) => t.title);
              for (const t of remoteTasks(mailbox.address)) assert.equal(localTitles.filter((s) => s === t.title).length, 1, `${t.title} once in Strapi`);
              assert.ok(!localTitles.some((s) => s.includes('to revert')), 'the Strapi edit was reverted');
              assert.equal(remoteTasks(mailbox.address).filter((t) => t.title.startsWith('Strapi')).length, 0, 'nothing went to To Do');
            }
            const quiet = await syncTasks(mailbox.address);
            assert.equal(totalChanges(quiet), 0, `quiet after the re-run: ${JSON.stringify(quiet)}`);
          }
        });
      }
    }
  });
});
