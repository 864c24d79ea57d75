import type { Context } from 'koa';
import { pluginService, type Strapi } from '../utils/strapi';
import { parseQuery } from '../utils/query-params';

export default ({ strapi }: { strapi: Strapi }) => ({
  async test(ctx: Context) {
    parseQuery(ctx.query, {});
    ctx.body = { data: await pluginService(strapi, 'connection').test(ctx.request.body) };
  },
});
