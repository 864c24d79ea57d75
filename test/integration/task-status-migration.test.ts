// The task attribute `status` became `taskStatus`: a database from before the rename keeps every task's
// status. The old shape is made with knex on a database Strapi created, then Strapi boots on it again.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { TASK_STATUS_MIGRATION, TASKS_TABLE } from '../../server/src/migrations/task-status';
import { createTestDatabase, currentDatabaseKind, type TestDatabase } from '../helpers/databases';
import { startPlayground, type Playground } from '../helpers/playground';
import { UID } from '../../shared/plugin';

const TASK = UID.task;
const BEFORE: Record<string, string> = { 'Pay rent': 'completed', 'Write cards': 'waitingOnOthers', 'File taxes': 'inProgress', 'Buy milk': 'notStarted' };

describe(`task status → taskStatus at start-up (${currentDatabaseKind()})`, () => {
  let database: TestDatabase;
  let playground: Playground | undefined;
  after(async () => {
    await playground?.stop();
    await database?.drop();
  });

  test('a database with the old `status` column: values end up in taskStatus, the old column is gone', async () => {
    database = await createTestDatabase();
    playground = await startPlayground({ databaseEnv: database.env });
    const { strapi } = playground;
    const mailbox = await strapi.documents('plugin::microsoft-365.mailbox').create({ data: { address: 'adele@contoso.onmicrosoft.com' } });
    for (const title of Object.keys(BEFORE)) {
      await strapi.documents(TASK).create({ data: { title, mailbox: mailbox.documentId } as never });
    }

    // Back to the schema before the rename: a `status` column holding the values, no `task_status`, the
    // migration never run, and Strapi's stored copy of its schema (what its next sync diffs against) as it was.
    const knex = strapi.db.connection;
    const stored = await knex('strapi_database_schema').first();
    const schema = typeof stored.schema === 'string' ? JSON.parse(stored.schema) : stored.schema;
    const tasksTable = schema.tables.find((table: { name: string }) => table.name === TASKS_TABLE);
    tasksTable.columns.find((column: { name: string }) => column.name === 'task_status').name = 'status';
    await knex('strapi_database_schema').where({ id: stored.id }).update({ schema: JSON.stringify(schema), hash: 'before-the-rename' });
    await knex.schema.alterTable(TASKS_TABLE, (table) => {
      table.string('status', 255);
    });
    for (const [title, status] of Object.entries(BEFORE)) await knex(TASKS_TABLE).where({ title }).update({ status });
    await knex.schema.alterTable(TASKS_TABLE, (table) => {
      table.dropColumn('task_status');
    });
    await knex('strapi_migrations_internal').where({ name: TASK_STATUS_MIGRATION }).delete();
    assert.equal(await knex.schema.hasColumn(TASKS_TABLE, 'task_status'), false);
    await playground.stop();

    playground = await startPlayground({ databaseEnv: database.env });
    const migrated = playground.strapi;
    const tasks = (await migrated.documents(TASK).findMany({ fields: ['title', 'taskStatus'] as never })) as unknown as Array<{ title: string; taskStatus: string }>;
    assert.deepEqual(Object.fromEntries(tasks.map((task) => [task.title, task.taskStatus])), BEFORE);
    const db = migrated.db.connection;
    assert.equal(await db.schema.hasColumn(TASKS_TABLE, 'status'), false, 'Strapi dropped the old column after the copy');
    assert.equal((await db('strapi_migrations_internal').where({ name: TASK_STATUS_MIGRATION })).length, 1, 'recorded, so it runs once');
    // The Document Service answers taskStatus; `status` is not an attribute of the task any more.
    assert.equal(migrated.contentType(TASK).attributes.status, undefined);
  });
});
