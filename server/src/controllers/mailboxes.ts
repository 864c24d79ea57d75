import type { Context } from 'koa';
import type { Strapi } from '../utils/strapi';
import { pluginService } from '../utils/strapi';
import { parseQuery } from '../utils/query-params';

export default ({ strapi }: { strapi: Strapi }) => {
  const mailboxes = () => pluginService(strapi, 'mailboxes');
  return {
    async find(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await mailboxes().list() };
    },
    async create(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.status = 201;
      ctx.body = { data: await mailboxes().create(ctx.request.body) };
    },
    async update(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await mailboxes().update(ctx.params.documentId, ctx.request.body) };
    },
    async delete(ctx: Context) {
      parseQuery(ctx.query, {});
      await mailboxes().remove(ctx.params.documentId);
      ctx.body = { data: { documentId: ctx.params.documentId } };
    },
    async owners(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await mailboxes().owners() };
    },
  };
};
