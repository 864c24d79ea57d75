import { RESOURCES, UID } from '../../../shared/plugin';
import { validateMailboxInput } from '../../../shared/mailbox-validation';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import type { PluginServices } from './index';
import { scheduledRetryAt } from '../mailboxes/backoff';
import { mailboxHealth } from '../mailboxes/health';
import { resourceCounts, type CountsByPair } from '../mailboxes/resource-counts';
import type { Mailbox, StoredMailbox } from '../../../shared/api';
import { validationError } from '../utils/validation-error';
import { errors } from '@strapi/utils';

const OWNER_FIELDS = ['id', 'firstname', 'lastname', 'username', 'email'];
// Read through the query engine: the Document Service refuses admin users' email in a populate.
const populate = { owner: { select: OWNER_FIELDS } };

export type { Mailbox };
type LiveUpdatesOf = Awaited<ReturnType<PluginServices['notifications']['liveUpdates']>>;

export default ({ strapi }: { strapi: Strapi }) => {
  const documents = () => strapi.documents(UID.mailbox);

  const withHealth = (mailbox: StoredMailbox, counts: CountsByPair, intervalMinutes: number, live: LiveUpdatesOf): Mailbox => {
    const config = pluginConfig(strapi);
    const retryAt = scheduledRetryAt(mailbox, intervalMinutes, config.maxRetryBackoffMinutes);
    const health = mailboxHealth(mailbox, new Date(), config.degradedAfterHours, counts);
    const liveUpdates = live(mailbox.address, mailbox.enabled ? RESOURCES.filter((resource) => mailbox[resource]) : []);
    return { ...mailbox, health: { ...health, retryAt: retryAt?.toISOString() ?? null, liveUpdates } };
  };
  const liveUpdatesOf = () => pluginService(strapi, 'notifications').liveUpdates();
  const intervalMinutes = async () => (await pluginService(strapi, 'settings').get()).sync.intervalMinutes;

  /** The mailboxes as stored: what the sync, sending and the connection test need, without counting what each holds. */
  async function stored(): Promise<StoredMailbox[]> {
    return (await strapi.db.query(UID.mailbox).findMany({ populate, orderBy: { address: 'asc' } })) as StoredMailbox[];
  }

  async function findOne(documentId: string): Promise<Mailbox> {
    const found = await strapi.db.query(UID.mailbox).findOne({ where: { documentId }, populate });
    if (!found) throw new errors.NotFoundError('Mailbox not found');
    return withHealth(found as StoredMailbox, await resourceCounts(strapi, String(found.address)), await intervalMinutes(), await liveUpdatesOf());
  }

  return {
    /** GET /mailboxes: each with its health. */
    async list(): Promise<Mailbox[]> {
      const [mailboxes, counts, interval, live] = [await stored(), await resourceCounts(strapi), await intervalMinutes(), await liveUpdatesOf()];
      return mailboxes.map((mailbox) => withHealth(mailbox, counts, interval, live));
    },

    stored,

    findOne,

    async create(input: unknown): Promise<Mailbox> {
      const issues = validateMailboxInput(input, true);
      if (issues.length > 0) throw validationError(issues);
      // Normalized, checked for uniqueness and the owner by the mailbox write gate (mailboxes/writes.ts).
      const created = await documents().create({ data: input as never });
      return findOne(created.documentId);
    },

    async update(documentId: string, input: unknown): Promise<Mailbox> {
      const issues = validateMailboxInput(input, false);
      if (issues.length > 0) throw validationError(issues);
      await findOne(documentId);
      await documents().update({ documentId, data: input as never });
      return findOne(documentId);
    },

    /** Stops syncing a mailbox: synced entries stay; the write gate removes its cursors and mappings. */
    async remove(documentId: string): Promise<void> {
      await findOne(documentId);
      await documents().delete({ documentId });
    },

    /** Admin users an owner can be chosen among. */
    async owners() {
      return strapi.db.query('admin::user').findMany({ select: OWNER_FIELDS, where: { isActive: true }, orderBy: { email: 'asc' } });
    },
  };
};
