import type { Context } from 'koa';
import { pluginService, type Strapi } from '../utils/strapi';
import type { NotificationKind } from '../services/notifications';

/** Graph's validation tokens are short opaque strings; anything longer is not Graph's. */
const MAX_TOKEN_LENGTH = 1024;

/**
 * The public notification endpoint (content API, no admin JWT; README "Live updates"). Graph validates
 * the URL by posting `?validationToken=…`, which is echoed as text/plain; notifications are answered
 * 202 once persisted, whatever they held, so nothing tells a stranger which were accepted.
 */
const receiver = (strapi: Strapi, kind: NotificationKind) => async (ctx: Context) => {
  const notifications = pluginService(strapi, 'notifications');
  if (!notifications.enabled()) return ctx.notFound();
  const token = ctx.query.validationToken;
  if (typeof token === 'string') {
    if (token.length > MAX_TOKEN_LENGTH) return ctx.badRequest();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = 'text/plain';
    ctx.status = 200;
    ctx.body = token;
    return;
  }
  await notifications.receive(ctx.request.body, kind);
  ctx.status = 202;
  ctx.body = '';
};

export default ({ strapi }: { strapi: Strapi }) => ({
  change: receiver(strapi, 'change'),
  lifecycle: receiver(strapi, 'lifecycle'),
});
