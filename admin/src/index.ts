import { Bell, Calendar } from '@strapi/icons';
import { CALENDAR_PERMISSIONS, PERMISSIONS, PLUGIN_ID, getTranslation } from './pluginId';

type TranslationModule = { default: Record<string, string> };

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
    // The calendar view, for admins who may read synced events or tasks in the Content Manager.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Calendar,
      intlLabel: { id: getTranslation('calendar.menu'), defaultMessage: 'Microsoft 365' },
      Component: () => import('./pages/Calendar'),
      permissions: [...CALENDAR_PERMISSIONS.events, ...CALENDAR_PERMISSIONS.tasks],
    });
    app.createSettingSection(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Integrations' } },
      [
        {
          intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Microsoft Settings' },
          id: 'microsoft-settings',
          to: PLUGIN_ID,
          Component: () => import('./pages/Settings'),
          permissions: PERMISSIONS.read,
        },
      ],
    );
    // Strapi's home page (5.x widgets API): what needs an admin, for those who may see the settings page.
    app.widgets?.register({
      id: 'alerts',
      pluginId: PLUGIN_ID,
      icon: Bell,
      title: { id: getTranslation('widget.title'), defaultMessage: 'Microsoft 365' },
      link: { label: { id: getTranslation('widget.link'), defaultMessage: 'Open Microsoft Settings' }, href: `/settings/${PLUGIN_ID}` },
      component: async () => (await import('./widgets/AlertsWidget')).AlertsWidget,
      permissions: PERMISSIONS.read,
    });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as TranslationModule;
          const prefixed = Object.fromEntries(Object.entries(data).map(([key, value]) => [getTranslation(key), value]));
          return { data: prefixed, locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
