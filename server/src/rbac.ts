// Synced content is private by default (README "Security: who sees synced content"): only the Super Admin reads or changes it until an admin
// grants a role access, optionally limited to "in a mailbox I own".
import { PLUGIN_ID } from '../../shared/plugin';
import type { Strapi } from './utils/strapi';

export const MAILBOX_UID = `plugin::${PLUGIN_ID}.mailbox`;
/** The content types that hold what is synced: visible in the Content Manager, so subject to RBAC. */
export const SYNCED_UIDS = [MAILBOX_UID, `plugin::${PLUGIN_ID}.calendar-event`, `plugin::${PLUGIN_ID}.task`, `plugin::${PLUGIN_ID}.email-message`];
export const OWN_MAILBOX_CONDITION = `plugin::${PLUGIN_ID}.in-own-mailbox`;

/** Strapi's default roles, which its first boot gives every visible content type. */
const DEFAULT_ROLE_CODES = ['strapi-editor', 'strapi-author'];

type RoleService = { exists(params?: unknown): Promise<boolean>; createRolesIfNoneExist(): Promise<void> };

/**
 * On the first boot, @strapi/admin's `role.createRolesIfNoneExist` creates Editor and Author with every
 * action on every visible content type. We wrap it: when no role existed before it ran (Strapi's own
 * test for "first boot"), the grants it just made on the synced types are taken back, and nothing else.
 * On any later boot it creates nothing and we touch nothing, so a grant an admin makes stays.
 */
export function withholdDefaultRoleGrants(strapi: Strapi): void {
  strapi.get('services').extend('admin::role', (service: RoleService) => ({
    ...service,
    async createRolesIfNoneExist() {
      const firstBoot = !(await service.exists());
      await service.createRolesIfNoneExist();
      if (firstBoot) await revokeDefaultRoleGrants(strapi);
    },
  }));
}

async function revokeDefaultRoleGrants(strapi: Strapi): Promise<void> {
  const granted = (await strapi.db.query('admin::permission').findMany({
    select: ['id'],
    where: { subject: { $in: SYNCED_UIDS }, role: { code: { $in: DEFAULT_ROLE_CODES } } },
  })) as Array<{ id: number }>;
  if (granted.length === 0) return;
  await strapi.service('admin::permission').deleteByIds(granted.map((permission) => permission.id));
}

interface ConditionUser {
  id: number;
  permission?: { subject?: string | null };
}

/**
 * "In a mailbox I own": a mailbox whose owner is the admin user, and the events, tasks and messages of
 * such a mailbox. On any other subject it grants nothing (it has no mailbox to be owned).
 */
export async function registerOwnMailboxCondition(strapi: Strapi): Promise<void> {
  await strapi.service('admin::permission').conditionProvider.register({
    displayName: 'In a mailbox I own',
    name: 'in-own-mailbox',
    plugin: PLUGIN_ID,
    category: 'Microsoft 365',
    handler: (user: ConditionUser) => {
      const subject = user.permission?.subject;
      if (subject === MAILBOX_UID) return { 'owner.id': user.id };
      if (subject && SYNCED_UIDS.includes(subject)) return { 'mailbox.owner.id': user.id };
      return false;
    },
  });
}
