// Counts the statements Strapi's database layer sends, by listening to knex's `query` events on
// strapi.db.connection (knex re-emits the events of transactions on the root instance).
import type { DbCounts } from './types';

interface KnexQueryEvent {
  sql?: string;
  method?: string;
  __knexQueryUid?: string;
}

interface KnexLike {
  on(event: string, listener: (data: KnexQueryEvent) => void): unknown;
  off?(event: string, listener: (data: KnexQueryEvent) => void): unknown;
  removeListener(event: string, listener: (data: KnexQueryEvent) => void): unknown;
}

/** Tables whose rows are synced data (entries, their mailbox links, mappings); the rest is bookkeeping. */
const DATA_TABLE = /calendar_event|(^|_)tasks?(_|$)|email_message|sync_mapping/;

export function statementKind(sql: string): 'read' | 'write' | 'transaction' | 'other' {
  const head = sql.trimStart().slice(0, 12).toLowerCase();
  if (head.startsWith('select') || head.startsWith('with')) return 'read';
  if (head.startsWith('insert') || head.startsWith('update') || head.startsWith('delete') || head.startsWith('replace')) return 'write';
  if (/^(begin|commit|rollback|savepoint|release|start)/.test(head)) return 'transaction';
  return 'other';
}

export function writtenTable(sql: string): string | null {
  // An optional schema first: "public"."ms365_sync_states".
  const m = /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from|replace\s+into)\s+[`"]?(\w+)[`"]?(?:\.[`"]?(\w+)[`"]?)?/i.exec(sql);
  return m ? (m[2] ?? m[1]!) : null;
}

export class DbCounter {
  private counts: DbCounts = emptyCounts();
  private readonly started = new Map<string, number>();
  private readonly onQuery = (data: KnexQueryEvent) => this.query(data);
  private readonly onResponse = (_response: unknown, data: KnexQueryEvent) => this.done(data);

  constructor(private readonly knex: KnexLike) {
    knex.on('query', this.onQuery);
    knex.on('query-response', this.onResponse as never);
    knex.on('query-error', this.onResponse as never);
  }

  reset(): void {
    this.counts = emptyCounts();
    this.started.clear();
  }

  snapshot(): DbCounts {
    return { ...this.counts, writesByTable: { ...this.counts.writesByTable } };
  }

  detach(): void {
    this.knex.removeListener('query', this.onQuery);
    this.knex.removeListener('query-response', this.onResponse as never);
    this.knex.removeListener('query-error', this.onResponse as never);
  }

  private query(data: KnexQueryEvent): void {
    const sql = String(data.sql ?? '');
    const c = this.counts;
    c.queries++;
    const kind = statementKind(sql);
    if (kind === 'read') c.reads++;
    else if (kind === 'write') {
      c.writes++;
      const table = writtenTable(sql) ?? '?';
      c.writesByTable[table] = (c.writesByTable[table] ?? 0) + 1;
      if (DATA_TABLE.test(table)) c.dataWrites++;
      else c.bookkeepingWrites++;
    }
    if (data.__knexQueryUid) this.started.set(data.__knexQueryUid, performance.now());
  }

  private done(data: KnexQueryEvent): void {
    const uid = data?.__knexQueryUid;
    if (!uid) return;
    const start = this.started.get(uid);
    if (start === undefined) return;
    this.started.delete(uid);
    this.counts.dbTimeMs += performance.now() - start;
  }
}

function emptyCounts(): DbCounts {
  return { queries: 0, reads: 0, writes: 0, dataWrites: 0, bookkeepingWrites: 0, writesByTable: {}, dbTimeMs: 0 };
}
