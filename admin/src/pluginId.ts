import { ACTIONS, PLUGIN_ID } from '../../shared/plugin';

export { PLUGIN_ID };

export const PERMISSIONS = {
  read: [{ action: ACTIONS.settingsRead, subject: null }],
  update: [{ action: ACTIONS.settingsUpdate, subject: null }],
  sync: [{ action: ACTIONS.syncRun, subject: null }],
};

/** Prefixes a translation key with the plugin id, as Strapi's admin expects. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
