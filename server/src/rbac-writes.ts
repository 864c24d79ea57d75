// "In a mailbox I own" on Create and Update, for events, tasks and messages written in the Content Manager.
// Strapi checks a condition against the entry it reads (list, read, update, delete) but not against the
// data it writes: its create handler leaves that as a TODO, and an update may move an entry to another
// mailbox. Unchecked, a role limited to its own mailboxes could create an event with attendees in any
// mailbox, which the next sync sends from there. So the mailbox an entry ends up in is checked here with
// the user's own Content Manager ability (the same check Strapi makes when it reads that entry).
import { errors } from '@strapi/utils';
import { MAILBOX_UID, SYNCED_UIDS } from './rbac';
import { contentManagerAbility } from './utils/content-manager-request';
import { relationChange } from './utils/relation-change';
import type { Strapi } from './utils/strapi';

const GUARDED = new Set(SYNCED_UIDS.filter((uid) => uid !== MAILBOX_UID));
const ACTION = { create: 'create', update: 'update' } as const;

export function guardOwnMailboxWrites(strapi: Strapi): void {
  strapi.documents.use(async (context, next) => {
    const action = ACTION[context.action as keyof typeof ACTION];
    if (!action || !GUARDED.has(context.uid)) return next();
    // Only what an admin writes in the Content Manager; the sync and other plugins write on their own terms.
    const userAbility = contentManagerAbility(strapi);
    if (!userAbility) return next();

    const data = ((context.params as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
    const change = relationChange(data.mailbox);
    // An update that leaves the mailbox alone: Strapi already checked the entry as it is.
    if (change.kind === 'unchanged' && action === 'update') return next();
    let mailbox: { id: number; documentId: string; owner: { id: number } | null } | null = null;
    if (change.kind === 'to') {
      mailbox = (await strapi.db.query(MAILBOX_UID).findOne({ where: change.ref, select: ['id', 'documentId'], populate: { owner: { select: ['id'] } } })) as typeof mailbox;
    }
    const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility, model: context.uid });
    if (checker.cannot[action]({ mailbox })) {
      throw new errors.ForbiddenError('You may only write entries in a mailbox you are allowed to (the mailbox relation)');
    }
    return next();
  });
}
