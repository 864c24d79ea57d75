import { taskStatusMigration } from './migrations/task-status';
import { withholdDefaultRoleGrants } from './rbac';
import { guardMailboxWrites } from './mailboxes/writes';
import { guardOwnMailboxWrites } from './rbac-writes';
import type { Strapi } from './utils/strapi';

export default ({ strapi }: { strapi: Strapi }) => {
  // Registered now: Strapi runs its internal migrations in bootstrap's schema sync, before any plugin bootstrap.
  strapi.db.migrations.providers.internal.register(taskStatusMigration);
  // Before @strapi/admin's bootstrap creates the default roles.
  withholdDefaultRoleGrants(strapi);
  guardOwnMailboxWrites(strapi);
  guardMailboxWrites(strapi);
};
