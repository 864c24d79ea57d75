// The local side over a host app's own content type (a content mapping): its entries are read and
// written through the Document Service, so the host's lifecycles, webhooks and validation run as for
// an editor's change (unlike the plugin's own types, written in bulk: local-entries.ts). One call per
// written entry; the bookkeeping is the plugin's as for every local side (strapi-local.ts).
//
// Scope: the entries of the mailbox (the whole type for a mapping of one mailbox, else those whose
// mailbox attribute names it), inside the mapping's filter, in its locale, and published when the type
// has Draft & Publish. An entry outside it that still exists left the scope: the engine keeps its link
// and leaves the item alone on both sides until the entry is back (parksEntriesThatLeave), so an entry
// unpublished and published again is the same Outlook item, never a second. Unpublishing is such a
// leave unless the mapping says unpublishDeletes.
import type { MailboxSource } from '../../../../shared/content-mappings';
import type { Strapi } from '../../utils/strapi';
import { chunks, query, type Row } from '../db';
import type { LocalEntry, LocalWrites } from '../local-entries';
import { localWritesCount } from '../local-entries';
import { attributeAtFault } from '../quarantine';
import type { ResourceName } from '../resources/types';
import { strapiBookkeeping } from './strapi-local';
import type { LocalSide } from './types';

const IN_CHUNK = 200;

export interface HostScope {
  uid: string;
  resource: ResourceName;
  /** Attributes the adapter reads. */
  attributes: readonly string[];
  mailbox: MailboxSource;
  /** How the mailbox attribute holds the mailbox: a relation to the plugin's mailbox, or its address. */
  mailboxAttributeKind: 'relation' | 'address' | null;
  filters: Record<string, unknown> | null;
  locale: string | null;
  draftAndPublish: boolean;
  unpublishDeletes: boolean;
}

interface DocumentsApi {
  findMany(params: Row): Promise<Row[]>;
  create(params: Row): Promise<Row | null>;
  update(params: Row): Promise<Row | null>;
  delete(params: Row): Promise<unknown>;
}

export function documentLocal(strapi: Strapi, host: HostScope, mailbox: { id: number; address: string; documentId: string }): LocalSide {
  const documents = () => (strapi.documents as unknown as (uid: string) => DocumentsApi)(host.uid);
  const locale = host.locale ? { locale: host.locale } : {};
  const status = host.draftAndPublish ? { status: 'published' } : {};
  const fields = [...new Set(['updatedAt', ...host.attributes])];

  const mailboxFilter: Row | null =
    'address' in host.mailbox
      ? null
      : host.mailboxAttributeKind === 'relation'
        ? { [host.mailbox.attribute]: { id: { $eq: mailbox.id } } }
        : { [host.mailbox.attribute]: { $eqi: mailbox.address } };
  const scopeFilter = (extra?: Row): Row => ({ $and: [host.filters ?? {}, mailboxFilter ?? {}, extra ?? {}] });
  const mailboxData = (): Row =>
    'address' in host.mailbox ? {} : { [host.mailbox.attribute]: host.mailboxAttributeKind === 'relation' ? mailbox.documentId : mailbox.address };

  // The Document Service writes by documentId; the engine's writes name the row id it read.
  const documentIdOf = new Map<number, string>();
  const remember = (rows: Row[]): Map<string, LocalEntry> => {
    const byDocument = new Map<string, LocalEntry>();
    for (const row of rows) {
      documentIdOf.set(Number(row.id), String(row.documentId));
      byDocument.set(String(row.documentId), row as LocalEntry);
    }
    return byDocument;
  };
  const read = async (filters: Row, extra: Row = {}) => documents().findMany({ filters, fields, ...status, ...locale, ...extra });

  async function readByDocumentIds(ids: readonly string[], inScope: boolean): Promise<Map<string, LocalEntry>> {
    const found = new Map<string, LocalEntry>();
    for (const group of chunks([...new Set(ids)], IN_CHUNK)) {
      const filters = inScope ? scopeFilter({ documentId: { $in: group } }) : { documentId: { $in: group } };
      for (const [key, entry] of remember(await read(filters, { limit: group.length }))) found.set(key, entry);
    }
    return found;
  }

  return {
    parksEntriesThatLeave: true,
    async *pages(pageSize) {
      let after = 0;
      for (;;) {
        const rows = await read(scopeFilter({ id: { $gt: after } }), { sort: [{ id: 'asc' }], limit: pageSize });
        if (rows.length > 0) yield remember(rows);
        if (rows.length < pageSize) return;
        after = Number(rows[rows.length - 1]!.id);
      }
    },
    find: (ids) => readByDocumentIds([...ids], true),
    async elsewhere(ids) {
      // Any version in the locale (a draft of an unpublished entry, an entry outside the filter or of another mailbox).
      const found = new Set<string>();
      for (const group of chunks([...new Set(ids)], IN_CHUNK)) {
        const where: Row = { documentId: { $in: group }, ...locale };
        if (host.draftAndPublish && host.unpublishDeletes) where.publishedAt = { $notNull: true };
        for (const row of await query(strapi, host.uid).findMany({ where, select: ['documentId'] })) found.add(String(row.documentId));
      }
      return found;
    },
    async apply(writes: LocalWrites) {
      const written = new Map<string, LocalEntry>();
      if (localWritesCount(writes) === 0) return written;
      const keyOfDocument = new Map<string, string>();
      for (const { id } of writes.remove) {
        const documentId = documentIdOf.get(id) ?? (await documentIdById(strapi, host.uid, id));
        if (documentId) await documents().delete({ documentId, ...locale });
      }
      for (const { key, id, data } of writes.update) {
        const documentId = documentIdOf.get(id) ?? (await documentIdById(strapi, host.uid, id));
        if (!documentId) continue;
        await documents().update({ documentId, data, ...locale, ...status });
        keyOfDocument.set(documentId, key);
      }
      for (const { key, data } of writes.create) {
        const created = await documents().create({ data: { ...createdInScope(host.filters), ...data, ...mailboxData() }, ...locale, ...status });
        if (created?.documentId) keyOfDocument.set(String(created.documentId), key);
      }
      // Read back as stored (a publish makes a new row), whether or not the entry fits the filter.
      for (const [documentId, entry] of await readByDocumentIds([...keyOfDocument.keys()], false)) written.set(keyOfDocument.get(documentId)!, entry);
      return written;
    },
    async withValues(attribute, values) {
      const found: Array<{ documentId: string; value: string }> = [];
      for (const group of chunks([...values], IN_CHUNK)) {
        for (const row of await read(scopeFilter({ [attribute]: { $in: group } }), { fields: [attribute] })) found.push({ documentId: String(row.documentId), value: String(row[attribute]) });
      }
      return found;
    },
    attributeAtFault: (data) => attributeAtFault(strapi, host.uid, data),
    ...strapiBookkeeping(strapi, host.resource, mailbox.address),
  };
}

async function documentIdById(strapi: Strapi, uid: string, id: number): Promise<string | null> {
  const row = await query(strapi, uid).findOne({ where: { id }, select: ['documentId'] });
  return row ? String(row.documentId) : null;
}

/**
 * Values an entry made from Microsoft's item takes so that it lands inside the filter: the filter's
 * top-level equalities ({ category: 'public' } or { category: { $eq: 'public' } }).
 */
export function createdInScope(filters: Record<string, unknown> | null): Row {
  const data: Row = {};
  for (const [attribute, condition] of Object.entries(filters ?? {})) {
    if (attribute.startsWith('$')) continue;
    if (condition === null || typeof condition !== 'object') data[attribute] = condition;
    else if ('$eq' in condition && Object.keys(condition).length === 1) data[attribute] = (condition as { $eq: unknown }).$eq;
  }
  return data;
}
