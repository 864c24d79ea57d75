// Deletions the breaker held (sync/deletion-guard.ts), for the settings page's review: list them by
// mailbox × resource × side, and approve or discard a group. A review takes the sync lease, so it never
// overlaps a run, then starts a run of that mailbox and resource to carry the decision through Graph.
import { randomUUID } from 'node:crypto';
import { errors } from '@strapi/utils';
import { UID } from '../../../shared/plugin';
import { transaction } from '../sync/db';
import { heldOn } from '../sync/deletion-guard';
import { runFenced } from '../sync/fence';
import { createLease, SYNC_LEASE_NAME } from '../sync/lease';
import { emptyLocalWrites } from '../sync/local-entries';
import type { ResourceName } from '../sync/resources/types';
import { RESOURCES } from '../sync/run-types';
import { emptyMappingChanges, loadMappings, saveMappings, type DeletionSide, type Mapping } from '../sync/store';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import { validationError } from '../utils/validation-error';
import { object, oneOf, required, text, validator } from '../../../shared/validation/schema';
import { SyncInProgressError } from './sync';
import type { FieldError } from '../../../shared/settings';
import type { DeletionDecision, HeldDeletionGroup } from '../../../shared/api';

const SIDES: readonly DeletionSide[] = ['strapi', 'microsoft'];
/** Items listed per group; the count says how many there are in all. */
const LISTED_ITEMS = 200;

export interface ReviewRequest {
  mailbox: string;
  resource: ResourceName;
  side: DeletionSide;
}

export type { DeletionDecision, HeldDeletionGroup };

const REVIEW_MESSAGES = { mailbox: 'Must be the address of a mailbox', enum: 'Must be one of {values}', unknown: 'Is not a known field' };
const mailboxField = text({ trim: true, empty: 'mailbox', code: 'mailbox' });
// A body that is no object is read as {}: each field is then reported as missing.
const validateReviewBody = validator(
  object(
    {
      mailbox: required(mailboxField, { code: 'mailbox' }),
      resource: required(oneOf(RESOURCES), { code: 'enum', params: { values: RESOURCES.join(', ') } }),
      side: required(oneOf(SIDES), { code: 'enum', params: { values: SIDES.join(', ') } }),
    },
    { unknownKeys: 'last', notObject: 'as-empty' },
  ),
  REVIEW_MESSAGES,
  { codes: false },
);

function validateReview(body: unknown): { request: ReviewRequest; issues: FieldError[] } {
  const { value, issues } = validateReviewBody(body);
  if (!value) return { request: { mailbox: '', resource: 'calendar', side: 'strapi' }, issues };
  return { request: { ...value, mailbox: value.mailbox.toLowerCase() }, issues };
}

export default ({ strapi }: { strapi: Strapi }) => {
  /** What a decision does to the held mappings of one group; returns how many it covered. */
  async function decide(decision: DeletionDecision, { mailbox, resource, side }: ReviewRequest, stored: { id: number; documentId: string }): Promise<number> {
    const mappings = (await loadMappings(strapi, mailbox, resource)).all().filter((m) => heldOn(m, side, 'held'));
    if (mappings.length === 0) throw new errors.NotFoundError('No deletions are held for this mailbox, resource and side');
    const changes = emptyMappingChanges();
    const update = (mapping: Mapping, patch: Partial<Mapping>) => {
      Object.assign(mapping, patch);
      changes.update.push(mapping);
    };
    await transaction(strapi, async () => {
      if (side === 'strapi' && decision === 'approve') {
        // Microsoft deleted them: delete the entries here and now, nothing goes to Graph.
        // Through the local side runs use, so a mapped host type's entries are deleted as its own.
        const local = await pluginService(strapi, 'contentMappings').localSide({ ...stored, address: mailbox }, resource);
        const entries = await local.find(mappings.map((m) => m.localId!).filter(Boolean));
        const writes = emptyLocalWrites();
        for (const entry of entries.values()) writes.remove.push({ id: entry.id });
        await local.apply(writes);
        changes.remove.push(...mappings);
      } else if (side === 'strapi') {
        // Keep Strapi's entries and create them in Microsoft again: the next push sends them as new.
        for (const m of mappings) update(m, { remoteId: null, remoteHash: null, remoteAudienceHash: null, keptInStrapi: null, changeKey: null, pendingCreateId: randomUUID(), held: null });
      } else {
        // Strapi deleted them: the next run deletes them in Microsoft, or brings the entries back from there.
        for (const m of mappings) update(m, { held: { ...m.held!, state: decision === 'approve' ? 'approved' : 'restore' } });
      }
      await saveMappings(strapi, changes);
    });
    return mappings.length;
  }

  return {
    async list(): Promise<HeldDeletionGroup[]> {
      const rows = (await strapi.db.query(UID.syncMapping).findMany({
        where: { heldState: 'held' },
        select: ['id', 'mailbox', 'resource', 'localId', 'remoteId', 'heldSide', 'heldAt', 'heldTitle'],
        orderBy: [{ mailbox: 'asc' }, { resource: 'asc' }, { id: 'asc' }],
      })) as Array<Record<string, any>>;
      const groups = new Map<string, HeldDeletionGroup>();
      for (const row of rows) {
        const key = `${row.mailbox}\u0000${row.resource}\u0000${row.heldSide}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { mailbox: row.mailbox, resource: row.resource, side: row.heldSide, count: 0, since: new Date(row.heldAt).toISOString(), items: [] }));
        group.count++;
        const at = new Date(row.heldAt).toISOString();
        if (at < group.since) group.since = at;
        if (group.items.length < LISTED_ITEMS) group.items.push({ id: Number(row.id), title: row.heldTitle ?? null, localId: row.localId ?? null, remoteId: row.remoteId ?? null });
      }
      return [...groups.values()];
    },

    /** Approves or discards one group's held deletions; then starts a run of that mailbox and resource. */
    async review(decision: DeletionDecision, body: unknown): Promise<{ count: number; run: { id: string } | null }> {
      const { request, issues } = validateReview(body);
      if (issues.length > 0) throw validationError(issues);
      const mailbox = await strapi.db.query(UID.mailbox).findOne({ where: { address: request.mailbox }, select: ['id', 'documentId'] });
      if (!mailbox) throw validationError([{ path: ['mailbox'], message: 'No such mailbox' }]);

      const lease = createLease(strapi, { name: SYNC_LEASE_NAME, ttlMs: pluginConfig(strapi).leaseTtlSeconds * 1000 });
      if (!(await lease.acquire())) throw new SyncInProgressError();
      let count: number;
      try {
        count = await runFenced({ name: SYNC_LEASE_NAME, holder: lease.holder }, () => decide(decision, request, { id: Number(mailbox.id), documentId: String(mailbox.documentId) }));
      } finally {
        await lease.release();
      }
      let run: { id: string } | null = null;
      try {
        const started = await pluginService(strapi, 'sync').start({ mailboxes: [request.mailbox], resources: [request.resource], trigger: 'manual' });
        run = { id: started.id };
      } catch (error) {
        // A run that began meanwhile, or the next scheduled one, carries the decision through.
        if (!(error instanceof SyncInProgressError)) throw error;
      }
      return { count, run };
    },
  };
};
