import type { Context } from 'koa';
import { pluginService, type Strapi } from '../utils/strapi';
import { parseQuery, query } from '../utils/query-params';
import { SyncInProgressError, validateSyncRequest } from '../services/sync';
import type { SyncRequest } from '../sync/run-types';
import { RUN_ACTIONS, RUN_STATUSES, TRIGGERS } from '../../../shared/api';
import { validationError } from '../utils/validation-error';
import { sendConflict } from '../utils/conflict';

const MAX_PAGE_SIZE = 100;
// Far beyond any history kept, and small enough that (page - 1) * pageSize stays a safe integer offset.
const MAX_PAGE = 1_000_000;

export default ({ strapi }: { strapi: Strapi }) => {
  const sync = () => pluginService(strapi, 'sync');

  async function recover(ctx: Context, tool: 'unlink' | 'purge'): Promise<void> {
    parseQuery(ctx.query, {});
    // The tools take no options: a body would be a request for something they do not do.
    const body: unknown = ctx.request.body;
    if (body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body).length === 0)) {
      throw validationError([{ path: [], message: `${tool} takes no request body` }]);
    }
    try {
      ctx.body = { data: await sync()[tool](ctx.params.documentId, { trigger: 'manual' }) };
    } catch (error) {
      if (error instanceof SyncInProgressError) return sendConflict(ctx, error);
      throw error;
    }
  }

  return {
    /** POST /sync: 202 { id, status } at once, or with ?wait=true 200 and the finished run. */
    async run(ctx: Context) {
      const { wait } = parseQuery(ctx.query, { wait: query.boolean(false) });
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
      const filters = parseQuery(ctx.query, {
        page: query.integer({ min: 1, max: MAX_PAGE }, 1),
        pageSize: query.integer({ min: 1, max: MAX_PAGE_SIZE }, 10),
        mailbox: query.text(254),
        status: query.oneOf(RUN_STATUSES),
        trigger: query.oneOf(TRIGGERS),
        action: query.oneOf(RUN_ACTIONS),
      });
      const { runs, pagination } = await sync().runs(filters);
      ctx.body = { data: runs, meta: { pagination } };
    },

    async getRun(ctx: Context) {
      parseQuery(ctx.query, {});
      ctx.body = { data: await sync().getRun(ctx.params.id) };
    },

    /** POST /mailboxes/:documentId/unlink and /purge: 200 with the finished run; 409 while another run holds the lease. */
    async unlink(ctx: Context) {
      await recover(ctx, 'unlink');
    },

    async purge(ctx: Context) {
      await recover(ctx, 'purge');
    },
  };
};
