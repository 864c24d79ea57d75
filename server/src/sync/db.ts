// Thin typed access to Strapi's query engine and knex for the sync store. The plugin's UIDs are not in
// the host app's generated types, so the engine is typed here once instead of cast at every call.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Strapi } from '../utils/strapi';
import { Mutex } from './concurrency';
import { checkFence, currentFence } from './fence';

export type Row = Record<string, any>;

export interface QueryApi {
  findOne(params: Row): Promise<Row | null>;
  findMany(params?: Row): Promise<Row[]>;
  count(params?: Row): Promise<number>;
  create(params: Row): Promise<Row>;
  createMany(params: { data: Row[] }): Promise<{ count: number; ids: Array<number | string> }>;
  update(params: Row): Promise<Row | null>;
  updateMany(params: Row): Promise<{ count: number }>;
  delete(params: Row): Promise<Row | null>;
  deleteMany(params: Row): Promise<{ count: number }>;
}

export function query(strapi: Strapi, uid: string): QueryApi {
  return strapi.db.query(uid as never) as unknown as QueryApi;
}

/** Metadata of a model as the query engine sees it (table, column names, join tables). */
export interface ModelMeta {
  tableName: string;
  attributes: Record<string, { type: string; columnName?: string; default?: unknown; joinTable?: JoinTableMeta }>;
}

export interface JoinTableMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

export function modelMeta(strapi: Strapi, uid: string): ModelMeta {
  return strapi.db.metadata.get(uid as never) as unknown as ModelMeta;
}

export function columnName(meta: ModelMeta, attribute: string): string {
  return meta.attributes[attribute]?.columnName ?? attribute;
}

/**
 * Runs `work` in a database transaction and hands it the knex transaction. Nested calls join the
 * outer transaction (Strapi keeps it in async context), so the query engine's own calls inside
 * `work` are part of it too.
 *
 * Outermost transactions of the sync engine run one at a time per Strapi instance. Mailboxes sync
 * concurrently, but their writes gain nothing from overlapping (SQLite has one connection; the work
 * is JavaScript on one thread), and one at a time rules out lock waits and deadlocks between our own
 * transactions on PostgreSQL and MySQL (gap locks of a link-table delete against another mailbox's
 * insert). Nothing inside a transaction may wait for another one: the lock is taken before the
 * transaction, never inside it, and a nested call joins without taking it again.
 *
 * Inside a sync run, an outermost transaction first checks the run's lease fence (fence.ts): once
 * another process holds the lease, the transaction writes nothing.
 */
export function transaction<T>(strapi: Strapi, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (strapi.db.inTransaction()) return strapi.db.transaction(({ trx }) => work(trx as Knex.Transaction)) as Promise<T>;
  const fence = currentFence();
  const run = () =>
    strapi.db.transaction(async ({ trx }) => {
      if (fence) await checkFence(strapi, trx as Knex.Transaction, fence);
      return work(trx as Knex.Transaction);
    }) as Promise<T>;
  return writeLockOf(strapi).exclusive(run);
}

const writeLocks = new WeakMap<object, Mutex>();

function writeLockOf(strapi: Strapi): Mutex {
  let lock = writeLocks.get(strapi);
  if (!lock) writeLocks.set(strapi, (lock = new Mutex()));
  return lock;
}

/** Splits a list for IN (...) clauses and multi-row inserts (SQLite allows 999 bound variables by default). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A new Strapi 5 documentId, shaped like the Document Service's (cuid2: 24 lowercase letters and
 * digits, starting with a letter). Drawn straight from the CSPRNG: cuid2's hashing cost ~25 µs an id,
 * a tenth of a bulk page store; uniqueness needs only the 120-odd random bits.
 */
export function newDocumentId(): string {
  if (randomOffset + DOCUMENT_ID_LENGTH > randomPool.length) {
    randomPool = randomBytes(DOCUMENT_ID_LENGTH * 256);
    randomOffset = 0;
  }
  const at = randomOffset;
  randomOffset += DOCUMENT_ID_LENGTH;
  let id = ID_ALPHABET[randomPool[at]! % 26]!;
  for (let i = 1; i < DOCUMENT_ID_LENGTH; i++) id += ID_ALPHABET[randomPool[at + i]! % 36]!;
  return id;
}

const DOCUMENT_ID_LENGTH = 24;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// Random bytes are drawn 256 ids at a time; every byte is used once.
let randomPool = Buffer.alloc(0);
let randomOffset = 0;
