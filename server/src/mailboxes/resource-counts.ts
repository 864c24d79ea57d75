// What each mailbox × resource holds, for its health: items linked on both sides, quarantined items,
// held deletions. One grouped query per table, whatever the number of mailboxes.
import { UID } from '../../../shared/plugin';
import type { ResourceName } from '../../../shared/plugin';
import { columnName, modelMeta } from '../sync/db';
import type { Strapi } from '../utils/strapi';

export interface ResourceCounts {
  items: number;
  quarantined: number;
  heldDeletions: number;
}

export type CountsByPair = Map<string, ResourceCounts>;

export const pairKey = (mailbox: string, resource: ResourceName | string): string => `${mailbox}\u0000${resource}`;

/** Counts for every mailbox, or for the one given. */
export async function resourceCounts(strapi: Strapi, mailbox?: string): Promise<CountsByPair> {
  const counts: CountsByPair = new Map();
  const add = (rows: Array<Record<string, unknown>>, field: keyof ResourceCounts) => {
    for (const row of rows) {
      const key = pairKey(String(row.mailbox), String(row.resource));
      const entry = counts.get(key) ?? { items: 0, quarantined: 0, heldDeletions: 0 };
      entry[field] = Number(row.n);
      counts.set(key, entry);
    }
  };
  const grouped = (uid: string) => {
    const meta = modelMeta(strapi, uid);
    const col = (attribute: string) => columnName(meta, attribute);
    const q = strapi.db.connection(meta.tableName).select({ mailbox: col('mailbox'), resource: col('resource') }).count({ n: '*' }).groupBy(col('mailbox'), col('resource'));
    if (mailbox) q.where(col('mailbox'), mailbox);
    return { q, col };
  };
  const linked = grouped(UID.syncMapping);
  add(await linked.q.whereNotNull(linked.col('localId')).whereNotNull(linked.col('remoteId')), 'items');
  const held = grouped(UID.syncMapping);
  add(await held.q.where(held.col('heldState'), 'held'), 'heldDeletions');
  add(await grouped(UID.syncQuarantine).q, 'quarantined');
  return counts;
}
