import { ACTIONS, PLUGIN_ID } from '../../shared/plugin';
import { registerOwnMailboxCondition } from './rbac';
import { pluginService, type Strapi } from './utils/strapi';

// Strapi names a plugin's action "plugin::<plugin>.<uid>": registered by its uid, checked by its full name.
const PREFIX = `plugin::${PLUGIN_ID}.`;
const ACTION_LABELS = [
  { action: ACTIONS.settingsRead, displayName: 'Read Microsoft 365 settings', subCategory: 'settings' },
  { action: ACTIONS.settingsUpdate, displayName: 'Update Microsoft 365 settings', subCategory: 'settings' },
  { action: ACTIONS.syncRun, displayName: 'Run a Microsoft 365 sync', subCategory: 'sync' },
];

export default async ({ strapi }: { strapi: Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(
    ACTION_LABELS.map(({ action, ...label }) => ({ uid: action.slice(PREFIX.length), ...label, section: 'plugins', pluginName: PLUGIN_ID })),
  );
  await registerOwnMailboxCondition(strapi);
  pluginService(strapi, 'schedule').start();
};
