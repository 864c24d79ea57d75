// The Strapi side of a resource: reads the synced entries of one mailbox and writes pulled changes in
// bulk through the query engine (one statement per kind of change), inside the caller's transaction.
//
// Entries made here are the same Strapi 5 documents the Document Service makes for a type without
// draft & publish: a documentId from the model's own generator, publishedAt set, createdAt/updatedAt
// from the engine's timestamps, no locale (the types are not localized), and the mailbox relation as a
// row in its link table. What it skips is the Document Service's per-entry pipeline (validation of
// admin input, lifecycle webhooks), which is why a page of 100 items costs a handful of statements.
import type { Strapi } from '../utils/strapi';
import { UID } from '../../../shared/plugin';
import { chunks, modelMeta, newDocumentId, query, transaction, type Row } from './db';

const IN_CHUNK = 500;

/** A local entry as the runner sees it: the adapter's fields plus identity and modification time. */
export type LocalEntry = Row & { id: number; documentId: string; updatedAt: string | null };

export interface LocalWrites {
  create: Array<{ key: string; data: Row }>;
  update: Array<{ key: string; id: number; data: Row }>;
  remove: Array<{ id: number }>;
}

export function emptyLocalWrites(): LocalWrites {
  return { create: [], update: [], remove: [] };
}

export function localWritesCount(writes: LocalWrites): number {
  return writes.create.length + writes.update.length + writes.remove.length;
}

export class LocalEntries {
  constructor(
    private readonly strapi: Strapi,
    private readonly uid: string,
    private readonly fields: readonly string[],
    private readonly mailboxId: number,
  ) {}

  private select(): string[] {
    return [...new Set(['id', 'documentId', 'updatedAt', ...this.fields])];
  }

  /**
   * Every entry of the mailbox, `pageSize` at a time in id order (one query a page, keyset on id): the
   * local side of a run's push phase, which so never holds a mailbox's entries, bodies and all, at once.
   * An entry created meanwhile has a higher id and comes in a later page or the next run.
   */
  async *pages(pageSize: number): AsyncGenerator<Map<string, LocalEntry>, void, void> {
    let after = 0;
    for (;;) {
      const rows = await query(this.strapi, this.uid).findMany({
        where: { mailbox: { id: this.mailboxId }, id: { $gt: after } },
        select: this.select(),
        orderBy: { id: 'asc' },
        limit: pageSize,
      });
      if (rows.length > 0) yield byDocumentId(rows);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.id);
    }
  }

  /** The given entries of the mailbox, read fresh (inside the page's transaction). */
  async find(documentIds: Iterable<string>): Promise<Map<string, LocalEntry>> {
    const ids = [...new Set(documentIds)];
    const found = new Map<string, LocalEntry>();
    for (const group of chunks(ids, IN_CHUNK)) {
      const rows = await query(this.strapi, this.uid).findMany({ where: { documentId: { $in: group }, mailbox: { id: this.mailboxId } }, select: this.select() });
      for (const [key, entry] of byDocumentId(rows)) found.set(key, entry);
    }
    return found;
  }

  /**
   * Which of the given entries still exist outside this mailbox (in another one, or in none since
   * their mailbox was removed): they left the mailbox, they were not deleted.
   */
  async elsewhere(documentIds: Iterable<string>): Promise<Set<string>> {
    const found = new Set<string>();
    const outside = { $or: [{ mailbox: { id: { $null: true } } }, { mailbox: { id: { $ne: this.mailboxId } } }] };
    for (const group of chunks([...new Set(documentIds)], IN_CHUNK)) {
      const rows = await query(this.strapi, this.uid).findMany({ where: { documentId: { $in: group }, ...outside }, select: ['documentId'] });
      for (const row of rows) found.add(String(row.documentId));
    }
    return found;
  }

  /**
   * Applies creates, updates and deletes, then reads the written entries back (one query) so the
   * caller hashes what the database really holds. Returns the written entries by the caller's key.
   */
  async apply(writes: LocalWrites): Promise<Map<string, LocalEntry>> {
    const written = new Map<string, LocalEntry>();
    if (localWritesCount(writes) === 0) return written;
    const meta = modelMeta(this.strapi, this.uid);
    const link = meta.attributes.mailbox?.joinTable;
    if (!link) throw new Error(`${this.uid} has no mailbox relation through a link table`);
    return transaction(this.strapi, async (trx) => {
      const now = new Date();
      const keyOfId = new Map<number, string>();

      const removeIds = writes.remove.map((r) => r.id);
      for (const ids of chunks(removeIds, IN_CHUNK)) {
        await trx(link.name).whereIn(link.joinColumn.name, ids).delete();
        await query(this.strapi, this.uid).deleteMany({ where: { id: { $in: ids } } });
      }

      for (const { key, id, data } of writes.update) {
        // Different values per row, so one UPDATE each; updateMany skips the engine's read-before and
        // read-after of update(). updatedAt is set here because updateMany does not touch it.
        await query(this.strapi, this.uid).updateMany({ where: { id }, data: { ...withoutIdentity(data), updatedAt: now } });
        keyOfId.set(id, key);
      }

      if (writes.create.length > 0) {
        const keyOfDocument = new Map<string, string>();
        const rows = writes.create.map(({ key, data }) => {
          const documentId = newDocumentId();
          keyOfDocument.set(documentId, key);
          return { ...withoutIdentity(data), documentId, publishedAt: now, createdAt: now, updatedAt: now };
        });
        for (const group of chunks(rows, IN_CHUNK)) await query(this.strapi, this.uid).createMany({ data: group });
        const created = await this.byDocumentIds([...keyOfDocument.keys()]);
        const linkRows = created.map((row) => ({
          [link.joinColumn.name]: row.id,
          [link.inverseJoinColumn.name]: this.mailboxId,
          ...(link.orderColumnName ? { [link.orderColumnName]: 1 } : {}),
          ...(link.inverseOrderColumnName ? { [link.inverseOrderColumnName]: 1 } : {}),
        }));
        for (const group of chunks(linkRows, 200)) await trx(link.name).insert(group);
        for (const row of created) written.set(keyOfDocument.get(row.documentId)!, row);
      }

      if (keyOfId.size > 0) {
        for (const ids of chunks([...keyOfId.keys()], IN_CHUNK)) {
          const rows = await query(this.strapi, this.uid).findMany({ where: { id: { $in: ids } }, select: this.select() });
          for (const row of rows) written.set(keyOfId.get(Number(row.id))!, row as LocalEntry);
        }
      }
      return written;
    });
  }

  private async byDocumentIds(documentIds: string[]): Promise<LocalEntry[]> {
    const out: LocalEntry[] = [];
    for (const group of chunks(documentIds, IN_CHUNK)) {
      out.push(...((await query(this.strapi, this.uid).findMany({ where: { documentId: { $in: group } }, select: this.select() })) as LocalEntry[]));
    }
    return out;
  }
}

function byDocumentId(rows: Row[]): Map<string, LocalEntry> {
  return new Map(rows.map((row) => [String(row.documentId), row as LocalEntry]));
}

/** The adapter's data must not set identity or bookkeeping columns. */
function withoutIdentity(data: Row): Row {
  const { id: _id, documentId: _documentId, mailbox: _mailbox, createdAt: _c, updatedAt: _u, publishedAt: _p, ...rest } = data;
  return rest;
}

export interface MailboxOutcome {
  lastError: string | null;
  attentionCode: string | null;
  failingSince: Date | null;
  resourceSyncedAt: Record<string, string>;
}

/** Stamps what a run found of a mailbox: lastSyncAt, lastError and the columns its health is read from. */
export async function recordMailboxOutcome(strapi: Strapi, mailboxId: number, outcome: MailboxOutcome): Promise<void> {
  // Not an edit of the mailbox, so updatedAt stays. In a transaction so a run's lease fence covers it.
  await transaction(strapi, () => query(strapi, UID.mailbox).updateMany({ where: { id: mailboxId }, data: { lastSyncAt: new Date(), ...outcome } }));
}
