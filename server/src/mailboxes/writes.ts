// Every write of a mailbox, whatever makes it (the plugin's routes, the Content Manager, another plugin
// through the Document Service), goes through one gate: the address is normalized and unique, the owner
// is an admin user, the fields are valid; in the Content Manager the admin also needs `settings.update`,
// as on the plugin's routes. Deleting a mailbox, any way, forgets its cursors and mappings (its synced
// entries stay).
import { errors } from '@strapi/utils';
import { ACTIONS, UID } from '../../../shared/plugin';
import { RUN_STATE_FIELDS } from '../content-types/mailbox';
import { contentManagerAbility } from '../utils/content-manager-request';
import { relationChange } from '../utils/relation-change';
import { pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';
import { mailboxIssue, normalizeAddress, validateMailboxInput, type MailboxInput, type MailboxIssue } from '../../../shared/mailbox-validation';

const WRITES = new Set(['create', 'update', 'clone', 'delete']);
const FLAGS = ['enabled', 'calendar', 'tasks', 'email'] as const;

interface MailboxParams {
  documentId?: string;
  data?: Record<string, unknown>;
}

export function guardMailboxWrites(strapi: Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== UID.mailbox || !WRITES.has(context.action)) return next();
    // Live-update subscriptions follow the mailboxes (services/notifications.ts).
    const written = <T>(result: T): T => {
      pluginService(strapi, 'notifications').requestMaintain();
      return result;
    };
    const ability = contentManagerAbility(strapi);
    if (ability && !ability.can(ACTIONS.settingsUpdate)) {
      throw new errors.ForbiddenError('Changing mailboxes needs the Microsoft 365 permission "Update Microsoft 365 settings"');
    }
    const params = context.params as MailboxParams;
    if (context.action === 'delete') return written(await deleteWithBookkeeping(strapi, params.documentId, next));

    const data = params.data ?? {};
    // The Content Manager sends its whole form back, with the run state as it was when the form opened.
    for (const field of RUN_STATE_FIELDS) delete data[field];
    const input = await mailboxFields(strapi, data);
    const creating = context.action !== 'update';
    if (context.action === 'clone' && input.address === undefined) {
      // A copy keeps the source's address unless it is given a new one, and an address is one mailbox.
      const source = await strapi.db.query(UID.mailbox).findOne({ where: { documentId: params.documentId }, select: ['address'] });
      if (source) input.address = source.address as string;
    }
    const issues: MailboxIssue[] = validateMailboxInput(input, creating);
    if (issues.length > 0) throw validationError(issues);
    normalize(input);
    await checkReferences(strapi, input, context.action === 'update' ? params.documentId : undefined);
    if (input.address !== undefined) data.address = input.address;
    if (input.displayName !== undefined) data.displayName = input.displayName;
    return written(await next());
  });
}

/**
 * The mailbox's own fields as the plugin's validation reads them. The Content Manager sends the whole
 * form (timestamps, read-only fields, the owner as { connect, disconnect }); only what a mailbox is made
 * of is checked here, the rest is the Document Service's to refuse.
 */
async function mailboxFields(strapi: Strapi, data: Record<string, unknown>): Promise<MailboxInput & Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const key of ['address', 'displayName', ...FLAGS]) if (data[key] !== undefined) input[key] = data[key];
  const owner = relationChange(data.owner);
  if (owner.kind === 'none') input.owner = null;
  if (owner.kind === 'to') {
    if ('id' in owner.ref) input.owner = owner.ref.id;
    else {
      const user = await strapi.db.query('admin::user').findOne({ where: { documentId: owner.ref.documentId }, select: ['id'] });
      if (!user) throw validationError([mailboxIssue(['owner'], 'owner-missing')]);
      input.owner = user.id as number;
    }
  }
  return input;
}

function normalize(input: MailboxInput): void {
  if (typeof input.address === 'string') input.address = normalizeAddress(input.address);
  if (typeof input.displayName === 'string') input.displayName = input.displayName.trim() || null;
}

/** What needs the database: the address is not another mailbox's and the owner exists. */
async function checkReferences(strapi: Strapi, input: MailboxInput, documentId?: string): Promise<void> {
  const issues: MailboxIssue[] = [];
  if (input.address) {
    const taken = await strapi.db.query(UID.mailbox).findOne({ where: { address: input.address }, select: ['documentId'] });
    if (taken && taken.documentId !== documentId) issues.push(mailboxIssue(['address'], 'duplicate'));
    else if (documentId && (await hasSyncedUnderOtherAddress(strapi, documentId, input.address))) issues.push(mailboxIssue(['address'], 'address-synced'));
  }
  if (typeof input.owner === 'number') {
    const owner = await strapi.db.query('admin::user').findOne({ where: { id: input.owner }, select: ['id'] });
    if (!owner) issues.push(mailboxIssue(['owner'], 'owner-missing'));
  }
  if (issues.length > 0) throw validationError(issues);
}

/**
 * The mailbox's cursors and mappings are kept by its address: under a new address they would stand for
 * another user's calendar, and that user's Outlook would receive every entry of this one as new.
 */
async function hasSyncedUnderOtherAddress(strapi: Strapi, documentId: string, address: string): Promise<boolean> {
  const current = await strapi.db.query(UID.mailbox).findOne({ where: { documentId }, select: ['address'] });
  if (!current || current.address === address) return false;
  const where = { mailbox: current.address as string };
  return (await strapi.db.query(UID.syncMapping).count({ where })) > 0 || (await strapi.db.query(UID.syncState).count({ where })) > 0;
}

async function deleteWithBookkeeping<T>(strapi: Strapi, documentId: string | undefined, next: () => T): Promise<Awaited<T>> {
  // One transaction: a mailbox is never gone with its cursors (mappings, quarantined items) left, or the other way round.
  return strapi.db.transaction(async (): Promise<Awaited<T>> => {
    const mailbox = documentId ? await strapi.db.query(UID.mailbox).findOne({ where: { documentId }, select: ['address'] }) : null;
    const result = await next();
    if (mailbox) {
      const address = mailbox.address as string;
      await strapi.db.query(UID.syncState).deleteMany({ where: { mailbox: address } });
      await strapi.db.query(UID.syncMapping).deleteMany({ where: { mailbox: address } });
      await strapi.db.query(UID.syncQuarantine).deleteMany({ where: { mailbox: address } });
    }
    return result;
  });
}
