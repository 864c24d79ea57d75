// "In a mailbox I own" on Create and Update, for events, tasks and messages written in the Content Manager.
// Strapi checks a condition against the entry it reads (list, read, update, delete) but not against the
// data it writes: its create handler leaves that as a TODO, and an update may move an entry to another
// mailbox. Unchecked, a role limited to its own mailboxes could create an event with attendees in any
// mailbox, which the next sync sends from there. So the mailbox an entry ends up in is checked here with
// the user's own Content Manager ability (the same check Strapi makes when it reads that entry).
import { errors } from '@strapi/utils';
import { MAILBOX_UID, SYNCED_UIDS } from './rbac';
import type { Strapi } from './utils/strapi';

const GUARDED = new Set(SYNCED_UIDS.filter((uid) => uid !== MAILBOX_UID));
const ACTION = { create: 'create', update: 'update' } as const;

type Reference = { id: number } | { documentId: string };
/** What a write does to the mailbox relation: leaves it, clears it, or points it at a mailbox. */
type MailboxChange = { kind: 'unchanged' } | { kind: 'none' } | { kind: 'to'; ref: Reference };

function referenceOf(value: unknown): Reference | null {
  if (typeof value === 'string' && value !== '') return { documentId: value };
  if (typeof value === 'number') return { id: value };
  if (value && typeof value === 'object') {
    const { documentId, id } = value as { documentId?: unknown; id?: unknown };
    if (typeof documentId === 'string') return { documentId };
    if (typeof id === 'number') return { id };
  }
  return null;
}

/** Reads the relation the way the Document Service accepts it: an id, a documentId, { connect | set | disconnect }. */
export function mailboxChange(value: unknown): MailboxChange {
  if (value === undefined) return { kind: 'unchanged' };
  if (value === null) return { kind: 'none' };
  if (Array.isArray(value)) return value.length === 0 ? { kind: 'none' } : toReference(value[value.length - 1]);
  if (typeof value === 'object' && ('connect' in value || 'set' in value || 'disconnect' in value)) {
    const { connect, set, disconnect } = value as { connect?: unknown; set?: unknown; disconnect?: unknown };
    const target = [set, connect].find((list) => list !== undefined && !(Array.isArray(list) && list.length === 0));
    if (target !== undefined) return mailboxChange(target);
    if (set !== undefined || (Array.isArray(disconnect) && disconnect.length > 0)) return { kind: 'none' };
    return { kind: 'unchanged' };
  }
  return toReference(value);
}

function toReference(value: unknown): MailboxChange {
  const ref = referenceOf(value);
  // Something the Document Service will refuse anyway; checked as "no mailbox" so it never passes here.
  return ref ? { kind: 'to', ref } : { kind: 'none' };
}

interface AdminRequestState {
  userAbility?: unknown;
}

export function guardOwnMailboxWrites(strapi: Strapi): void {
  strapi.documents.use(async (context, next) => {
    const action = ACTION[context.action as keyof typeof ACTION];
    if (!action || !GUARDED.has(context.uid)) return next();
    const request = strapi.requestContext.get() as { state?: AdminRequestState; request?: { path?: string } } | undefined;
    // Only what an admin writes in the Content Manager; the sync and other plugins write on their own terms.
    if (!request?.state?.userAbility || !String(request.request?.path ?? '').startsWith('/content-manager/')) return next();

    const data = ((context.params as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
    const change = mailboxChange(data.mailbox);
    // An update that leaves the mailbox alone: Strapi already checked the entry as it is.
    if (change.kind === 'unchanged' && action === 'update') return next();
    let mailbox: { id: number; documentId: string; owner: { id: number } | null } | null = null;
    if (change.kind === 'to') {
      mailbox = (await strapi.db.query(MAILBOX_UID).findOne({ where: change.ref, select: ['id', 'documentId'], populate: { owner: { select: ['id'] } } })) as typeof mailbox;
    }
    const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: request.state.userAbility, model: context.uid });
    if (checker.cannot[action]({ mailbox })) {
      throw new errors.ForbiddenError('You may only write entries in a mailbox you are allowed to (the mailbox relation)');
    }
    return next();
  });
}
