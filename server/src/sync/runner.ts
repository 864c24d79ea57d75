// One sync run, once its lease is held: for each enabled mailbox × requested resource, pull then push
// (resource-sync.ts), each with its own Graph request counter and error list. Errors of one item or
// one resource never stop the others; only a stop at a checkpoint (tests) or a lost lease ends a run.
// Several mailboxes sync at once; the resources of one mailbox run one after another.
import { safeLogMessage } from './safe-errors';
import type { Gateway } from '../graph';
import type { StoredMailbox } from '../../../shared/api';
import type { PublicSettings } from '../../../shared/settings';
import { pluginConfig, pluginService, type Strapi } from '../utils/strapi';
import { bindPair } from '../content-mappings/binding';
import { adapterFor } from './adapters';
import { forEachBounded } from './concurrency';
import { LeaseLostError } from './fence';
import { failureClass, type FailureClass } from './failure-class';
import { resourceRunContext, RunAborted, toSyncError } from './context';
import { recordMailboxOutcome } from './local-entries';
import { graphRemote } from './sides/graph-remote';
import { strapiLocal } from './sides/strapi-local';
import type { RemoteSide } from './sides/types';
import { integrationEnabled, resourceSettings } from './resource-settings';
import { syncResource } from './resource-sync';
import type { ResourceName } from './resources/types';
import { RESOURCES, emptyResult, type Checkpoint, type CheckpointHook, type SyncResult, type SyncRunStatus } from './run-types';

export interface RunnerInput {
  strapi: Strapi;
  settings: PublicSettings;
  mailboxes: StoredMailbox[];
  /** Created lazily, so a run with nothing to do never needs credentials. */
  gateway: () => Promise<Gateway>;
  request: { mailboxes?: string[]; resources?: ResourceName[] };
  /** Only these mailbox × resource × scope deltas, pulled and not pushed (change notifications). */
  scopes?: ReadonlyArray<ScopeSelection>;
  /** Every scope is read from the start, not from its cursor (SyncRequest.fromScratch). */
  fromScratch?: boolean;
  onCheckpoint?: CheckpointHook;
  /** True once the run's lease was lost: the run stops at the next checkpoint. */
  leaseLost?: () => boolean;
}

/** One scope of one mailbox × resource, as a change notification names it. */
export interface ScopeSelection {
  mailbox: string;
  resource: ResourceName;
  scope: string;
}

export interface RunnerOutcome {
  status: Exclude<SyncRunStatus, 'running'>;
  results: SyncResult[];
}

/** Which mailbox × resource pairs a request covers: enabled globally, per mailbox, and asked for. */
export function plannedPairs(settings: PublicSettings, mailboxes: StoredMailbox[], request: RunnerInput['request']): Array<{ mailbox: StoredMailbox; resource: ResourceName }> {
  const wantedMailboxes = request.mailboxes?.map((m) => m.trim().toLowerCase());
  const wantedResources = request.resources ?? RESOURCES;
  const pairs: Array<{ mailbox: StoredMailbox; resource: ResourceName }> = [];
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

/**
 * How many mailboxes sync at once: as many as the global request cap holds at the per-mailbox cap
 * (16 / 4 by default). The gateway's limiter enforces both caps whatever this is.
 */
export function mailboxConcurrency(config: { maxConcurrent: number; maxConcurrentPerMailbox: number }): number {
  return Math.max(1, Math.floor(config.maxConcurrent / Math.max(1, config.maxConcurrentPerMailbox)));
}

const pairKeyOf = (mailbox: string, resource: ResourceName) => `${mailbox.toLowerCase()}\u0000${resource}`;

/** The scopes asked for, by mailbox × resource; null when the run covers whole resources. */
function scopedPullsOf(scopes: RunnerInput['scopes']): Map<string, Set<string>> | null {
  if (!scopes) return null;
  const byPair = new Map<string, Set<string>>();
  for (const { mailbox, resource, scope } of scopes) {
    const key = pairKeyOf(mailbox, resource);
    byPair.set(key, (byPair.get(key) ?? new Set()).add(scope));
  }
  return byPair;
}

export async function executeRun(input: RunnerInput): Promise<RunnerOutcome> {
  const { strapi, settings } = input;
  const scopedPulls = scopedPullsOf(input.scopes);
  const pairs = plannedPairs(settings, input.mailboxes, input.request).filter((p) => !scopedPulls || scopedPulls.has(pairKeyOf(p.mailbox.address, p.resource)));
  // Each mailbox × resource that stopped, with what stopped it (an admin's to mend, or transient).
  const failedResults = new Map<SyncResult, FailureClass>();
  let aborted = false;
  let gateway: Promise<Gateway> | null = null;
  // Shared by the concurrent pairs; a failure is not kept, so a later pair tries again as before.
  const getGateway = (): Promise<Gateway> =>
    (gateway ??= input.gateway().catch((error: unknown) => {
      gateway = null;
      throw error;
    }));
  const now = new Date();
  const config = pluginConfig(strapi);
  const contentMappings = pluginService(strapi, 'contentMappings');
  const mappings = pairs.length > 0 ? await contentMappings.list() : [];

  const checkpoint = (detail: { mailbox: string; resource: ResourceName }) => async (point: Checkpoint) => {
    if (input.leaseLost?.()) throw new RunAborted(point, new Error('the sync lease was lost to another process'));
    // Another pair stopped the run: the pairs still going stop at their next checkpoint, as a crash would stop them.
    if (aborted) throw new RunAborted(point, new Error('the run was stopped'));
    if (!input.onCheckpoint) return;
    try {
      await input.onCheckpoint(point, detail);
    } catch (error) {
      throw new RunAborted(point, error);
    }
  };

  // Results keep the planned order whatever order the pairs finish in.
  const planned = pairs.map(({ mailbox, resource }) => ({ mailbox, resource, result: emptyResult(mailbox.address, resource) }));
  const results = planned.map((p) => p.result);
  const byMailbox = new Map<StoredMailbox, typeof planned>();
  for (const pair of planned) byMailbox.set(pair.mailbox, [...(byMailbox.get(pair.mailbox) ?? []), pair]);

  const syncPair = async ({ mailbox, resource, result }: (typeof planned)[number]): Promise<void> => {
    let remote: RemoteSide | null = null;
    try {
      // A content mapping puts a host type in place of the plugin's own (README "Syncing your own content types").
      const mapping = contentMappings.covering(mappings, mailbox, resource);
      const mapped = mapping ? contentMappings.pair(mapping, mailbox) : null;
      const adapter = mapped?.adapter ?? adapterFor(resource)!;
      remote = graphRemote(await getGateway());
      await bindPair(strapi, mailbox.address, resource, adapter.uid);
      const resourceDefaults = resourceSettings(settings, resource, now);
      const ctx = await resourceRunContext({
        local: mapped?.local ?? strapiLocal(strapi, adapter, mailbox),
        remote,
        adapter,
        mailbox: { id: mailbox.id, address: mailbox.address },
        settings: mapping ? { ...resourceDefaults, direction: mapping.direction, conflictResolution: mapping.conflictResolution } : resourceDefaults,
        pageSize: config.pageSize,
        result,
        fromScratch: input.fromScratch === true,
        ...(scopedPulls ? { only: { scopes: scopedPulls.get(pairKeyOf(mailbox.address, resource))! } } : {}),
        checkpoint: checkpoint({ mailbox: mailbox.address, resource }),
      });
      await syncResource(ctx);
    } catch (error) {
      if (error instanceof RunAborted || error instanceof LeaseLostError) {
        aborted = true;
        result.errors.push({ code: error instanceof LeaseLostError ? error.code : 'aborted', message: error.message });
      } else {
        result.errors.push(toSyncError(error));
      }
      failedResults.set(result, failureClass(error));
      strapi.log.warn(`[microsoft-365] sync of ${resource} for ${mailbox.address} failed: ${safeLogMessage(error)}`);
    } finally {
      result.graphRequests = remote?.requests ?? 0;
    }
  };

  // Mailboxes in parallel (their requests overlap), the resources of one mailbox one after another.
  await forEachBounded([...byMailbox.values()], mailboxConcurrency(config), async (mailboxPairs) => {
    for (const pair of mailboxPairs) {
      if (aborted) return;
      await syncPair(pair);
    }
  });

  if (!aborted) {
    try {
      await checkpoint({ mailbox: '', resource: 'calendar' })('run:finishing');
    } catch (error) {
      aborted = true;
      results[0]?.errors.push({ code: 'aborted', message: (error as Error).message });
    }
  }
  if (!aborted) {
    const finishedAt = new Date().toISOString();
    for (const [mailbox, mailboxPairs] of byMailbox) {
      const firstError = mailboxPairs.flatMap((p) => p.result.errors)[0];
      const failures = mailboxPairs.flatMap((p) => failedResults.get(p.result) ?? []);
      const needsAdmin = failures.find((f) => f.kind === 'needs-admin');
      // A run of some resources only (Sync now for the calendar) cannot tell that the others are mended.
      // A notification's pull of some scopes cannot tell either (and is not a sync of the resource).
      const coversAll = !scopedPulls && mailboxPairs.length >= plannedPairs(settings, [mailbox], {}).length;
      const stored = (value: string | null) => (coversAll ? null : value);
      await recordMailboxOutcome(strapi, mailbox.id, {
        lastError: firstError ? firstError.message : scopedPulls ? mailbox.lastError : null,
        attentionCode: needsAdmin?.kind === 'needs-admin' ? needsAdmin.code : stored(mailbox.attentionCode),
        // A streak keeps the time it began; a run in which every resource went through ends it.
        failingSince: failures.length > 0 ? new Date(mailbox.failingSince ?? Date.now()) : mailbox.failingSince && !coversAll ? new Date(mailbox.failingSince) : null,
        resourceSyncedAt: {
          ...(mailbox.resourceSyncedAt ?? {}),
          ...(scopedPulls ? {} : Object.fromEntries(mailboxPairs.filter((p) => !failedResults.has(p.result)).map((p) => [p.resource, finishedAt]))),
        },
      });
    }
  }

  let status: RunnerOutcome['status'] = 'succeeded';
  if (aborted || (results.length > 0 && results.every((r) => failedResults.has(r)))) status = 'failed';
  else if (results.some((r) => r.errors.length > 0)) status = 'partial';
  return { status, results };
}
