// The subscription rows (content type sync-subscription): what the plugin subscribed on in Graph, and
// where a change notification is persisted before Graph gets its 202. A notification bumps the row's
// `notifyCount` and sets `dueSince` if unset; a run that read count N clears `dueSince` only if the
// count is still N, so a notification that arrives while its scope is being pulled is never lost.
import { UID } from '../../../shared/plugin';
import type { ResourceName } from '../../../shared/plugin';
import { columnName, modelMeta, query, type Row } from '../sync/db';
import type { Strapi } from '../utils/strapi';

export interface SubscriptionRow {
  id: number;
  mailbox: string;
  resource: ResourceName;
  scope: string;
  subscriptionId: string | null;
  graphResource: string;
  notificationUrl: string;
  clientStateSealed: string;
  expiresAt: Date | null;
  renewAt: Date | null;
  removed: boolean;
  dueSince: Date | null;
  notifyCount: number;
  lastError: string | null;
}

export type SubscriptionDraft = Omit<SubscriptionRow, 'id' | 'dueSince' | 'notifyCount'>;

const date = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));

function fromRow(row: Row): SubscriptionRow {
  return {
    id: Number(row.id),
    mailbox: String(row.mailbox),
    resource: row.resource as ResourceName,
    scope: String(row.scope ?? ''),
    subscriptionId: row.subscriptionId ?? null,
    graphResource: String(row.graphResource ?? ''),
    notificationUrl: String(row.notificationUrl ?? ''),
    clientStateSealed: String(row.clientStateSealed ?? ''),
    expiresAt: date(row.expiresAt),
    renewAt: date(row.renewAt),
    removed: Boolean(row.removed),
    dueSince: date(row.dueSince),
    notifyCount: Number(row.notifyCount ?? 0),
    lastError: row.lastError ?? null,
  };
}

const rows = (strapi: Strapi) => query(strapi, UID.syncSubscription);

export async function listSubscriptions(strapi: Strapi): Promise<SubscriptionRow[]> {
  return (await rows(strapi).findMany({ orderBy: { id: 'asc' } })).map(fromRow);
}

export async function subscriptionsByGraphId(strapi: Strapi, subscriptionIds: string[]): Promise<SubscriptionRow[]> {
  if (subscriptionIds.length === 0) return [];
  return (await rows(strapi).findMany({ where: { subscriptionId: { $in: subscriptionIds } } })).map(fromRow);
}

export async function insertSubscription(strapi: Strapi, draft: SubscriptionDraft): Promise<SubscriptionRow> {
  return fromRow(await rows(strapi).create({ data: { ...draft, notifyCount: 0 } }));
}

export async function updateSubscription(strapi: Strapi, id: number, patch: Partial<SubscriptionDraft>): Promise<void> {
  await rows(strapi).updateMany({ where: { id }, data: patch });
}

export async function deleteSubscription(strapi: Strapi, id: number): Promise<void> {
  await rows(strapi).deleteMany({ where: { id } });
}

/** Persists `count` notifications of one subscription: two statements, whatever the count. */
export async function markDue(strapi: Strapi, id: number, count: number, now = new Date()): Promise<void> {
  const meta = modelMeta(strapi, UID.syncSubscription);
  const knex = strapi.db.connection;
  const counter = columnName(meta, 'notifyCount');
  await knex(meta.tableName)
    .where(columnName(meta, 'id'), id)
    .update({ [counter]: knex.raw('COALESCE(??, 0) + ?', [counter, count]) });
  await rows(strapi).updateMany({ where: { id, dueSince: { $null: true } }, data: { dueSince: now } });
}

/** Rows waiting for a delta run; with `dueBefore`, only those due since before it. */
export async function dueSubscriptions(strapi: Strapi, dueBefore?: Date): Promise<SubscriptionRow[]> {
  const where = dueBefore ? { dueSince: { $notNull: true, $lte: dueBefore } } : { dueSince: { $notNull: true } };
  return (await rows(strapi).findMany({ where, orderBy: { dueSince: 'asc' } })).map(fromRow);
}

/** Ends a row's wait if no notification came since the run read `notifyCount`; false when one did. */
export async function clearDue(strapi: Strapi, id: number, notifyCount: number): Promise<boolean> {
  const { count } = await rows(strapi).updateMany({ where: { id, notifyCount }, data: { dueSince: null } });
  return count > 0;
}
