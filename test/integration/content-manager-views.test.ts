// The Content Manager's list and edit views of the synced types, as set at install: the columns an admin
// looks for, newest first, the task's status labelled "Status"; an admin's own later change is kept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminApi, login, registerSuperAdmin, SUPER_ADMIN } from '../helpers/admin-api';
import { createTestDatabase, currentDatabaseKind, type TestDatabase } from '../helpers/databases';
import { startPlayground, type Playground } from '../helpers/playground';

const uid = (name: string) => `plugin::microsoft-365.${name}`;
const configuration = async (api: AdminApi, name: string) => {
  const answer = await api.get(`/content-manager/content-types/${uid(name)}/configuration`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.data.contentType as { settings: Record<string, unknown>; metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>; layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> } };
};

describe(`Content Manager views of the synced types (${currentDatabaseKind()})`, () => {
  let database: TestDatabase;
  let playground: Playground;
  let admin: AdminApi;

  before(async () => {
    database = await createTestDatabase();
    playground = await startPlayground({ databaseEnv: database.env });
    admin = await registerSuperAdmin(playground.url);
  });
  after(async () => {
    await playground?.stop();
    await database?.drop();
  });

  test('at install: the list columns, newest first, and the edit view leading with what an admin looks for', async () => {
    const expected = {
      'calendar-event': { list: ['subject', 'start', 'end', 'isAllDay', 'isCancelled', 'mailbox'], sort: ['start', 'DESC'], first: ['subject', 'mailbox'] },
      task: { list: ['title', 'taskStatus', 'dueDate', 'listName', 'mailbox'], sort: ['createdAt', 'DESC'], first: ['title', 'mailbox'] },
      'email-message': { list: ['receivedAt', 'fromDisplay', 'subject', 'folder', 'mailbox'], sort: ['receivedAt', 'DESC'], first: ['subject', 'mailbox'] },
      mailbox: { list: ['address', 'displayName', 'owner', 'enabled'], sort: ['address', 'ASC'], first: ['address', 'displayName'] },
    };
    for (const [name, want] of Object.entries(expected)) {
      const config = await configuration(admin, name);
      assert.deepEqual(config.layouts.list, want.list, name);
      assert.deepEqual([config.settings.defaultSortBy, config.settings.defaultSortOrder], want.sort, name);
      assert.deepEqual(config.layouts.edit[0]!.map((field) => field.name), want.first, name);
      // Every editable field is still in the edit view (none lost by the layout).
      const placed = config.layouts.edit.flat().map((field) => field.name);
      for (const attribute of Object.keys(playground.strapi.contentType(uid(name) as never).attributes)) {
        if (['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(attribute)) continue;
        assert.ok(placed.includes(attribute), `${name}.${attribute} is in the edit view`);
      }
      for (const row of config.layouts.edit) assert.ok(row.reduce((sum, field) => sum + field.size, 0) <= 12, `${name}: a row fits`);
      if (config.metadatas.mailbox) assert.equal(config.metadatas.mailbox.edit.mainField, 'address', `${name}: the mailbox shows as its address`);
    }
    const mailboxView = await configuration(admin, 'mailbox');
    for (const field of ['lastSyncAt', 'lastError', 'failingSince', 'attentionCode', 'resourceSyncedAt', 'lastHealthAlert']) {
      assert.equal(mailboxView.metadatas[field]!.edit.editable, false, `mailbox.${field} is shown, not editable`);
    }
    const task = await configuration(admin, 'task');
    assert.equal(task.metadatas.taskStatus!.edit.label, 'Status');
    assert.equal(task.metadatas.taskStatus!.list.label, 'Status');
    assert.equal((await configuration(admin, 'email-message')).metadatas.fromDisplay!.list.label, 'From');
    assert.equal((await configuration(admin, 'calendar-event')).metadatas.isAllDay!.list.label, 'All day');

    // Stored where Strapi keeps every view configuration.
    const stored = (await playground.strapi.db.query('strapi::core-store').findOne({ where: { key: `plugin_content_manager_configuration_content_types::${uid('task')}` } })) as { value: string };
    assert.deepEqual(JSON.parse(stored.value).layouts.list, expected.task.list);
  });

  test('the task list answers To Do\'s status as taskStatus, not the document status', async () => {
    const mailbox = await playground.strapi.plugin('microsoft-365').service('mailboxes').create({ address: 'adele@contoso.onmicrosoft.com' });
    await playground.strapi.documents(uid('task') as never).create({ data: { title: 'File taxes', taskStatus: 'waitingOnOthers', mailbox: mailbox.documentId } as never });
    const { status, body } = await admin.get(`/content-manager/collection-types/${uid('task')}?page=1&pageSize=10&sort=createdAt:DESC`);
    assert.equal(status, 200);
    const [entry] = body.results;
    assert.equal(entry.title, 'File taxes');
    assert.equal(entry.taskStatus, 'waitingOnOthers');
    assert.notEqual(entry.status, 'waitingOnOthers');
  });

  test('an admin\'s own change of a view is kept across restarts: the install-time view is never re-applied', async () => {
    const before = await configuration(admin, 'task');
    // As the admin's "Configure the view" page sends it: the list metadata without the mainField the GET adds.
    const metadatas = Object.fromEntries(Object.entries(before.metadatas).map(([name, meta]) => {
      const { mainField: _, ...list } = meta.list;
      return [name, { edit: meta.edit, list }];
    }));
    const mine = {
      settings: { ...before.settings, defaultSortBy: 'title', defaultSortOrder: 'ASC' },
      metadatas,
      layouts: { list: ['title', 'importance'], edit: before.layouts.edit },
    };
    const saved = await admin.put(`/content-manager/content-types/${uid('task')}/configuration`, mine);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    await playground.stop();
    playground = await startPlayground({ databaseEnv: database.env });
    admin = await login(playground.url, SUPER_ADMIN.email, SUPER_ADMIN.password);
    const after = await configuration(admin, 'task');
    assert.deepEqual(after.layouts.list, ['title', 'importance']);
    assert.deepEqual([after.settings.defaultSortBy, after.settings.defaultSortOrder], ['title', 'ASC']);
    // The other types, untouched by the admin, keep the install-time view too.
    assert.deepEqual((await configuration(admin, 'calendar-event')).layouts.list, ['subject', 'start', 'end', 'isAllDay', 'isCancelled', 'mailbox']);
  });
});
