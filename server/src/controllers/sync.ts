import type { Context } from 'koa';
import { pluginService, type Strapi } from '../utils/strapi';
import { parseQuery } from '../utils/query-params';
import { SyncInProgressError, validateSyncRequest } from '../services/sync';
import type { SyncRequest } from '../sync/run-types';
import { validationError } from '../utils/validation-error';
import { sendConflict } from '../utils/conflict';

const MAX_PAGE_SIZE = 100;
// Far beyond any history kept, and small enough that (page - 1) * pageSize stays a safe integer offset.
const MAX_PAGE = 1_000_000;

export default ({ strapi }: { strapi: Strapi }) => {
  const sync = () => pluginService(strapi, 'sync');

  return {
    /** POST /sync: 202 { id, status } at once, or with ?wait=true 200 and the finished run. */
    async run(ctx: Context) {
      const { wait } = parseQuery(ctx.query, { wait: { kind: 'boolean', default: false } });
      // Only the request's own fields reach the service: the test hook and the trigger are the caller's code's.
      const issues = validateSyncRequest(ctx.request.body);
      if (issues.length > 0) throw validationError(issues);
      const { mailboxes, resources, fromScratch } = (ctx.request.body ?? {}) as SyncRequest;
      const options = { mailboxes, resources, fromScratch, trigger: 'manual' as const };
      try {
        if (wait) {
          ctx.body = { data: await sync().run(options) };
        } else {
          ctx.status = 202;
          ctx.body = { data: await sync().start(options) };
        }
      } catch (error) {
        if (error instanceof SyncInProgressError) return sendConflict(ctx, error);
        throw error;
      }
    },

    async status(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await sync().status() };
    },

    async runs(ctx: Context) {
      const { page, pageSize } = parseQuery(ctx.query, {
        page: { kind: 'integer', min: 1, max: MAX_PAGE, default: 1 },
        pageSize: { kind: 'integer', min: 1, max: MAX_PAGE_SIZE, default: 10 },
      });
      const { runs, pagination } = await sync().runs({ page, pageSize });
      ctx.body = { data: runs, meta: { pagination } };
    },

    async getRun(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await sync().getRun(ctx.params.id) };
    },
  };
};
