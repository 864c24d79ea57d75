import type { Context } from 'koa';
import type { Strapi } from '../utils/strapi';
import { pluginService } from '../utils/strapi';
import { parseQuery } from '../utils/query-params';
import type settingsService from '../services/settings';

type SettingsService = ReturnType<typeof settingsService>;

export default ({ strapi }: { strapi: Strapi }) => {
  const settings = () => pluginService<SettingsService>(strapi, 'settings');
  return {
    async get(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await settings().get() };
    },
    async update(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await settings().update(ctx.request.body) };
    },
  };
};
