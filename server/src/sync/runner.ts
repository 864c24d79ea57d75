// One sync run, once its lease is held: for each enabled mailbox × requested resource, pull then push
// (resource-sync.ts), each with its own Graph request counter and error list. Errors of one item or
// one resource never stop the others; only a stop at a checkpoint (tests) or a lost lease ends a run.
import { createRequestCounter, type Gateway } from '../graph';
import type { Mailbox } from '../services/mailboxes';
import type { PublicSettings } from '../settings/types';
import { pluginConfig, type Strapi } from '../utils/strapi';
import { adapterFor } from './adapters';
import { RunAborted, toSyncError, type ResourceRunContext } from './context';
import { LocalEntries, recordMailboxOutcome } from './local-entries';
import { integrationEnabled, resourceSettings } from './resource-settings';
import { syncResource } from './resource-sync';
import type { ResourceName } from './resources/types';
import { RESOURCES, emptyResult, type Checkpoint, type CheckpointHook, type SyncResult, type SyncRunStatus } from './run-types';
import { loadMappings } from './store';

export interface RunnerInput {
  strapi: Strapi;
  settings: PublicSettings;
  mailboxes: Mailbox[];
  /** Created lazily, so a run with nothing to do never needs credentials. */
  gateway: () => Promise<Gateway>;
  request: { mailboxes?: string[]; resources?: ResourceName[] };
  onCheckpoint?: CheckpointHook;
  /** True once the run's lease was lost: the run stops at the next checkpoint. */
  leaseLost?: () => boolean;
}

export interface RunnerOutcome {
  status: Exclude<SyncRunStatus, 'running'>;
  results: SyncResult[];
}

/** Which mailbox × resource pairs a request covers: enabled globally, per mailbox, and asked for. */
export function plannedPairs(settings: PublicSettings, mailboxes: Mailbox[], request: RunnerInput['request']): Array<{ mailbox: Mailbox; resource: ResourceName }> {
  const wantedMailboxes = request.mailboxes?.map((m) => m.trim().toLowerCase());
  const wantedResources = request.resources ?? RESOURCES;
  const pairs: Array<{ mailbox: Mailbox; resource: ResourceName }> = [];
  for (const mailbox of mailboxes) {
    if (!mailbox.enabled) continue;
    if (wantedMailboxes && !wantedMailboxes.includes(mailbox.address.toLowerCase()) && !wantedMailboxes.includes(mailbox.documentId.toLowerCase())) continue;
    for (const resource of RESOURCES) {
      if (!wantedResources.includes(resource) || !integrationEnabled(settings, resource) || !mailbox[resource]) continue;
      if (!adapterFor(resource)) continue; // not implemented yet
      pairs.push({ mailbox, resource });
    }
  }
  return pairs;
}

export async function executeRun(input: RunnerInput): Promise<RunnerOutcome> {
  const { strapi, settings } = input;
  const pairs = plannedPairs(settings, input.mailboxes, input.request);
  const results: SyncResult[] = [];
  const failedResults = new Set<SyncResult>();
  let aborted = false;
  let gateway: Gateway | null = null;
  const now = new Date();

  const checkpoint = (detail: { mailbox: string; resource: ResourceName }) => async (point: Checkpoint) => {
    if (input.leaseLost?.()) throw new RunAborted(point, new Error('the sync lease was lost to another process'));
    if (!input.onCheckpoint) return;
    try {
      await input.onCheckpoint(point, detail);
    } catch (error) {
      throw new RunAborted(point, error);
    }
  };

  const byMailbox = new Map<Mailbox, SyncResult[]>();
  for (const { mailbox, resource } of pairs) {
    const result = emptyResult(mailbox.address, resource);
    results.push(result);
    byMailbox.set(mailbox, [...(byMailbox.get(mailbox) ?? []), result]);
    if (aborted) continue;
    const counter = createRequestCounter();
    try {
      gateway ??= await input.gateway();
      const adapter = adapterFor(resource)!;
      const resSettings = resourceSettings(settings, resource, now);
      const ctx: ResourceRunContext = {
        strapi,
        gateway,
        counter,
        adapter,
        mailbox: { id: mailbox.id, address: mailbox.address },
        settings: resSettings,
        pageSize: pluginConfig(strapi).pageSize,
        result,
        mappings: await loadMappings(strapi, mailbox.address, resource),
        local: new LocalEntries(strapi, adapter.uid, adapter.localFields, mailbox.id),
        scopes: adapter.fixedScopes(resSettings),
        fetchedReferences: new Set(),
        unknownRemovals: false,
        handedOver: new Set(),
        checkpoint: checkpoint({ mailbox: mailbox.address, resource }),
      };
      await syncResource(ctx);
    } catch (error) {
      if (error instanceof RunAborted) {
        aborted = true;
        result.errors.push({ code: 'aborted', message: error.message });
      } else {
        result.errors.push(toSyncError(error));
      }
      failedResults.add(result);
      strapi.log.warn(`[microsoft-365] sync of ${resource} for ${mailbox.address} failed: ${(error as Error).message}`);
    } finally {
      result.graphRequests = counter.requests;
    }
  }

  if (!aborted) {
    try {
      await checkpoint({ mailbox: '', resource: 'calendar' })('run:finishing');
    } catch (error) {
      aborted = true;
      results[0]?.errors.push({ code: 'aborted', message: (error as Error).message });
    }
  }
  if (!aborted) {
    for (const [mailbox, mailboxResults] of byMailbox) {
      const firstError = mailboxResults.flatMap((r) => r.errors)[0];
      await recordMailboxOutcome(strapi, mailbox.id, firstError ? firstError.message : null);
    }
  }

  let status: RunnerOutcome['status'] = 'succeeded';
  if (aborted || (results.length > 0 && results.every((r) => failedResults.has(r)))) status = 'failed';
  else if (results.some((r) => r.errors.length > 0)) status = 'partial';
  return { status, results };
}
