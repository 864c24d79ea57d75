// One scenario's world: the Graph emulator (demo tenant, set latency) and the real playground Strapi
// on a fresh database wired to it, plus what the scenarios and the naive ways need from both.
import { randomBytes } from 'node:crypto';
import { DEMO, startEmulator, type Emulator } from '../../test/emulator';
import { startPlayground, type Playground } from '../../test/helpers/playground';
import type { DatabaseKind } from '../../test/helpers/databases';
import { createGateway, type Gateway } from '../../server/src/graph';
import type { SyncRun } from '../../server/src/sync/run-types';
import type { SettingsPatch } from '../../shared/settings';
import { DbCounter } from './db-counter';
import { UID } from '../../shared/plugin';

export const EVENT_UID = UID.calendarEvent;
export const EMAIL_UID = UID.emailMessage;
export const MAPPING_UID = UID.syncMapping;

export interface BenchMailbox {
  address: string;
  documentId: string;
  id: number;
}

export interface SyncService {
  run(options?: Record<string, unknown>): Promise<SyncRun>;
  /** Waits for this process's run, if any. */
  idle(): Promise<void>;
}

export interface World {
  emulator: Emulator;
  playground: Playground;
  strapi: Playground['strapi'];
  sync: SyncService;
  db: DbCounter;
  latencyMs: number;
  /** Delta page size the plugin asks Graph for (plugin config pageSize). */
  pageSize: number;
  /** Global cap of requests in flight (plugin config maxConcurrent). */
  maxConcurrent: number;
  /** A gateway of our own, for the naive ways: the real one, with its own token and limiter. */
  naiveGateway: Gateway;
  stop(): Promise<void>;
}

export async function startWorld(options: { database: DatabaseKind; latencyMs: number; settings?: SettingsPatch; env?: Record<string, string> }): Promise<World> {
  const emulator = await startEmulator({ seed: 'demo', latencyMs: options.latencyMs, checkResponses: false });
  const playground = await startPlayground({
    database: options.database,
    env: { MICROSOFT365_AUTHORITY_HOST: emulator.url, MICROSOFT365_GRAPH_BASE_URL: emulator.url, MICROSOFT365_SCHEDULER: 'false', ...options.env },
  });
  const { strapi } = playground;
  await strapi.plugin('microsoft-365').service('settings').update({
    azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' },
    integrations: { calendar: true, tasks: false, email: false },
    ...options.settings,
  });
  const config = strapi.config.get('plugin::microsoft-365') as { pageSize: number; maxConcurrent: number; maxConcurrentPerMailbox: number; maxRetries: number };
  const naiveGateway = createGateway({
    tenantId: DEMO.tenantId,
    clientId: DEMO.clientId,
    clientSecret: DEMO.clientSecret,
    authorityHost: emulator.url,
    graphBaseUrl: emulator.url,
    maxConcurrentPerMailbox: config.maxConcurrentPerMailbox,
    maxConcurrent: config.maxConcurrent,
    maxRetries: config.maxRetries,
  });
  // Tokens are fetched once per process and cached: fetch them now so no measurement pays for it.
  await strapi.plugin('microsoft-365').service('graph').getAccessToken();
  await naiveGateway.getAccessToken();
  return {
    emulator,
    playground,
    strapi,
    sync: strapi.plugin('microsoft-365').service('sync') as SyncService,
    db: new DbCounter(strapi.db.connection as never),
    latencyMs: options.latencyMs,
    pageSize: config.pageSize,
    maxConcurrent: config.maxConcurrent,
    naiveGateway,
    async stop() {
      await playground.stop();
      await emulator.close();
    },
  };
}

export async function updateSettings(world: World, patch: SettingsPatch): Promise<void> {
  await world.strapi.plugin('microsoft-365').service('settings').update(patch);
}

/** A fresh mailbox on both sides: an Outlook user in the emulator and a mailbox in Strapi. */
export async function newMailbox(world: World, name: string): Promise<BenchMailbox> {
  const address = `${name}-${randomBytes(3).toString('hex')}@${DEMO.tenantDomain}`.toLowerCase();
  world.emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: name });
  const mailbox = await world.strapi.plugin('microsoft-365').service('mailboxes').create({ address, displayName: name });
  return { address, documentId: mailbox.documentId, id: mailbox.id };
}

/**
 * Seeds `n` single events inside the default sync window (30 days back, 365 ahead): one an hour, or
 * closer together when that would run past the window.
 */
export function seedEventsInWindow(world: World, address: string, n: number, subjectPrefix = 'Bench event'): void {
  const spacingMinutes = Math.max(1, Math.min(60, Math.floor((300 * 24 * 60) / Math.max(1, n))));
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000).toISOString();
  world.emulator.control.seedEvents(address, n, { start, spacingMinutes, subjectPrefix });
}

/** Runs setup work without the emulator's latency (it is not what is measured). */
export async function withoutLatency<T>(world: World, work: () => Promise<T>): Promise<T> {
  world.emulator.control.configure({ latencyMs: 0 });
  try {
    return await work();
  } finally {
    world.emulator.control.configure({ latencyMs: world.latencyMs });
  }
}

/** A sync through the plugin's service (README "Talking to Microsoft"), as the scheduler or the admin API start it. */
export async function syncRun(world: World, request: { mailboxes?: string[]; resources?: string[] }): Promise<SyncRun> {
  return world.sync.run({ trigger: 'api', ...request });
}

export function runErrors(run: SyncRun): string[] {
  return run.results.flatMap((r) => r.errors.map((e) => `${r.mailbox} ${r.resource}: ${e.code} ${e.message}`));
}

export async function countEntries(world: World, uid: string, address: string): Promise<number> {
  return world.strapi.db.query(uid as never).count({ where: { mailbox: { address } } } as never);
}
