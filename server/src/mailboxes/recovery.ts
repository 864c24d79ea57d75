// The two recovery tools that end a mailbox's sync (README "Recovery tools"), each in one transaction
// so no crash leaves a mailbox half unlinked:
//   unlink: forget its cursors, mappings and quarantine and detach its entries; they stay in Strapi.
//   purge:  the same, but its entries are deleted in Strapi. Nothing is ever deleted in Microsoft 365.
// Both switch the mailbox off. Left on, the next run would read every Outlook item again with no
// mapping to match it to: an unlinked mailbox would get a second copy of each entry, a purged one its
// data back. Entries keep no link to the mailbox either: a push sends every entry of a mailbox that
// has no mapping as a new item, so a mailbox switched on again would copy each one into Outlook twice.
import { RESOURCES, RESOURCE_UID, UID, type ResourceName } from '../../../shared/plugin';
import type { RecoveryTool, StoredMailbox } from '../../../shared/api';
import { chunks, modelMeta, query, transaction } from '../sync/db';
import type { Strapi } from '../utils/strapi';

export type { RecoveryTool };

const IN_CHUNK = 500;

/** What the tool did to one resource's entries: detached (unlink) or deleted (purge). */
export interface RecoveryCount {
  resource: ResourceName;
  entries: number;
}

export async function applyRecoveryTool(strapi: Strapi, mailbox: StoredMailbox, tool: RecoveryTool): Promise<RecoveryCount[]> {
  return transaction(strapi, async (trx) => {
    const counts: RecoveryCount[] = [];
    for (const resource of RESOURCES) {
      const uid = RESOURCE_UID[resource];
      const link = modelMeta(strapi, uid).attributes.mailbox?.joinTable;
      if (!link) throw new Error(`${uid} has no mailbox relation through a link table`);
      const ids: number[] = (await trx(link.name).where(link.inverseJoinColumn.name, mailbox.id).select(link.joinColumn.name)).map(
        (row: Record<string, unknown>) => Number(row[link.joinColumn.name]),
      );
      await trx(link.name).where(link.inverseJoinColumn.name, mailbox.id).delete();
      if (tool === 'purge') for (const group of chunks(ids, IN_CHUNK)) await query(strapi, uid).deleteMany({ where: { id: { $in: group } } });
      counts.push({ resource, entries: ids.length });
    }
    const where = { mailbox: mailbox.address };
    await query(strapi, UID.syncState).deleteMany({ where });
    await query(strapi, UID.syncMapping).deleteMany({ where });
    await query(strapi, UID.syncQuarantine).deleteMany({ where });
    // What the runner recorded described a sync that no longer exists.
    await query(strapi, UID.mailbox).updateMany({
      where: { id: mailbox.id },
      data: { enabled: false, lastError: null, failingSince: null, attentionCode: null, resourceSyncedAt: null },
    });
    return counts;
  });
}
