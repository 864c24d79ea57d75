// The local side over Strapi: the resource's entries through the query engine in bulk (local-entries.ts),
// the sync's own tables (store.ts, quarantine rows), fenced transactions (db.ts) and the event hub.
import { UID } from '../../../../shared/plugin';
import type { Strapi } from '../../utils/strapi';
import { query, transaction } from '../db';
import { LocalEntries } from '../local-entries';
import { attributeAtFault, loadQuarantine } from '../quarantine';
import type { ResourceAdapter, ResourceName } from '../resources/types';
import { loadCursors, loadMappings, saveCursor, saveMappings } from '../store';
import type { LocalSide } from './types';

export function strapiLocal(strapi: Strapi, adapter: Pick<ResourceAdapter, 'uid' | 'localFields' | 'resource'>, mailbox: { id: number; address: string }): LocalSide {
  const entries = new LocalEntries(strapi, adapter.uid, adapter.localFields, mailbox.id);
  return {
    pages: (pageSize) => entries.pages(pageSize),
    find: (ids) => entries.find(ids),
    elsewhere: (ids) => entries.elsewhere(ids),
    apply: (writes) => entries.apply(writes),
    async withValues(attribute, values) {
      const found: Array<{ documentId: string; value: string }> = [];
      for (let i = 0; i < values.length; i += 500) {
        const rows = await query(strapi, adapter.uid).findMany({ where: { mailbox: { id: mailbox.id }, [attribute]: { $in: values.slice(i, i + 500) } }, select: ['documentId', attribute] });
        for (const row of rows) found.push({ documentId: String(row.documentId), value: String(row[attribute]) });
      }
      return found;
    },
    attributeAtFault: (data) => attributeAtFault(strapi, adapter.uid, data),
    ...strapiBookkeeping(strapi, adapter.resource, mailbox.address),
  };
}

/** What a LocalSide keeps besides the entries: the sync's own tables, fenced transactions, the event hub. Shared by every local side over Strapi. */
export type Bookkeeping = Omit<LocalSide, 'pages' | 'find' | 'elsewhere' | 'apply' | 'withValues' | 'attributeAtFault'>;

export function strapiBookkeeping(strapi: Strapi, resource: ResourceName, address: string): Bookkeeping {
  const quarantineRows = () => query(strapi, UID.syncQuarantine);
  return {
    loadMappings: () => loadMappings(strapi, address, resource),
    saveMappings: (changes) => saveMappings(strapi, changes),
    loadCursors: () => loadCursors(strapi, address, resource),
    saveCursor: (cursor) => saveCursor(strapi, cursor),
    loadQuarantine: () => loadQuarantine(strapi, address, resource),
    async saveQuarantine({ remove, update, create }) {
      const rows = quarantineRows();
      const now = new Date();
      if (remove.length > 0) await rows.deleteMany({ where: { id: { $in: remove.map((item) => item.id) } } });
      for (const item of update) {
        const { scope, remoteId, localId, field, code, reason, lastFailedAt, attempts } = item;
        await rows.updateMany({ where: { id: item.id }, data: { scope, remoteId, localId, field, code, reason, lastFailedAt, attempts, updatedAt: now } });
      }
      const ids: number[] = [];
      for (const item of create) {
        const { scope, remoteId, localId, field, code, reason, lastFailedAt, firstFailedAt, attempts, side } = item;
        const data = { scope, remoteId, localId, field, code, reason, lastFailedAt, mailbox: item.mailbox, resource: item.resource, side, attempts, firstFailedAt, publishedAt: now };
        ids.push(Number((await rows.create({ data, select: ['id'] })).id));
      }
      return ids;
    },

    transaction: (work) => transaction(strapi, () => work()),
    announce: async (event, entry) => void (await strapi.eventHub.emit(event, entry)),
    warn: (message) => strapi.log.warn(message),
  };
}
