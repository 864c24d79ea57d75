import type { Context } from 'koa';
import type { QuarantineGroup } from '../../../shared/api';
import { listQuarantined } from '../sync/quarantine';
import { parseQuery } from '../utils/query-params';
import type { Strapi } from '../utils/strapi';

/** Items listed per mailbox; `count` says how many there are in all. */
const LISTED_ITEMS = 200;

export default ({ strapi }: { strapi: Strapi }) => ({
  /** GET /quarantine: the items kept aside because they cannot be synced as they stand, by mailbox. */
  async list(ctx: Context) {
    parseQuery(ctx.query, {});
    const groups = new Map<string, QuarantineGroup>();
    for (const { mailbox, firstFailedAt, lastFailedAt, ...item } of await listQuarantined(strapi)) {
      const group = groups.get(mailbox) ?? { mailbox, count: 0, items: [] };
      group.count++;
      if (group.items.length < LISTED_ITEMS) group.items.push({ ...item, firstFailedAt: firstFailedAt.toISOString(), lastFailedAt: lastFailedAt.toISOString() });
      groups.set(mailbox, group);
    }
    ctx.body = { data: [...groups.values()] };
  },
});
