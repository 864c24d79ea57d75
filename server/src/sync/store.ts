// What the sync engine keeps in the database besides the synced entries themselves: mappings (local
// entry ↔ remote item and their hashes at the last sync), delta cursors, and the run history.
// Reads and writes are in bulk: one query per kind of change, never one per item in a loop.
import { UID } from '../../../shared/plugin';
import type { DeletionSide, SyncRunAction, SyncRunFilters, SyncRunPage } from '../../../shared/api';
import type { Strapi } from '../utils/strapi';
import { CREATED_EVENTS } from './resource-settings';
import type { ResourceName, Scope } from './resources/types';
import type { SyncRequest, SyncResult, SyncRun, SyncRunStatus, SyncTrigger } from './run-types';
import { chunks, columnName, modelMeta, newDocumentId, query, transaction, type Row } from './db';

// SQLite's default limit is 999 bound variables; keep every statement well below it.
const IN_CHUNK = 500;

// ---------------------------------------------------------------------------------------------------
// Mappings

export interface Mapping {
  /** Row id; absent until stored. */
  id?: number;
  mailbox: string;
  resource: ResourceName;
  scope: string | null;
  localId: string | null;
  remoteId: string | null;
  remoteParentId: string | null;
  localHash: string | null;
  remoteHash: string | null;
  /** What the item's audience (a meeting's attendees) saw in Microsoft's version as last synced (AudienceView); null: no audience or unknown. */
  remoteAudienceHash?: string | null;
  /**
   * Synced fields, comma-separated, that Strapi holds and Microsoft's item lacks because a write left
   * them out (RemoteWrite.unsent: attendees with invitations off): Microsoft's version is read with
   * Strapi's values of them, so their absence there is neither an edit to copy nor a difference to settle.
   */
  keptInStrapi?: string | null;
  changeKey: string | null;
  pendingCreateId: string | null;
  /** We created the remote item and no delta round has listed it yet (see resource-sync.ts). */
  awaitingDelta: boolean;
  /** The item is read through other entries (a series master behind occurrences), never listed by delta. */
  viaReference: boolean;
  /**
   * The entry was imported and its created event (email.received) is not emitted yet: set in the
   * transaction that stores the entry, cleared once the event is out (see announcements.ts).
   */
  announcePending?: boolean;
  /** Microsoft's item may not be written from Strapi (see RemoteSnapshot.readOnly); set by the pull. */
  remoteReadOnly?: boolean;
  syncedAt: Date | null;
  /** A deletion of this item the breaker staged or holds (deletion-guard.ts); absent otherwise. */
  held?: HeldDeletion | null;
}

/** Where a held deletion would delete: in Strapi (Microsoft deleted the item) or in Microsoft (Strapi did). */
export type { DeletionSide };
/**
 * staged: a pulled delete waiting for the end of the pull, when the breaker decides; held: waiting for
 * review; approved: a Microsoft-side delete an admin approved, sent by the next push; restore: an admin
 * discarded a Microsoft-side delete, the next run brings the entry back from Microsoft.
 */
export type HeldState = 'staged' | 'held' | 'approved' | 'restore';

export interface HeldDeletion {
  side: DeletionSide;
  state: HeldState;
  at: Date;
  title: string | null;
}

const MAPPING_FIELDS = ['id', 'mailbox', 'resource', 'scope', 'localId', 'remoteId', 'remoteParentId', 'localHash', 'remoteHash', 'remoteAudienceHash', 'keptInStrapi', 'changeKey', 'pendingCreateId', 'awaitingDelta', 'viaReference', 'announcePending', 'remoteReadOnly', 'syncedAt', 'heldSide', 'heldState', 'heldAt', 'heldTitle'] as const;

function toMapping(row: Row): Mapping {
  return {
    id: Number(row.id),
    mailbox: row.mailbox,
    resource: row.resource,
    scope: row.scope ?? null,
    localId: row.localId ?? null,
    remoteId: row.remoteId ?? null,
    remoteParentId: row.remoteParentId ?? null,
    localHash: row.localHash ?? null,
    remoteHash: row.remoteHash ?? null,
    remoteAudienceHash: row.remoteAudienceHash ?? null,
    keptInStrapi: row.keptInStrapi ?? null,
    changeKey: row.changeKey ?? null,
    pendingCreateId: row.pendingCreateId ?? null,
    awaitingDelta: Boolean(row.awaitingDelta),
    viaReference: Boolean(row.viaReference),
    announcePending: Boolean(row.announcePending),
    remoteReadOnly: Boolean(row.remoteReadOnly),
    syncedAt: row.syncedAt ? new Date(row.syncedAt) : null,
    held: row.heldSide && row.heldState ? { side: row.heldSide, state: row.heldState, at: new Date(row.heldAt ?? Date.now()), title: row.heldTitle ?? null } : null,
  };
}

/** Every mapping of one mailbox and resource, indexed the ways the runner looks them up. */
export class MappingIndex {
  private readonly byRemote = new Map<string, Mapping>();
  private readonly byLocal = new Map<string, Mapping>();
  private readonly byTransaction = new Map<string, Mapping>();
  private readonly rows = new Set<Mapping>();
  /** While a page is being stored: each mapping's state before its first change, to undo a rolled-back transaction. */
  private journal: Map<Mapping, { fields: Mapping; indexed: boolean }> | null = null;

  constructor(mappings: Iterable<Mapping> = []) {
    for (const mapping of mappings) this.add(mapping);
  }

  get size(): number {
    return this.rows.size;
  }

  all(): Mapping[] {
    return [...this.rows];
  }

  byRemoteId(id: string): Mapping | undefined {
    return this.byRemote.get(id);
  }

  byLocalId(id: string): Mapping | undefined {
    return this.byLocal.get(id);
  }

  /** A create we sent (or were about to) whose answer was not stored, by the transactionId it carried. */
  pendingByTransactionId(id: string): Mapping | undefined {
    return this.byTransaction.get(id);
  }

  /** Creates sent (or about to be) whose answer is not stored: the byTransaction index holds exactly those. */
  pending(): Mapping[] {
    return [...this.byTransaction.values()];
  }

  /** From now on, remember what each mapping was before its first change (patchMapping, add, remove). */
  mark(): void {
    this.journal = new Map();
  }

  /** The changes since mark() are committed: forget how things were. */
  commit(): void {
    this.journal = null;
  }

  /** The transaction rolled back: every mapping changed since mark() becomes what it was, in the index too. */
  rollback(): void {
    const journal = this.journal;
    this.journal = null;
    if (!journal) return;
    for (const [mapping, { fields, indexed }] of journal) {
      this.remove(mapping);
      for (const key of Object.keys(mapping)) delete (mapping as unknown as Record<string, unknown>)[key];
      Object.assign(mapping, fields);
      if (indexed) this.add(mapping);
    }
  }

  /** Call before changing a mapping's fields in place. */
  touch(mapping: Mapping): void {
    if (this.journal && !this.journal.has(mapping)) this.journal.set(mapping, { fields: { ...mapping }, indexed: this.rows.has(mapping) });
  }

  add(mapping: Mapping): void {
    this.touch(mapping);
    this.rows.add(mapping);
    if (mapping.remoteId) this.byRemote.set(mapping.remoteId, mapping);
    if (mapping.localId) this.byLocal.set(mapping.localId, mapping);
    if (mapping.pendingCreateId && !mapping.remoteId) this.byTransaction.set(mapping.pendingCreateId, mapping);
  }

  /** Re-indexes a mapping after its ids changed (call with the values it had before). */
  reindex(mapping: Mapping, before: Pick<Mapping, 'remoteId' | 'localId' | 'pendingCreateId'>): void {
    if (before.remoteId && this.byRemote.get(before.remoteId) === mapping) this.byRemote.delete(before.remoteId);
    if (before.localId && this.byLocal.get(before.localId) === mapping) this.byLocal.delete(before.localId);
    if (before.pendingCreateId && this.byTransaction.get(before.pendingCreateId) === mapping) this.byTransaction.delete(before.pendingCreateId);
    this.add(mapping);
  }

  remove(mapping: Mapping): void {
    this.touch(mapping);
    this.rows.delete(mapping);
    if (mapping.remoteId && this.byRemote.get(mapping.remoteId) === mapping) this.byRemote.delete(mapping.remoteId);
    if (mapping.localId && this.byLocal.get(mapping.localId) === mapping) this.byLocal.delete(mapping.localId);
    if (mapping.pendingCreateId && this.byTransaction.get(mapping.pendingCreateId) === mapping) this.byTransaction.delete(mapping.pendingCreateId);
  }
}

export async function loadMappings(strapi: Strapi, mailbox: string, resource: ResourceName): Promise<MappingIndex> {
  const rows = await query(strapi, UID.syncMapping).findMany({ where: { mailbox, resource }, select: [...MAPPING_FIELDS] });
  return new MappingIndex(rows.map(toMapping));
}

/** The changes to the mapping table one step of a run makes: written together, in bulk. */
export interface MappingChanges {
  insert: Mapping[];
  update: Mapping[];
  remove: Mapping[];
}

export function emptyMappingChanges(): MappingChanges {
  return { insert: [], update: [], remove: [] };
}

/**
 * Writes mapping changes in three statements at most (plus one to learn new row ids), inside the
 * caller's transaction when there is one. New rows get their `id` set.
 */
export async function saveMappings(strapi: Strapi, changes: MappingChanges): Promise<void> {
  const removedIds = changes.remove.map((m) => m.id).filter((id): id is number => typeof id === 'number');
  const removed = new Set(changes.remove);
  const updates = [...new Set(changes.update)].filter((m) => typeof m.id === 'number' && !removed.has(m));
  const inserts = [...new Set(changes.insert)].filter((m) => typeof m.id !== 'number' && !removed.has(m));
  if (removedIds.length === 0 && updates.length === 0 && inserts.length === 0) return;
  await transaction(strapi, async (trx) => {
    const meta = modelMeta(strapi, UID.syncMapping);
    for (const ids of chunks(removedIds, IN_CHUNK)) {
      await trx(meta.tableName).whereIn('id', ids).delete();
    }
    if (updates.length > 0) {
      // One multi-row upsert on the primary key instead of an UPDATE per row; every row exists, so
      // each one takes the "merge" branch. Supported alike by SQLite, PostgreSQL and MySQL/MariaDB.
      const now = new Date();
      const cols = mappingColumns(meta);
      const merge = ['scope', 'localId', 'remoteId', 'remoteParentId', 'localHash', 'remoteHash', 'remoteAudienceHash', 'keptInStrapi', 'changeKey', 'pendingCreateId', 'awaitingDelta', 'viaReference', 'announcePending', 'remoteReadOnly', 'syncedAt', 'heldSide', 'heldState', 'heldAt', 'heldTitle', 'updatedAt'].map((name) => columnName(meta, name));
      for (const group of chunks(updates, 50)) {
        const rows = group.map((m) => ({ ...mappingRow(cols, m), [columnName(meta, 'updatedAt')]: now }));
        await trx(meta.tableName).insert(rows).onConflict('id').merge(merge);
      }
    }
    if (inserts.length > 0) {
      // Plain knex, with the same column values the upsert above writes: the table holds strings,
      // booleans and dates only, so the query engine's per-row processing adds nothing but time.
      const now = new Date();
      const cols = mappingColumns(meta);
      const documentIds = new Map<string, Mapping>();
      const rows = inserts.map((m) => {
        m.announcePending ??= isNewImport(m);
        const documentId = newDocumentId();
        documentIds.set(documentId, m);
        const { [cols.id]: _id, ...row } = mappingRow(cols, m);
        return { ...row, [cols.documentId]: documentId, [cols.publishedAt]: now, [cols.createdAt]: now, [columnName(meta, 'updatedAt')]: now };
      });
      for (const group of chunks(rows, 200)) await trx(meta.tableName).insert(group);
      // Inserts do not return every id on MySQL: read them back by the documentIds we chose.
      for (const ids of chunks([...documentIds.keys()], IN_CHUNK)) {
        const found = (await trx(meta.tableName).select(cols.id, cols.documentId).whereIn(cols.documentId, ids)) as Row[];
        for (const row of found) documentIds.get(String(row[cols.documentId]))!.id = Number(row[cols.id]);
      }
    }
  });
}

/**
 * A mapping inserted with both ids is an entry the pull step has just created from a remote item:
 * the only insert that has its remote id before its local entry exists is the pull's (a push create
 * is inserted before its POST, an item kept for deletion has no entry). For resources that announce
 * new entries, that insert records the announcement as pending, in the page's transaction.
 */
export function isNewImport(m: Mapping): boolean {
  return Boolean(CREATED_EVENTS[m.resource]) && m.localId !== null && m.remoteId !== null && m.pendingCreateId === null;
}

type MappingColumns = Record<(typeof MAPPING_FIELDS)[number] | 'documentId' | 'publishedAt' | 'createdAt', string>;

function mappingColumns(meta: ReturnType<typeof modelMeta>): MappingColumns {
  const names = [...MAPPING_FIELDS, 'documentId', 'publishedAt', 'createdAt'] as const;
  return Object.fromEntries(names.map((name) => [name, columnName(meta, name)])) as MappingColumns;
}

function mappingRow(cols: MappingColumns, m: Mapping): Row {
  return {
    [cols.id]: m.id,
    [cols.mailbox]: m.mailbox,
    [cols.resource]: m.resource,
    [cols.scope]: m.scope,
    [cols.localId]: m.localId,
    [cols.remoteId]: m.remoteId,
    [cols.remoteParentId]: m.remoteParentId,
    [cols.localHash]: m.localHash,
    [cols.remoteHash]: m.remoteHash,
    [cols.remoteAudienceHash]: m.remoteAudienceHash ?? null,
    [cols.keptInStrapi]: m.keptInStrapi ?? null,
    [cols.changeKey]: m.changeKey,
    [cols.pendingCreateId]: m.pendingCreateId,
    [cols.awaitingDelta]: m.awaitingDelta,
    [cols.viaReference]: m.viaReference,
    [cols.announcePending]: m.announcePending ?? false,
    [cols.remoteReadOnly]: m.remoteReadOnly ?? false,
    [cols.syncedAt]: m.syncedAt,
    [cols.heldSide]: m.held?.side ?? null,
    [cols.heldState]: m.held?.state ?? null,
    [cols.heldAt]: m.held?.at ?? null,
    [cols.heldTitle]: m.held?.title ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Cursors

export interface Cursor {
  id?: number;
  mailbox: string;
  resource: ResourceName;
  scope: string;
  /** Where the next delta request starts: a nextLink mid-round, else the round's deltaLink. */
  link: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  /** Only on a discovery row: the scopes its delta has listed. */
  scopes?: Scope[] | null;
}

export async function loadCursors(strapi: Strapi, mailbox: string, resource: ResourceName): Promise<Map<string, Cursor>> {
  const rows = await query(strapi, UID.syncState).findMany({ where: { mailbox, resource } });
  const cursors = new Map<string, Cursor>();
  for (const row of rows) {
    cursors.set(row.scope ?? '', {
      id: Number(row.id),
      mailbox,
      resource,
      scope: row.scope ?? '',
      link: row.deltaLink ?? null,
      windowStart: row.windowStart ? new Date(row.windowStart) : null,
      windowEnd: row.windowEnd ? new Date(row.windowEnd) : null,
      scopes: Array.isArray(row.scopes) ? (row.scopes as Scope[]) : null,
    });
  }
  return cursors;
}

/** Stores a cursor (one statement, in the caller's transaction or a fenced one of its own); gives a new one its id. */
export async function saveCursor(strapi: Strapi, cursor: Cursor): Promise<void> {
  const data = { deltaLink: cursor.link, windowStart: cursor.windowStart, windowEnd: cursor.windowEnd, scopes: cursor.scopes ?? null, updatedAt: new Date() };
  await transaction(strapi, async () => {
    if (cursor.id) {
      await query(strapi, UID.syncState).updateMany({ where: { id: cursor.id }, data });
      return;
    }
    const created = await query(strapi, UID.syncState).create({
      data: { ...data, mailbox: cursor.mailbox, resource: cursor.resource, scope: cursor.scope, publishedAt: new Date() },
      select: ['id'],
    });
    cursor.id = Number(created.id);
  });
}

// ---------------------------------------------------------------------------------------------------
// Runs

function toRun(row: Row): SyncRun {
  return {
    id: String(row.documentId),
    trigger: row.trigger,
    action: row.action ?? 'sync',
    status: row.status,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
    results: Array.isArray(row.results) ? row.results : [],
  };
}

const RUN_FIELDS = ['id', 'documentId', 'trigger', 'action', 'status', 'startedAt', 'finishedAt', 'results'];

/** ",a@x.com,b@y.com,": the form GET /sync/runs?mailbox= looks for ",address,". */
function mailboxList(addresses: Iterable<string>): string | null {
  const unique = [...new Set([...addresses].map((a) => a.toLowerCase()))].sort();
  return unique.length > 0 ? `,${unique.join(',')},` : null;
}

export async function createRun(strapi: Strapi, trigger: SyncTrigger, request: SyncRequest, action: SyncRunAction = 'sync'): Promise<SyncRun> {
  const now = new Date();
  const row = await query(strapi, UID.syncRun).create({
    data: {
      trigger,
      action,
      status: 'running',
      startedAt: now,
      results: [],
      request: { mailboxes: request.mailboxes ?? null, resources: request.resources ?? null, fromScratch: request.fromScratch ?? false },
      mailboxes: mailboxList(request.mailboxes ?? []),
      publishedAt: now,
    },
    select: RUN_FIELDS,
  });
  return toRun(row);
}

export async function finishRun(strapi: Strapi, id: string, status: SyncRunStatus, results: SyncResult[]): Promise<SyncRun> {
  const finishedAt = new Date();
  const data: Row = { status, results, finishedAt, updatedAt: finishedAt };
  // A run of every mailbox is listed under those it went through; one asked for by name keeps its names.
  const covered = mailboxList(results.map((r) => r.mailbox));
  if (covered) data.mailboxes = covered;
  await query(strapi, UID.syncRun).updateMany({ where: { documentId: id }, data });
  const row = await query(strapi, UID.syncRun).findOne({ where: { documentId: id }, select: RUN_FIELDS });
  return toRun(row!);
}

/** Runs left 'running' by a process that died: only called by the lease holder, so none is really running. */
export async function failAbandonedRuns(strapi: Strapi, exceptId: string): Promise<number> {
  const now = new Date();
  const { count } = await query(strapi, UID.syncRun).updateMany({
    where: { status: 'running', documentId: { $ne: exceptId } },
    data: { status: 'failed', finishedAt: now, updatedAt: now },
  });
  return count;
}

export async function getRun(strapi: Strapi, id: string): Promise<SyncRun | null> {
  const row = await query(strapi, UID.syncRun).findOne({ where: { documentId: id }, select: RUN_FIELDS });
  return row ? toRun(row) : null;
}

export async function lastRun(strapi: Strapi): Promise<SyncRun | null> {
  const row = await query(strapi, UID.syncRun).findOne({ select: RUN_FIELDS, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
  return row ? toRun(row) : null;
}

function runFilter(filters: SyncRunFilters): Row {
  const where: Row = {};
  if (filters.status) where.status = filters.status;
  if (filters.trigger) where.trigger = filters.trigger;
  // Runs recorded before the column existed may hold null: they are sync runs.
  if (filters.action === 'sync') where.$or = [{ action: 'sync' }, { action: { $null: true } }];
  else if (filters.action) where.action = filters.action;
  if (filters.mailbox) where.mailboxes = { $containsi: `,${filters.mailbox.toLowerCase()},` };
  return where;
}

export async function listRuns(strapi: Strapi, page: number, pageSize: number, filters: SyncRunFilters = {}): Promise<SyncRunPage> {
  const where = runFilter(filters);
  const [rows, total] = await Promise.all([
    query(strapi, UID.syncRun).findMany({ where, select: RUN_FIELDS, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], offset: (page - 1) * pageSize, limit: pageSize }),
    query(strapi, UID.syncRun).count({ where }),
  ]);
  return { runs: rows.map(toRun), pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
}
