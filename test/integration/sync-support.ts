// Shared set-up for the sync integration tests: the Graph emulator, a real playground Strapi wired to
// it, the demo tenant's settings, and helpers that look at both sides the way the product promises
// them to be (same content by the calendar adapter's own canonical fields, no duplicates).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DEMO, startEmulator, type Emulator } from '../emulator';
import { startPlayground, type Playground } from '../helpers/playground';
import { calendarAdapter } from '../../server/src/sync/resources/calendar';
import { hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';
import type { SyncRun } from '../../server/src/sync/run-types';
import type { SettingsPatch } from '../../server/src/settings/types';

export const EVENT_UID = 'plugin::microsoft-365.calendar-event';
export const MAPPING_UID = 'plugin::microsoft-365.sync-mapping';
export const RUN_UID = 'plugin::microsoft-365.sync-run';

export interface SyncWorld {
  emulator: Emulator;
  playground: Playground;
  strapi: Playground['strapi'];
  sync: SyncService;
  stop(): Promise<void>;
}

export interface SyncService {
  run(options?: Record<string, unknown>): Promise<SyncRun>;
  start(options?: Record<string, unknown>): Promise<{ id: string; status: string }>;
  status(): Promise<{ running: boolean; nextRunAt: string | null; lastRun: SyncRun | null }>;
  idle(): Promise<void>;
}

export async function startSyncWorld(settings: SettingsPatch = {}): Promise<SyncWorld> {
  const emulator = await startEmulator({ seed: 'demo' });
  const playground = await startPlayground({ env: { MICROSOFT365_AUTHORITY_HOST: emulator.url, MICROSOFT365_GRAPH_BASE_URL: emulator.url } });
  const { strapi } = playground;
  await strapi.plugin('microsoft-365').service('settings').update({
    azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' },
    integrations: { calendar: true, tasks: false, email: false },
    ...settings,
  });
  return {
    emulator,
    playground,
    strapi,
    sync: strapi.plugin('microsoft-365').service('sync') as SyncService,
    async stop() {
      await playground.stop();
      await emulator.close();
    },
  };
}

export async function setCalendarSettings(world: SyncWorld, calendar: Record<string, unknown>): Promise<void> {
  await world.strapi.plugin('microsoft-365').service('settings').update({ calendar });
}

/** A fresh mailbox on both sides (an Outlook user in the emulator, a mailbox in Strapi), so tests never share data. */
export async function newMailbox(world: SyncWorld, name: string): Promise<{ address: string; documentId: string; id: number }> {
  const address = `${name}-${randomBytes(3).toString('hex')}@${DEMO.tenantDomain}`.toLowerCase();
  world.emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: name });
  const mailbox = await world.strapi.plugin('microsoft-365').service('mailboxes').create({ address, displayName: name });
  return { address, documentId: mailbox.documentId, id: mailbox.id };
}

const HOUR = 3_600_000;

/** A UTC Graph dateTime `hours` from now, on the hour. */
export function graphTime(hoursFromNow: number): { dateTime: string; timeZone: string } {
  const ms = Math.floor(Date.now() / HOUR) * HOUR + hoursFromNow * HOUR;
  return { dateTime: new Date(ms).toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$10000'), timeZone: 'UTC' };
}

export function isoTime(hoursFromNow: number): string {
  return new Date(Math.floor(Date.now() / HOUR) * HOUR + hoursFromNow * HOUR).toISOString();
}

/** Creates an event as the mailbox's owner would in Outlook. */
export function outlookCreate(world: SyncWorld, address: string, subject: string, hoursFromNow = 24, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return world.emulator.control.createEvent(address, {
    subject,
    body: { contentType: 'text', content: `${subject} body` },
    start: graphTime(hoursFromNow),
    end: graphTime(hoursFromNow + 1),
    ...extra,
  });
}

export async function localEvents(world: SyncWorld, address: string): Promise<Array<Record<string, any>>> {
  return world.strapi.db.query(EVENT_UID as never).findMany({ where: { mailbox: { address } }, orderBy: { start: 'asc' } }) as Promise<Array<Record<string, any>>>;
}

export function remoteEvents(world: SyncWorld, address: string): Array<Record<string, any>> {
  return world.emulator.control.listEvents(address) as Array<Record<string, any>>;
}

/** Creates an entry as the Content Manager does (Document Service). */
export async function strapiCreate(world: SyncWorld, mailbox: { documentId: string }, data: Record<string, unknown>): Promise<Record<string, any>> {
  return world.strapi.documents(EVENT_UID as never).create({ data: { ...data, mailbox: mailbox.documentId } as never }) as Promise<Record<string, any>>;
}

export async function strapiUpdate(world: SyncWorld, documentId: string, data: Record<string, unknown>): Promise<void> {
  await world.strapi.documents(EVENT_UID as never).update({ documentId, data: data as never });
}

export async function strapiDelete(world: SyncWorld, documentId: string): Promise<void> {
  await world.strapi.documents(EVENT_UID as never).delete({ documentId });
}

function canonical(fields: unknown): string {
  return hashSyncedFields(fields as SyncedFields);
}

/** Both sides hold the same set of items with the same content (by the adapter's synced fields), none twice. */
export async function assertInStep(world: SyncWorld, address: string): Promise<void> {
  const locals = await localEvents(world, address);
  const remotes = remoteEvents(world, address);
  const localHashes = locals.map((e) => canonical(calendarAdapter.fromLocal(e))).sort();
  const remoteHashes = remotes
    .map((e) => calendarAdapter.fromRemote(e as never, { key: 'calendar' }))
    .filter((s): s is NonNullable<typeof s> => s !== null)
    .map((s) => canonical(s.fields))
    .sort();
  assert.equal(locals.length, remotes.length, `Strapi has ${locals.length} events, Outlook ${remotes.length}`);
  assert.deepEqual(localHashes, remoteHashes, 'the two sides hold different content');
  assertNoDuplicates(locals.map((e) => e.subject), 'Strapi');
  assertNoDuplicates(remotes.map((e) => e.subject), 'Outlook');
}

export function assertNoDuplicates(values: unknown[], side: string): void {
  const seen = new Set<unknown>();
  for (const value of values) {
    assert.ok(!seen.has(value), `${side} holds "${String(value)}" twice`);
    seen.add(value);
  }
}

export function resultFor(run: SyncRun, address: string, resource = 'calendar') {
  const result = run.results.find((r) => r.mailbox === address && r.resource === resource);
  assert.ok(result, `the run has a result for ${address} ${resource}: ${JSON.stringify(run.results)}`);
  return result;
}

/** A sync of one mailbox's calendar that must succeed. */
export async function syncMailbox(world: SyncWorld, address: string, extra: Record<string, unknown> = {}): Promise<SyncRun> {
  const run = await world.sync.run({ mailboxes: [address], resources: ['calendar'], ...extra });
  const result = resultFor(run, address);
  assert.deepEqual(result.errors, [], `the run reported errors: ${JSON.stringify(result.errors)}`);
  assert.equal(run.status, 'succeeded');
  return run;
}

export function changes(run: SyncRun, address: string): number {
  const r = resultFor(run, address);
  return r.pulled.created + r.pulled.updated + r.pulled.deleted + r.pushed.created + r.pushed.updated + r.pushed.deleted + r.conflicts;
}
