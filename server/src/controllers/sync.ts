import type { Context } from 'koa';
import { pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';
import type syncService from '../services/sync';
import { SyncInProgressError } from '../services/sync';

type SyncService = ReturnType<typeof syncService>;

const MAX_PAGE_SIZE = 100;

function positiveInteger(value: unknown, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

export default ({ strapi }: { strapi: Strapi }) => {
  const sync = () => pluginService<SyncService>(strapi, 'sync');

  /** 409 in Strapi's error shape: its error middleware knows no conflict error of its own. */
  function conflict(ctx: Context, error: SyncInProgressError) {
    ctx.status = 409;
    ctx.body = { data: null, error: { status: 409, name: error.name, message: error.message, details: {} } };
  }

  return {
    /** POST /sync: 202 { id, status } at once, or with ?wait=true 200 and the finished run. */
    async run(ctx: Context) {
      const body = ctx.request.body ?? {};
      const wait = ['true', '1'].includes(String(ctx.query.wait ?? '').toLowerCase());
      try {
        if (wait) {
          ctx.body = { data: await sync().run({ ...(body as object), trigger: 'manual' }) };
        } else {
          ctx.status = 202;
          ctx.body = { data: await sync().start({ ...(body as object), trigger: 'manual' }) };
        }
      } catch (error) {
        if (error instanceof SyncInProgressError) return conflict(ctx, error);
        throw error;
      }
    },

    async status(ctx: Context) {
      ctx.body = { data: await sync().status() };
    },

    async runs(ctx: Context) {
      const page = positiveInteger(ctx.query.page, 1);
      const pageSize = positiveInteger(ctx.query.pageSize, 10);
      const issues = [];
      if (page === null) issues.push({ path: ['page'], message: 'Must be a positive whole number' });
      if (pageSize === null || pageSize > MAX_PAGE_SIZE) issues.push({ path: ['pageSize'], message: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
      if (issues.length > 0) throw validationError(issues);
      const { runs, pagination } = await sync().runs({ page: page!, pageSize: pageSize! });
      ctx.body = { data: runs, meta: { pagination } };
    },

    async getRun(ctx: Context) {
      ctx.body = { data: await sync().getRun(ctx.params.id) };
    },
  };
};
