// A named lease in the database: one holder at a time across every Strapi process that shares it.
//
// Every decision is one conditional UPDATE whose affected-row count says whether we won, so two
// processes can never both succeed (SQLite, PostgreSQL and MariaDB/MySQL all serialise writes to a
// row). Time comes from the database's clock, inside the same statement: processes on different
// hosts with skewed clocks then agree on when a lease expires, and no process can take over early
// because its own clock runs fast. (For SQLite the "database clock" is this host's clock, which is
// the only one involved.)
//
// Call acquire/release outside database transactions: they use their own connection, and on SQLite
// the pool has a single one, so a lease call awaited inside a transaction would wait for itself.
import { safeLogMessage } from './safe-errors';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Strapi } from '../utils/strapi';
import { UID } from '../../../shared/plugin';

/** The lease a sync run holds: `sync.run()` takes it, a tick that finds it held does nothing. */
export const SYNC_LEASE_NAME = 'sync';
/** Held by the scheduler while it decides whether a run is due and runs it, so two processes' ticks
 *  cannot both see "due" and start two runs back to back. */
export const SCHEDULER_LEASE_NAME = 'scheduler';

const LEASE_UID = UID.syncLease;

export interface LeaseOptions {
  name: string;
  /** How long the lease lives without a renewal. */
  ttlMs: number;
  /** Who holds it; defaults to host:pid:random, unique per lease object. */
  holder?: string;
  /** Renew every ttl/3 while held (default true). */
  autoRenew?: boolean;
  /** Called once when an automatic renewal finds the lease lost (taken over, or unreachable past its ttl). */
  onLost?: (reason: string) => void;
}

export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** True while this object believes it holds the lease (acquired, renewed, not released or lost). */
  readonly held: boolean;
  /** Takes the lease if free, expired or already ours; true when we hold it afterwards. */
  acquire(): Promise<boolean>;
  /** Extends our hold by ttl; false when we no longer hold it (then we stop renewing). */
  renew(): Promise<boolean>;
  /** Gives it up if we hold it; a no-op otherwise. */
  release(): Promise<void>;
}

export interface LeaseTable {
  table: string;
  documentId: string;
  name: string;
  holder: string;
  expiresAt: string;
}

type Dialect = 'postgres' | 'mysql' | 'sqlite';

/** Milliseconds since the epoch by the database server's clock, as an integer SQL expression. */
function databaseNowMs(dialect: Dialect): string {
  switch (dialect) {
    case 'postgres':
      return 'CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)';
    case 'mysql':
      // UTC_TIMESTAMP avoids the session time zone (and its DST fold).
      return "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000)";
    case 'sqlite':
      return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  }
}

function dialectOf(strapi: Strapi): Dialect {
  const client = (strapi.db.dialect as unknown as { client: string }).client;
  if (client === 'postgres' || client === 'mysql' || client === 'sqlite') return client;
  throw new Error(`microsoft-365 lease: unsupported database client ${client}`);
}

export function leaseTable(strapi: Strapi): LeaseTable {
  const meta = strapi.db.metadata.get(LEASE_UID) as unknown as {
    tableName: string;
    attributes: Record<string, { columnName?: string }>;
  };
  const column = (attribute: string, fallback: string) => meta.attributes[attribute]?.columnName ?? fallback;
  return {
    table: meta.tableName,
    documentId: column('documentId', 'document_id'),
    name: column('name', 'name'),
    holder: column('holder', 'holder'),
    expiresAt: column('expiresAt', 'expires_at'),
  };
}

// The lease statements run on the plain connection, never inside a caller's transaction: a lease
// must be visible to other processes at once and survive the caller's rollback.
const query = (strapi: Strapi, t: LeaseTable) => strapi.db.getConnection(t.table);

/** Makes sure the row for `name` exists; when two processes create it at once, the unique index keeps one. */
async function ensureRow(strapi: Strapi, t: LeaseTable, name: string): Promise<void> {
  const existing = await query(strapi, t).where(t.name, name).first(t.name);
  if (existing) return;
  // Plain knex rather than the query engine: the engine would join a transaction the caller may have
  // open (its rollback would drop the row, and on PostgreSQL a duplicate would abort that transaction).
  // The row is internal: a documentId so it is well-formed, no timestamps.
  await query(strapi, t)
    .insert({ [t.documentId]: newDocumentId(), [t.name]: name, [t.holder]: null, [t.expiresAt]: null })
    .onConflict(t.name)
    .ignore();
}

/** Shaped like Strapi's document ids (24 lowercase letters and digits, starting with a letter). */
function newDocumentId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  return Array.from(bytes, (byte, i) => alphabet[byte % (i === 0 ? 26 : 36)]).join('');
}

/** Processes' lease objects with a renewal timer, so destroy can stop them before the pool closes. */
const renewing = new WeakMap<Strapi, Set<{ stopRenewing(): void }>>();

export function stopLeaseRenewals(strapi: Strapi): void {
  for (const lease of renewing.get(strapi) ?? []) lease.stopRenewing();
  renewing.delete(strapi);
}

export function createLease(strapi: Strapi, options: LeaseOptions): Lease {
  const { name, ttlMs } = options;
  if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new Error('microsoft-365 lease: ttlMs must be a positive integer');
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const autoRenew = options.autoRenew ?? true;
  const dialect = dialectOf(strapi);
  const t = leaseTable(strapi);
  const knex = strapi.db.connection;
  const now = () => knex.raw(databaseNowMs(dialect));
  const expiry = () => knex.raw(`${databaseNowMs(dialect)} + ?`, [ttlMs]);

  let held = false;
  let rowExists = false;
  let released = false;
  let timer: NodeJS.Timeout | null = null;
  // When a renewal last succeeded, by this process's clock: only used to decide, while the database
  // is unreachable, that our hold has surely lapsed.
  let confirmedAt = 0;

  const self = {
    stopRenewing() {
      if (timer) clearInterval(timer);
      timer = null;
      renewing.get(strapi)?.delete(self);
    },
  };

  function lost(reason: string) {
    // A renewal that was in flight when we released is no loss.
    if (released) return;
    held = false;
    self.stopRenewing();
    options.onLost?.(reason);
  }

  function startRenewing() {
    if (!autoRenew || timer) return;
    let renewalInFlight = false;
    timer = setInterval(() => {
      // A renewal slower than ttl/3 must not pile up behind itself.
      if (renewalInFlight) return;
      renewalInFlight = true;
      lease
        .renew()
        .finally(() => {
          renewalInFlight = false;
        })
        .then(
          (ok) => {
            if (!ok) lost('the lease was taken over or released elsewhere');
          },
          (error: unknown) => {
            strapi.log.warn(`[microsoft-365] could not renew the ${name} lease: ${safeLogMessage(error)}`);
            if (Date.now() - confirmedAt >= ttlMs) lost('the database was unreachable for longer than the lease ttl');
          },
        );
    }, Math.max(1, Math.floor(ttlMs / 3)));
    // A renewal timer must not keep a finished process alive.
    timer.unref();
    if (!renewing.has(strapi)) renewing.set(strapi, new Set());
    renewing.get(strapi)!.add(self);
  }

  const lease: Lease = {
    name,
    holder,
    get held() {
      return held;
    },

    async acquire() {
      if (!rowExists) await ensureRow(strapi, t, name);
      rowExists = true;
      const startedAt = Date.now();
      // The affected-row count is the answer (mysql2 reports matched rows, so re-taking our own
      // lease within the same millisecond still counts as 1).
      const count = await query(strapi, t)
        .where(t.name, name)
        .andWhere((where) => where.whereNull(t.holder).orWhere(t.holder, holder).orWhereNull(t.expiresAt).orWhere(t.expiresAt, '<', now()))
        .update({ [t.holder]: holder, [t.expiresAt]: expiry() });
      held = Number(count) === 1;
      // Not ours: look for the row again next time, in case it was removed meanwhile.
      if (!held) rowExists = false;
      if (held) {
        released = false;
        confirmedAt = startedAt;
        startRenewing();
      }
      return held;
    },

    async renew() {
      const startedAt = Date.now();
      const count = await query(strapi, t).where(t.name, name).andWhere(t.holder, holder).update({ [t.expiresAt]: expiry() });
      const ok = Number(count) === 1;
      if (ok) {
        held = true;
        confirmedAt = startedAt;
      } else {
        held = false;
        self.stopRenewing();
      }
      return ok;
    },

    async release() {
      released = true;
      self.stopRenewing();
      held = false;
      await query(strapi, t).where(t.name, name).andWhere(t.holder, holder).update({ [t.holder]: null, [t.expiresAt]: null });
    },
  };
  return lease;
}

/** Whether some process (this one included) holds an unexpired lease named `name`. */
export async function isLeaseHeld(strapi: Strapi, name: string): Promise<boolean> {
  const t = leaseTable(strapi);
  const row = await query(strapi, t)
    .where(t.name, name)
    .whereNotNull(t.holder)
    .andWhere(t.expiresAt, '>=', strapi.db.connection.raw(databaseNowMs(dialectOf(strapi))))
    .first(t.name);
  return Boolean(row);
}

/** The current holder of `name` and its expiry (database clock, ms), or null when free or expired. */
export async function leaseHolder(strapi: Strapi, name: string): Promise<{ holder: string; expiresAt: number } | null> {
  const t = leaseTable(strapi);
  const nowSql = databaseNowMs(dialectOf(strapi));
  const row = (await query(strapi, t)
    .where(t.name, name)
    .whereNotNull(t.holder)
    .andWhere(t.expiresAt, '>=', strapi.db.connection.raw(nowSql))
    .first({ holder: t.holder, expiresAt: t.expiresAt })) as { holder: string; expiresAt: number | string } | undefined;
  return row ? { holder: row.holder, expiresAt: Number(row.expiresAt) } : null;
}
