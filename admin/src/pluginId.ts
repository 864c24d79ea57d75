export const PLUGIN_ID = 'microsoft-365';

export const PERMISSIONS = {
  read: [{ action: 'plugin::microsoft-365.settings.read', subject: null }],
  update: [{ action: 'plugin::microsoft-365.settings.update', subject: null }],
  sync: [{ action: 'plugin::microsoft-365.sync.run', subject: null }],
};

/** Prefixes a translation key with the plugin id, as Strapi's admin expects. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
