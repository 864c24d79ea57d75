// The task attribute `status` became `taskStatus` (Strapi 5's Content Manager answers `status` with the
// document status). Strapi's schema sync would add `task_status` empty and drop `status` with its values,
// so this runs first, as one of Strapi's internal database migrations: those run inside `schema.sync()`,
// before the diff, once per database (recorded in `strapi_migrations_internal`), in a transaction.
import type { Strapi } from '../utils/strapi';

type Migration = Parameters<Strapi['db']['migrations']['providers']['internal']['register']>[0];
type Knex = Parameters<Migration['up']>[0];

export const TASKS_TABLE = 'ms365_tasks';
export const TASK_STATUS_MIGRATION = 'microsoft-365-01-task-status-to-task-status';

/** Copies `status` into `task_status` where the old column exists; Strapi's sync then drops `status`. */
export async function migrateTaskStatus(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable(TASKS_TABLE))) return; // a fresh install: the sync creates the new shape
  if (!(await knex.schema.hasColumn(TASKS_TABLE, 'status'))) return;
  if (!(await knex.schema.hasColumn(TASKS_TABLE, 'task_status'))) {
    await knex.schema.alterTable(TASKS_TABLE, (table) => {
      table.string('task_status', 255);
    });
  }
  await knex(TASKS_TABLE).whereNull('task_status').update({ task_status: knex.ref('status') });
}

export const taskStatusMigration: Migration = {
  name: TASK_STATUS_MIGRATION,
  up: migrateTaskStatus,
  async down() {
    throw new Error(`${TASK_STATUS_MIGRATION} cannot be reverted`);
  },
};
