import { UID } from '../pluginId';
import { mailboxIssue, normalizeAddress, validateMailboxInput, type MailboxInput } from '../mailboxes/validation';
import type { Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';
import { errors } from '@strapi/utils';

const OWNER_FIELDS = ['id', 'firstname', 'lastname', 'username', 'email'];
// Read through the query engine: the Document Service refuses admin users' email in a populate.
const populate = { owner: { select: OWNER_FIELDS } };

export interface Mailbox {
  id: number;
  documentId: string;
  address: string;
  displayName: string | null;
  owner: { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email: string } | null;
  enabled: boolean;
  calendar: boolean;
  tasks: boolean;
  email: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
}

export default ({ strapi }: { strapi: Strapi }) => {
  const documents = () => strapi.documents(UID.mailbox);

  async function findOne(documentId: string): Promise<Mailbox> {
    const found = await strapi.db.query(UID.mailbox).findOne({ where: { documentId }, populate });
    if (!found) throw new errors.NotFoundError('Mailbox not found');
    return found as unknown as Mailbox;
  }

  /** Checks what needs the database: the address is not taken and the owner exists. */
  async function checkReferences(data: MailboxInput, documentId?: string) {
    const issues = [];
    if (data.address) {
      const taken = await strapi.db.query(UID.mailbox).findOne({ where: { address: data.address }, select: ['documentId'] });
      if (taken && taken.documentId !== documentId) issues.push(mailboxIssue(['address'], 'duplicate'));
    }
    if (typeof data.owner === 'number') {
      const owner = await strapi.db.query('admin::user').findOne({ where: { id: data.owner }, select: ['id'] });
      if (!owner) issues.push(mailboxIssue(['owner'], 'owner-missing'));
    }
    if (issues.length > 0) throw validationError(issues);
  }

  function toData(input: Record<string, unknown>): MailboxInput {
    const data = { ...input } as MailboxInput;
    if (typeof data.address === 'string') data.address = normalizeAddress(data.address);
    if (typeof data.displayName === 'string') data.displayName = data.displayName.trim() || null;
    return data;
  }

  return {
    async list(): Promise<Mailbox[]> {
      return (await strapi.db.query(UID.mailbox).findMany({ populate, orderBy: { address: 'asc' } })) as Mailbox[];
    },

    findOne,

    async create(input: unknown): Promise<Mailbox> {
      const issues = validateMailboxInput(input, true);
      if (issues.length > 0) throw validationError(issues);
      const data = toData(input as Record<string, unknown>);
      await checkReferences(data);
      const created = await documents().create({ data: data as never });
      return findOne(created.documentId);
    },

    async update(documentId: string, input: unknown): Promise<Mailbox> {
      const issues = validateMailboxInput(input, false);
      if (issues.length > 0) throw validationError(issues);
      await findOne(documentId);
      const data = toData(input as Record<string, unknown>);
      await checkReferences(data, documentId);
      await documents().update({ documentId, data: data as never });
      return findOne(documentId);
    },

    /** Stops syncing a mailbox: synced entries stay, its cursors and mappings go. */
    async remove(documentId: string): Promise<void> {
      const mailbox = await findOne(documentId);
      await documents().delete({ documentId });
      await strapi.db.query(UID.syncState).deleteMany({ where: { mailbox: mailbox.address } });
      await strapi.db.query(UID.syncMapping).deleteMany({ where: { mailbox: mailbox.address } });
    },

    /** Admin users an owner can be chosen among. */
    async owners() {
      return strapi.db.query('admin::user').findMany({ select: OWNER_FIELDS, where: { isActive: true }, orderBy: { email: 'asc' } });
    },
  };
};
