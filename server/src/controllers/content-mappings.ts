import type { Context } from 'koa';
import type { Strapi } from '../utils/strapi';
import { pluginService } from '../utils/strapi';
import { parseQuery } from '../utils/query-params';

export default ({ strapi }: { strapi: Strapi }) => {
  const mappings = () => pluginService(strapi, 'contentMappings');
  return {
    async find(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await mappings().list() };
    },
    async types(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: mappings().types() };
    },
    async replace(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await mappings().replace(ctx.request.body) };
    },
    async preview(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await mappings().preview(ctx.request.body) };
    },
  };
};
