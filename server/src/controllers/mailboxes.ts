import type { Context } from 'koa';
import type { Strapi } from '../utils/strapi';
import { pluginService } from '../utils/strapi';
import type mailboxesService from '../services/mailboxes';

type MailboxesService = ReturnType<typeof mailboxesService>;

export default ({ strapi }: { strapi: Strapi }) => {
  const mailboxes = () => pluginService<MailboxesService>(strapi, 'mailboxes');
  return {
    async find(ctx: Context) {
      ctx.body = { data: await mailboxes().list() };
    },
    async create(ctx: Context) {
      ctx.status = 201;
      ctx.body = { data: await mailboxes().create(ctx.request.body) };
    },
    async update(ctx: Context) {
      ctx.body = { data: await mailboxes().update(ctx.params.documentId, ctx.request.body) };
    },
    async delete(ctx: Context) {
      await mailboxes().remove(ctx.params.documentId);
      ctx.body = { data: { documentId: ctx.params.documentId } };
    },
    async owners(ctx: Context) {
      ctx.body = { data: await mailboxes().owners() };
    },
  };
};
