import { PLUGIN_ID } from '../../shared/plugin';
import { registerOwnMailboxCondition } from './rbac';
import { pluginService, type Strapi } from './utils/strapi';

const ACTIONS = [
  { uid: 'settings.read', displayName: 'Read Microsoft 365 settings', subCategory: 'settings' },
  { uid: 'settings.update', displayName: 'Update Microsoft 365 settings', subCategory: 'settings' },
  { uid: 'sync.run', displayName: 'Run a Microsoft 365 sync', subCategory: 'sync' },
];

export default async ({ strapi }: { strapi: Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(
    ACTIONS.map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID })),
  );
  await registerOwnMailboxCondition(strapi);
  pluginService(strapi, 'schedule').start();
};
