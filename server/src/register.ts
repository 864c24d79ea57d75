import { taskStatusMigration } from './migrations/task-status';
import type { Strapi } from './utils/strapi';

export default ({ strapi }: { strapi: Strapi }) => {
  // Registered now: Strapi runs its internal migrations in bootstrap's schema sync, before any plugin bootstrap.
  strapi.db.migrations.providers.internal.register(taskStatusMigration);
};
