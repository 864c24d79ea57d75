// Items that cannot be synced as they stand are kept aside, so the rest of the mailbox goes on: a
// Microsoft item whose row the database refuses, whose attachment list Graph will not give, or whose
// fields the adapter cannot map (pull side); a Strapi entry the adapter cannot turn into a Graph write,
// or whose write Graph refuses (push side). Each is recorded with its ids, the field when it is known
// and a plain reason, never its content.
//
// A pulled item is read again by id at every run and leaves quarantine once stored (or gone); the delta
// cursor moves past it meanwhile. A pushed entry needs no re-reading: it still differs from its mapping,
// so every push tries it again, and it leaves once sent. A failure that is not the item's own
// (throttling, an outage, a missing permission) is no reason to quarantine: it stops the page as before
// and the next run tries the page again.
import { isGatewayError } from '../graph';
import { UID } from '../../../shared/plugin';
import type { ItemFailure, QuarantinedItem as ListedItem, QuarantineSide, SyncError } from '../../../shared/api';
import type { Strapi } from '../utils/strapi';
import { RunAborted, type ResourceRunContext } from './context';
import { query, type Row } from './db';
import { LeaseLostError } from './fence';
import { ItemError, type ResourceName } from './resources/types';
import { isDatabaseError, safeError } from './safe-errors';

export type { ItemFailure, QuarantineSide };

/** The gateway's code for a request Graph refused as it stands (400, 405, 409, 413, 415, 422). */
const ITEM_REFUSED = 'invalid_request';

/** The stored record: the listed item with its mailbox, and Date stamps. */
export interface QuarantinedItem extends Omit<ListedItem, 'firstFailedAt' | 'lastFailedAt'> {
  mailbox: string;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

/** One mailbox × resource's quarantine during a run: loaded once, kept in step with what is committed. */
export class Quarantine {
  /** Pulled items by remote id. */
  readonly pulled = new Map<string, QuarantinedItem>();
  /** Pushed entries by documentId. */
  readonly pushed = new Map<string, QuarantinedItem>();
  /** This run's push failures, by documentId: the push side's quarantine once the push is done. */
  readonly pushFailures = new Map<string, ItemFailure>();
  /** Pulled items this run has already tried (stored, found gone, or failed again). */
  private readonly tried = new Set<string>();

  constructor(items: Iterable<QuarantinedItem> = []) {
    for (const item of items) this.keep(item);
    this.tried.clear();
  }

  keep(item: QuarantinedItem): void {
    if (item.side === 'pull' && item.remoteId) {
      this.pulled.set(item.remoteId, item);
      this.tried.add(item.remoteId);
    }
    if (item.side === 'push' && item.localId) this.pushed.set(item.localId, item);
  }

  release(item: QuarantinedItem): void {
    if (item.side === 'pull' && item.remoteId) {
      this.pulled.delete(item.remoteId);
      this.tried.add(item.remoteId);
    }
    if (item.side === 'push' && item.localId) this.pushed.delete(item.localId);
  }

  /** Pulled items quarantined by an earlier run that this run has not tried yet: the ones to read again. */
  untried(): QuarantinedItem[] {
    return [...this.pulled.values()].filter((item) => !this.tried.has(item.remoteId!));
  }
}

const FIELDS = ['id', 'mailbox', 'resource', 'scope', 'side', 'remoteId', 'localId', 'field', 'code', 'reason', 'attempts', 'firstFailedAt', 'lastFailedAt'];

function toItem(row: Row): QuarantinedItem {
  return {
    id: Number(row.id),
    mailbox: row.mailbox,
    resource: row.resource,
    side: row.side,
    scope: row.scope ?? null,
    remoteId: row.remoteId ?? null,
    localId: row.localId ?? null,
    field: row.field ?? null,
    code: row.code ?? 'item_error',
    reason: row.reason ?? '',
    attempts: Number(row.attempts ?? 1),
    firstFailedAt: new Date(row.firstFailedAt ?? row.createdAt ?? Date.now()),
    lastFailedAt: new Date(row.lastFailedAt ?? row.updatedAt ?? Date.now()),
  };
}

export async function loadQuarantine(strapi: Strapi, mailbox: string, resource: ResourceName): Promise<Quarantine> {
  const rows = await query(strapi, UID.syncQuarantine).findMany({ where: { mailbox, resource }, select: FIELDS });
  return new Quarantine(rows.map(toItem));
}

/** Every quarantined item, for the settings page and GET /quarantine (newest failures first). */
export async function listQuarantined(strapi: Strapi): Promise<QuarantinedItem[]> {
  const rows = await query(strapi, UID.syncQuarantine).findMany({ select: FIELDS, orderBy: [{ lastFailedAt: 'desc' }, { id: 'desc' }] });
  return rows.map(toItem);
}

/**
 * Whether a failure is the item's own, so that it would fail again as the item stands: mapping code
 * refusing it, Graph refusing the request as invalid, the database refusing the row. A stop (test
 * checkpoint, lost lease) never is; nor is anything a later run may cure by itself.
 */
export function isItemFailure(error: unknown): boolean {
  if (error instanceof RunAborted || error instanceof LeaseLostError) return false;
  if (error instanceof ItemError) return true;
  if (isGatewayError(error)) return error.code === ITEM_REFUSED;
  return true;
}

/** A failure as the quarantine records it: the field when known, a plain reason (safe-errors.ts). */
export function itemFailure(side: QuarantineSide, error: unknown, ids: { scope: string | null; remoteId?: string | null; localId?: string | null }, field?: string | null): ItemFailure {
  const safe = isGatewayError(error) ? { code: error.code, message: error.message } : safeError(error);
  const named = error instanceof ItemError ? error.field : isGatewayError(error) ? error.field : undefined;
  return {
    side,
    scope: ids.scope,
    remoteId: ids.remoteId ?? null,
    localId: ids.localId ?? null,
    field: field ?? named ?? columnOf(error) ?? null,
    code: safe.code,
    reason: safe.message,
  };
}

/**
 * The attribute of `uid` that `data` most likely breaks: a text longer than its column holds (Strapi's
 * string is varchar(255)), or an enumeration value the attribute does not list.
 */
export function attributeAtFault(strapi: Strapi, uid: string, data: Record<string, unknown>): string | null {
  const attributes = (strapi.contentType(uid as never) as { attributes?: Record<string, { type?: string; enum?: readonly string[] }> } | undefined)?.attributes ?? {};
  for (const [name, value] of Object.entries(data)) {
    const attribute = attributes[name];
    if (!attribute || typeof value !== 'string') continue;
    if (VARCHAR_TYPES.has(attribute.type ?? '') && value.length > VARCHAR_LENGTH) return name;
    if (attribute.type === 'enumeration' && attribute.enum && !attribute.enum.includes(value)) return name;
  }
  return null;
}

const VARCHAR_TYPES = new Set(['string', 'email', 'uid', 'password']);
const VARCHAR_LENGTH = 255;

/** The column a database error names (MySQL: "for column 'x'"; PostgreSQL's error.column). */
function columnOf(error: unknown): string | undefined {
  const e = (isDatabaseError(error) ? error : (error as { cause?: unknown } | null)?.cause) as { column?: unknown; sqlMessage?: unknown } | undefined;
  if (!e || !isDatabaseError(e)) return undefined;
  if (typeof e.column === 'string' && e.column) return e.column;
  return typeof e.sqlMessage === 'string' ? /for column [`'"]?([\w.]+)[`'"]?/i.exec(e.sqlMessage)?.[1] : undefined;
}

/** The run error a quarantined item shows in the history: which item, which field, why. */
export function failureError(failure: ItemFailure): SyncError {
  const which = failure.side === 'pull' ? `Microsoft item ${failure.remoteId}` : `entry ${failure.localId}`;
  return {
    code: failure.code,
    message: `${which} is quarantined${failure.field ? ` (field ${failure.field})` : ''}: ${failure.reason}`,
    localId: failure.localId,
    remoteId: failure.remoteId,
  };
}

/**
 * Records `failures` and lets go of `released`, in the caller's transaction (the page's, so a pulled
 * item is quarantined exactly when the cursor moves past it). Returns what to do to the in-memory
 * quarantine once that transaction has committed.
 */
async function save(ctx: ResourceRunContext, failures: readonly ItemFailure[], released: readonly QuarantinedItem[]): Promise<() => void> {
  const book = ctx.quarantine;
  const now = new Date();
  const kept: QuarantinedItem[] = [];
  const created: Array<Omit<QuarantinedItem, 'id'>> = [];
  for (const failure of failures) {
    ctx.result.errors.push(failureError(failure));
    const known = failure.side === 'pull' ? book.pulled.get(failure.remoteId ?? '') : book.pushed.get(failure.localId ?? '');
    if (known) kept.push({ ...known, ...failure, attempts: known.attempts + 1, lastFailedAt: now });
    else created.push({ ...failure, mailbox: ctx.mailbox.address, resource: ctx.adapter.resource, attempts: 1, firstFailedAt: now, lastFailedAt: now });
  }
  const ids = await ctx.local.saveQuarantine({ remove: released, update: [...kept], create: created });
  created.forEach((item, index) => kept.push({ ...item, id: ids[index]! }));
  return () => {
    for (const item of released) book.release(item);
    for (const item of kept) book.keep(item);
  };
}

/**
 * In a page's transaction: quarantines the page's failed items and releases the quarantined items it
 * handled (stored, or found gone). Costs no statement when neither exists.
 */
export async function settlePulledItems(ctx: ResourceRunContext, failures: ReadonlyMap<string, ItemFailure>, handled: Iterable<string>): Promise<() => void> {
  const released: QuarantinedItem[] = [];
  if (ctx.quarantine.pulled.size > 0) {
    for (const id of new Set(handled)) {
      const item = ctx.quarantine.pulled.get(id);
      if (item && !failures.has(id)) released.push(item);
    }
  }
  if (failures.size === 0 && released.length === 0) return () => {};
  return save(ctx, [...failures.values()], released);
}

/** Notes that an entry could not be pushed; the push quarantine is settled once the push is done. */
export function notePushFailure(ctx: Pick<ResourceRunContext, 'quarantine'>, error: unknown, ids: { scope: string | null; remoteId?: string | null; localId: string }): void {
  ctx.quarantine.pushFailures.set(ids.localId, itemFailure('push', error, ids));
}

/** After a push: its failures are the push side's quarantine, the entries that went through leave it. */
export async function settlePushedEntries(ctx: ResourceRunContext): Promise<void> {
  const book = ctx.quarantine;
  const released = [...book.pushed.values()].filter((item) => !book.pushFailures.has(item.localId ?? ''));
  const failures = [...book.pushFailures.values()];
  book.pushFailures.clear();
  await saveApart(ctx, failures, released);
}

/** Lets go of quarantined items no longer synced (their mail folder or list is no longer a scope of the run). */
export function releaseQuarantined(ctx: ResourceRunContext, items: readonly QuarantinedItem[]): Promise<void> {
  return saveApart(ctx, [], items);
}

async function saveApart(ctx: ResourceRunContext, failures: readonly ItemFailure[], released: readonly QuarantinedItem[]): Promise<void> {
  if (failures.length === 0 && released.length === 0) return;
  const apply = await ctx.local.transaction(() => save(ctx, failures, released));
  apply();
}
