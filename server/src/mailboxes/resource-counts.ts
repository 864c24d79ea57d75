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

/** Counts for every mailbox, or for the one given: one pass over the mappings, one over the quarantine. */
export async function resourceCounts(strapi: Strapi, mailbox?: string): Promise<CountsByPair> {
  const knex = strapi.db.connection;
  const byPair = (uid: string) => {
    const meta = modelMeta(strapi, uid);
    const col = (attribute: string) => columnName(meta, attribute);
    const q = knex(meta.tableName).select({ mailbox: col('mailbox'), resource: col('resource') }).groupBy(col('mailbox'), col('resource'));
    if (mailbox) q.where(col('mailbox'), mailbox);
    return { q, col };
  };
  const mappings = byPair(UID.syncMapping);
  const mappingRows = await mappings.q.select(
    knex.raw('SUM(CASE WHEN ?? IS NOT NULL AND ?? IS NOT NULL THEN 1 ELSE 0 END) AS items', [mappings.col('localId'), mappings.col('remoteId')]),
    knex.raw('SUM(CASE WHEN ?? = ? THEN 1 ELSE 0 END) AS held', [mappings.col('heldState'), 'held']),
  );
  const quarantineRows = await byPair(UID.syncQuarantine).q.count({ n: '*' });

  const counts: CountsByPair = new Map();
  const entry = (row: Record<string, unknown>) => {
    const key = pairKey(String(row.mailbox), String(row.resource));
    const found = counts.get(key) ?? { items: 0, quarantined: 0, heldDeletions: 0 };
    counts.set(key, found);
    return found;
  };
  for (const row of mappingRows as Array<Record<string, unknown>>) Object.assign(entry(row), { items: Number(row.items ?? 0), heldDeletions: Number(row.held ?? 0) });
  for (const row of quarantineRows as Array<Record<string, unknown>>) entry(row).quarantined = Number(row.n);
  return counts;
}
