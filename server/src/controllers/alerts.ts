import type { Context } from 'koa';
import { parseQuery } from '../utils/query-params';
import { pluginService, type Strapi } from '../utils/strapi';

export default ({ strapi }: { strapi: Strapi }) => ({
  /** GET /alerts: the client secret's state and the mailboxes that need an admin (the banner, the home widget). */
  async get(ctx: Context) {
    parseQuery(ctx.query, {});
    ctx.body = { data: await pluginService(strapi, 'alerts').view() };
  },
});
