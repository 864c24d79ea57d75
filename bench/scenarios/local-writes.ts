// Scenario 7: local write speed. The same 10,000 delta entries are stored three ways into the same
// database: by the sync engine's page store (the pull step without Graph: pages of pageSize, each
// reconciled and written with its mappings and cursor in one transaction), by the naive way (one
// Document Service create per event), and by a raw bulk insert of the rows the engine wrote.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { PublicSettings } from '../../shared/settings';
import { resourceRunContext, type ResourceRunContext } from '../../server/src/sync/context';
import { graphRemote } from '../../server/src/sync/sides/graph-remote';
import { strapiLocal } from '../../server/src/sync/sides/strapi-local';
import { applyRemotePage } from '../../server/src/sync/pull';
import { resourceSettings } from '../../server/src/sync/resource-settings';
import { calendarAdapter, CALENDAR_SCOPE } from '../../server/src/sync/resources/calendar';
import type { RemoteEntry } from '../../server/src/sync/resources/types';
import { emptyResult as emptySyncResult } from '../../server/src/sync/run-types';
import type { Cursor } from '../../server/src/sync/store';
import { measure, plain } from '../lib/meter';
import { emptyResult, fmt } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { countEntries, EVENT_UID, MAPPING_UID, newMailbox, seedEventsInWindow, withoutLatency, type BenchMailbox, type World } from '../lib/world';
import { naiveStore } from '../naive/store';
import { calendarDeltaUrl } from './pull';

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

interface Meta {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: JoinTable }>;
}

/** The delta pages exactly as the engine receives them. */
async function fetchPages(world: World, mailbox: BenchMailbox): Promise<Array<{ items: RemoteEntry[]; link: string | null }>> {
  const pages: Array<{ items: RemoteEntry[]; link: string | null }> = [];
  const url = await calendarDeltaUrl(world, mailbox);
  for await (const page of world.naiveGateway.deltaPages<RemoteEntry>({ url, maxPageSize: world.pageSize })) pages.push({ items: page.items, link: page.nextLink ?? page.deltaLink ?? null });
  return pages;
}

/** A run context for the engine's pull step, set up as the runner does for one mailbox × calendar. */
async function pullContext(world: World, mailbox: BenchMailbox): Promise<ResourceRunContext> {
  const settings = (await world.strapi.plugin('microsoft-365').service('settings').get()) as PublicSettings;
  const resSettings = resourceSettings(settings, 'calendar', new Date());
  return resourceRunContext({
    local: strapiLocal(world.strapi, calendarAdapter, mailbox),
    remote: graphRemote(world.naiveGateway),
    adapter: calendarAdapter,
    mailbox: { id: mailbox.id, address: mailbox.address },
    settings: resSettings,
    pageSize: world.pageSize,
    result: emptySyncResult(mailbox.address, 'calendar'),
  });
}

/** Copies of the rows the engine wrote for a mailbox (entries, their links, mappings), with fresh ids. */
async function copiesOfWrittenRows(world: World, mailbox: BenchMailbox): Promise<{ tables: Array<{ table: string; rows: Array<Record<string, unknown>> }> }> {
  const knex = world.strapi.db.connection as unknown as Knex;
  const events = world.strapi.db.metadata.get(EVENT_UID as never) as unknown as Meta;
  const mappings = world.strapi.db.metadata.get(MAPPING_UID as never) as unknown as Meta;
  const link = events.attributes.mailbox!.joinTable!;
  const linkRows = (await knex(link.name).where(link.inverseJoinColumn.name, mailbox.id)) as Array<Record<string, unknown>>;
  const ids = linkRows.map((r) => Number(r[link.joinColumn.name]));
  const eventRows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < ids.length; i += 500) eventRows.push(...((await knex(events.tableName).whereIn('id', ids.slice(i, i + 500))) as Array<Record<string, unknown>>));
  const mappingRows = (await knex(mappings.tableName).where(mappings.attributes.mailbox?.columnName ?? 'mailbox', mailbox.address)) as Array<Record<string, unknown>>;

  const maxId = Number(((await knex(events.tableName).max('id as m')) as Array<{ m: number }>)[0]!.m ?? 0);
  const documentIdColumn = events.attributes.documentId?.columnName ?? 'document_id';
  const localIdColumn = mappings.attributes.localId?.columnName ?? 'local_id';
  const newId = new Map<number, number>();
  const newDocumentId = new Map<string, string>();
  const eventCopies = eventRows.map((row, i) => {
    const id = maxId + 1 + i;
    const documentId = randomBytes(12).toString('hex');
    newId.set(Number(row.id), id);
    newDocumentId.set(String(row[documentIdColumn]), documentId);
    return { ...row, id, [documentIdColumn]: documentId };
  });
  const linkCopies = linkRows.map(({ id: _id, ...row }) => ({ ...row, [link.joinColumn.name]: newId.get(Number(row[link.joinColumn.name])) }));
  const mappingCopies = mappingRows.map(({ id: _id, ...row }) => ({
    ...row,
    [documentIdColumn]: randomBytes(12).toString('hex'),
    [localIdColumn]: newDocumentId.get(String(row[localIdColumn])) ?? row[localIdColumn],
  }));
  return {
    tables: [
      { table: events.tableName, rows: eventCopies },
      { table: link.name, rows: linkCopies },
      { table: mappings.tableName, rows: mappingCopies },
    ],
  };
}

/**
 * Multi-row INSERTs as large as the engines allow, in one transaction: knex writes SQLite's as a
 * compound SELECT (at most 500 terms); bound values stay under SQLite's 32,766 and PostgreSQL's 65,535.
 */
async function rawBulkInsert(world: World, tables: Array<{ table: string; rows: Array<Record<string, unknown>> }>): Promise<void> {
  const knex = world.strapi.db.connection as unknown as Knex;
  await knex.transaction(async (trx) => {
    for (const { table, rows } of tables) {
      if (rows.length === 0) continue;
      const perStatement = Math.max(1, Math.min(500, Math.floor(30_000 / Object.keys(rows[0]!).length)));
      for (let i = 0; i < rows.length; i += perStatement) await trx(table).insert(rows.slice(i, i + perStatement));
    }
  });
}

export async function localWritesScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions): Promise<ScenarioResult> {
  const n = options.events;
  const naiveItems = Math.min(n, options.naiveItems);
  const result = emptyResult(7, world, { events: n, naiveEvents: naiveItems, pageSize: world.pageSize });

  const mailbox = await newMailbox(world, 'writes');
  seedEventsInWindow(world, mailbox.address, n);
  const pages = await withoutLatency(world, () => fetchPages(world, mailbox));
  const ctx = await pullContext(world, mailbox);
  const cursor: Cursor = { mailbox: mailbox.address, resource: 'calendar', scope: CALENDAR_SCOPE.key, link: null, windowStart: null, windowEnd: null };
  const ours = await measure(world, n, async () => {
    for (const page of pages) await applyRemotePage(ctx, CALENDAR_SCOPE, page.items, { seen: new Set(), cursor: { cursor, link: page.link } });
    return { counterRequests: 0 };
  });
  const stored = await countEntries(world, EVENT_UID, mailbox.address);
  if (stored !== n || ctx.result.errors.length > 0) result.notes.push(`CHECK FAILED: ${stored} of ${n} events stored; ${ctx.result.errors.length} item errors`);

  // The naive way: one Document Service create per event, same data, its own mailbox.
  const naiveBox = await newMailbox(world, 'naive-writes');
  const naiveRows = pages
    .flatMap((p) => p.items)
    .slice(0, naiveItems)
    .map((entry) => calendarAdapter.toLocalData(calendarAdapter.fromRemote(entry, CALENDAR_SCOPE)!.fields, CALENDAR_SCOPE));
  const naive = await measure(world, naiveItems, async () => ({ counterRequests: 0, stored: await naiveStore(world, EVENT_UID, naiveBox, naiveRows) }));

  // Last, because it gives the entry copies explicit ids (a PostgreSQL sequence does not see them).
  const copies = await copiesOfWrittenRows(world, mailbox);
  const raw = await measure(world, n, async () => {
    await rawBulkInsert(world, copies.tables);
    return { counterRequests: 0 };
  });

  const perSecond = (items: number, ms: number) => (ms > 0 ? (items * 1000) / ms : 0);
  result.ours = plain(ours);
  result.naive = plain(naive);
  result.figures.oursEventsPerSecond = Math.round(perSecond(n, ours.wallMs));
  result.figures.rawEventsPerSecond = Math.round(perSecond(n, raw.wallMs));
  result.figures.naiveEventsPerSecond = Math.round(perSecond(naiveItems, naive.wallMs));
  result.figures.rawWallMs = raw.wallMs;
  result.figures.rawStatements = raw.db.queries;
  result.figures.oursShareOfRaw = perSecond(n, ours.wallMs) / perSecond(n, raw.wallMs);
  result.figures.oursDbTimeMs = ours.db.dbTimeMs;
  result.ratios = { lowerBoundRequests: null, lowerBoundTime: null, naiveRequests: null, naiveTime: perSecond(n, ours.wallMs) / perSecond(naiveItems, naive.wallMs) };
  const rows = copies.tables.map((t) => `${t.rows.length} ${t.table}`).join(', ');
  result.notes.push(`raw bulk insert of the rows the engine wrote (${rows}) in ${raw.db.queries} statements: ${fmt(raw.wallMs / 1000)} s`);
  result.notes.push(`ours: ${pages.length} pages through the pull step's store (reconcile, entries, links, mappings, cursor per page), ${ours.db.queries} statements, ${ours.db.dbTimeMs} ms of it in the database`);
  const share = result.figures.oursShareOfRaw;
  result.targets.push({
    target: 'local writes at least a third of the raw bulk insert speed',
    met: share >= 1 / 3,
    detail: `${result.figures.oursEventsPerSecond} vs ${result.figures.rawEventsPerSecond} events/s raw = ${fmt(share)} of raw${share < 1 / 3 ? `: missed by ${fmt(1 / 3 / share)}×` : ''}; naive ${result.figures.naiveEventsPerSecond} events/s`,
  });
  return result;
}
