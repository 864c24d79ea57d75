import type { Context } from 'koa';
import { SyncInProgressError } from '../services/sync';
import { sendConflict } from '../utils/conflict';
import { parseQuery } from '../utils/query-params';
import { pluginService, type Strapi } from '../utils/strapi';

export default ({ strapi }: { strapi: Strapi }) => {
  const deletions = () => pluginService(strapi, 'deletions');

  async function review(ctx: Context, decision: 'approve' | 'discard') {
    parseQuery(ctx.query, {});
    try {
      ctx.body = { data: await deletions().review(decision, ctx.request.body) };
    } catch (error) {
      if (!(error instanceof SyncInProgressError)) throw error;
      sendConflict(ctx, error);
    }
  }

  return {
    /** GET /deletions: the held deletions, by mailbox, resource and side. */
    async list(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await deletions().list() };
    },
    /** POST /deletions/approve { mailbox, resource, side } (sync.run). */
    approve: (ctx: Context) => review(ctx, 'approve'),
    /** POST /deletions/discard { mailbox, resource, side } (sync.run): the items come back from the other side. */
    discard: (ctx: Context) => review(ctx, 'discard'),
  };
};
