import type { Context } from 'koa';
import { pluginService, type Strapi } from '../utils/strapi';
import { parseQuery } from '../utils/query-params';
import type connectionService from '../services/connection';

type ConnectionService = ReturnType<typeof connectionService>;

export default ({ strapi }: { strapi: Strapi }) => ({
  async test(ctx: Context) {
    parseQuery(ctx.query, {});
    ctx.body = { data: await pluginService<ConnectionService>(strapi, 'connection').test(ctx.request.body) };
  },
});
