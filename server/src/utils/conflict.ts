import type { Context } from 'koa';

/** 409 in Strapi's error shape: its error middleware knows no conflict error of its own. */
export function sendConflict(ctx: Context, error: Error): void {
  ctx.status = 409;
  ctx.body = { data: null, error: { status: 409, name: error.name, message: error.message, details: {} } };
}
