// What syncing one mailbox × resource needs, shared by the pull and push steps.
import { safeError } from './safe-errors';
import { randomUUID } from 'node:crypto';
import { isGatewayError } from '../graph';
import type { LocalSide, RemoteSide } from './sides/types';
import { hashSyncedFields, type SyncedFields as HashableFields } from './hash';
import type { LocalEntry } from './local-entries';
import type { ResourceAdapter, ResourceSettings, Scope, SyncedFields } from './resources/types';
import type { Checkpoint, SyncError, SyncResult } from './run-types';
import type { Mapping, MappingIndex } from './store';
import type { Quarantine } from './quarantine';

export interface ResourceRunContext {
  /** Strapi, as the engine sees it: the resource's entries of this mailbox and the sync's own tables. */
  local: LocalSide;
  /** Microsoft Graph, as the engine sees it (it counts the run's requests). */
  remote: RemoteSide;
  adapter: ResourceAdapter;
  mailbox: { id: number; address: string };
  settings: ResourceSettings;
  /** Prefer: odata.maxpagesize for delta rounds. */
  pageSize: number;
  result: SyncResult;
  mappings: MappingIndex;
  scopes: Scope[];
  /** Ids of referenced items (series masters) already fetched in this run: fetched once per run. */
  fetchedReferences: Set<string>;
  /** Set when a delta round removed items no mapping knows (occurrences): their series may have changed. */
  unknownRemovals: boolean;
  /** Mappings the pull step left work on for the push step (their conflict is already counted). */
  handedOver: Set<Mapping>;
  /** Items kept aside because they cannot be synced as they stand (quarantine.ts). */
  quarantine: Quarantine;
  /** Read every scope from the start this run (the cursors' rows stay, their links are not used). */
  fromScratch: boolean;
  /**
   * A run for change notifications (notifications/dispatcher.ts): only these scopes' deltas are
   * pulled, and nothing is pushed; the schedule does the rest. Absent: the whole resource.
   */
  only?: ScopedPull;
  checkpoint(point: Checkpoint): Promise<void>;
}

/** What a run of one mailbox × resource starts from; the rest of its context is loaded or starts empty. */
export type ResourceRunInput = Pick<ResourceRunContext, 'local' | 'remote' | 'adapter' | 'mailbox' | 'settings' | 'pageSize' | 'result' | 'only'> &
  Partial<Pick<ResourceRunContext, 'fromScratch' | 'checkpoint'>>;

/** The context of one mailbox × resource's run: its mappings and quarantine read from the local side. */
export async function resourceRunContext(input: ResourceRunInput): Promise<ResourceRunContext> {
  const mappings = await input.local.loadMappings();
  const quarantine = await input.local.loadQuarantine();
  return {
    ...input,
    mappings,
    quarantine,
    scopes: input.adapter.fixedScopes(input.settings),
    fetchedReferences: new Set(),
    unknownRemovals: false,
    handedOver: new Set(),
    fromScratch: input.fromScratch ?? false,
    checkpoint: input.checkpoint ?? (async () => {}),
  };
}

export interface ScopedPull {
  /** The cursor keys of the scopes to pull. */
  scopes: ReadonlySet<string>;
}

/**
 * What deciding needs of a run: the adapter, the settings and the run's in-memory state, but neither
 * Strapi nor Graph. The decide phase (pull-decide.ts) and the helpers it uses take only this, so the
 * compiler keeps I/O out of it and a unit test can run it without either.
 */
export type DecideContext = Pick<ResourceRunContext, 'adapter' | 'settings' | 'mailbox' | 'mappings' | 'result' | 'handedOver' | 'fetchedReferences' | 'scopes' | 'unknownRemovals' | 'quarantine'>;

/** Thrown by a checkpoint hook to stop the run on the spot, as a crash would. Never caught per item. */
export class RunAborted extends Error {
  constructor(readonly point: Checkpoint, readonly reason: unknown) {
    super(`sync run stopped at ${point}: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'RunAborted';
  }
}

export function hashOf(fields: SyncedFields): string {
  return hashSyncedFields(fields as HashableFields);
}

/** What a mapping keeps of Microsoft's version besides its hash: the hash of what the item's audience sees (AudienceView). */
export function remoteAudienceHashOf(ctx: Pick<DecideContext, 'adapter' | 'settings'>, fields: SyncedFields): string | null {
  return ctx.adapter.audience?.hash(fields, ctx.settings) ?? null;
}

/** `fields` with `from`'s values of the named fields (the ones Strapi keeps itself: Mapping.keptInStrapi, RemoteWrite.unsent). */
export function withFieldsOf(fields: SyncedFields, from: SyncedFields, names: readonly string[]): SyncedFields {
  if (names.length === 0) return fields;
  return { ...fields, ...Object.fromEntries(names.map((name) => [name, from[name]])) };
}

/** The fields a mapping says Strapi keeps itself (Microsoft's item lacks them: they were never sent). */
export const keptInStrapi = (mapping: Mapping | undefined): string[] => mapping?.keptInStrapi?.split(',').filter(Boolean) ?? [];

export function localSide(ctx: Pick<DecideContext, 'adapter'>, entry: LocalEntry): { fields: SyncedFields; hash: string; modifiedAt: string | null } {
  const fields = ctx.adapter.fromLocal(entry);
  return { fields, hash: hashOf(fields), modifiedAt: entry.updatedAt ? new Date(entry.updatedAt).toISOString() : null };
}

export function newMapping(ctx: Pick<DecideContext, 'adapter' | 'mailbox'>, scope: Scope | null): Mapping {
  return {
    mailbox: ctx.mailbox.address,
    resource: ctx.adapter.resource,
    scope: scope?.key ?? null,
    localId: null,
    remoteId: null,
    remoteParentId: scope?.remoteParentId ?? null,
    localHash: null,
    remoteHash: null,
    changeKey: null,
    pendingCreateId: null,
    awaitingDelta: false,
    viaReference: false,
    syncedAt: null,
  };
}

/** Changes a mapping's fields and keeps the in-memory index in step. */
export function patchMapping(ctx: Pick<DecideContext, 'mappings'>, mapping: Mapping, patch: Partial<Mapping>): void {
  const before = { remoteId: mapping.remoteId, localId: mapping.localId, pendingCreateId: mapping.pendingCreateId };
  ctx.mappings.touch(mapping);
  Object.assign(mapping, patch);
  ctx.mappings.reindex(mapping, before);
}

export function newTransactionId(): string {
  return randomUUID();
}

/** What a run records of a failure: never SQL, bound values or item content (safe-errors.ts). */
/** A run error; `item` names the entry or Microsoft item it is about, so the run's page can link to it. */
export function toSyncError(error: unknown, what?: string, item?: Pick<SyncError, 'localId' | 'remoteId'>): SyncError {
  const ids = item ? { localId: item.localId ?? null, remoteId: item.remoteId ?? null } : {};
  if (isGatewayError(error)) return { code: error.code, message: (what ? `${what}: ` : '') + error.message, ...ids };
  const { code, message } = safeError(error, what);
  return { code, message, ...ids };
}

/** Graph's Prefer for Outlook items: ids that survive folder moves, the same ids delta returns. */
export const IMMUTABLE_ID_PREFER = 'IdType="ImmutableId"';

export function withPrefer(headers: Record<string, string> | undefined): Record<string, string> {
  const out = { ...(headers ?? {}) };
  if (!Object.keys(out).some((k) => k.toLowerCase() === 'prefer')) out.Prefer = IMMUTABLE_ID_PREFER;
  return out;
}
