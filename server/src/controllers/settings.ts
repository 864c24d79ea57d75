import type { Context } from 'koa';
import type { Strapi } from '../utils/strapi';
import { pluginService } from '../utils/strapi';
import { parseQuery } from '../utils/query-params';

export default ({ strapi }: { strapi: Strapi }) => {
  const settings = () => pluginService(strapi, 'settings');
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
