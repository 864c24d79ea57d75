// Shared set-up for the sync integration tests: the Graph emulator, a real playground Strapi wired to
// it, the demo tenant's settings, and helpers that look at both sides the way the product promises
// them to be (same content by the calendar adapter's own canonical fields, no duplicates).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator, type EmulatedPlaygroundOptions } from '../helpers/emulated-playground';
import type { Playground } from '../helpers/playground';
import { calendarAdapter } from '../../server/src/sync/resources/calendar';
import { hashSyncedFields, type SyncedFields } from '../../server/src/sync/hash';
import type { Checkpoint, SyncResult, SyncRun } from '../../server/src/sync/run-types';
import type { SettingsPatch } from '../../shared/settings';
import { UID } from '../../shared/plugin';

export const EVENT_UID = UID.calendarEvent;
export const EMAIL_UID = UID.emailMessage;
export const MAPPING_UID = UID.syncMapping;
export const RUN_UID = UID.syncRun;

export interface SyncService {
  run(options?: Record<string, unknown>): Promise<SyncRun>;
  start(options?: Record<string, unknown>): Promise<{ id: string; status: string }>;
  status(): Promise<{ running: boolean; nextRunAt: string | null; lastRun: SyncRun | null }>;
  idle(): Promise<void>;
  unlink(documentId: string, options?: { trigger?: string }): Promise<SyncRun>;
  purge(documentId: string, options?: { trigger?: string }): Promise<SyncRun>;
}

/**
 * The Graph emulator and a playground Strapi wired to it with the demo tenant's settings, and the
 * calendar helpers every sync test uses, bound to them.
 */
export class SyncWorld {
  emulator!: Emulator;
  playground!: Playground;
  strapi!: Playground['strapi'];
  sync!: SyncService;

  async start(settings: SettingsPatch = {}, options: EmulatedPlaygroundOptions = {}): Promise<void> {
    ({ emulator: this.emulator, playground: this.playground } = await startPlaygroundWithEmulator(options));
    this.strapi = this.playground.strapi;
    await this.strapi.plugin('microsoft-365').service('settings').update({
      azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' },
      integrations: { calendar: true, tasks: false, email: false },
      ...settings,
    });
    this.sync = this.strapi.plugin('microsoft-365').service('sync') as SyncService;
  }

  /** Stops what start got to start, so a failed start leaves nothing running either. */
  async stop(): Promise<void> {
    const { playground, emulator } = this as Partial<SyncWorld>;
    await playground?.stop();
    await emulator?.close();
  }

  /** Runs a sync of one resource that throws at the `pass`-th pass of `point` (a crash there); reports whether it got there. */
  async crashAt(address: string, point: Checkpoint, pass = 1, resource: 'calendar' | 'tasks' | 'email' = 'calendar'): Promise<boolean> {
    let reached = false;
    let passes = 0;
    const run = await this.sync.run({
      mailboxes: [address],
      resources: [resource],
      onCheckpoint: (at: Checkpoint) => {
        if (at === point && ++passes === pass) {
          reached = true;
          throw new Error(`simulated crash at ${at}`);
        }
      },
    });
    if (reached) {
      assert.equal(run.status, 'failed');
      assert.ok(resultFor(run, address, resource).errors.some((e) => e.code === 'aborted'));
    }
    return reached;
  }

  /** An email-only sync of one mailbox that must succeed without item errors. */
  async syncEmail(address: string, extra: Record<string, unknown> = {}): Promise<SyncResult> {
    const run = await this.sync.run({ mailboxes: [address], resources: ['email'], ...extra });
    const result = resultFor(run, address, 'email');
    assert.deepEqual(result.errors, [], `the run reported errors: ${JSON.stringify(result.errors)}`);
    assert.equal(run.status, 'succeeded');
    return result;
  }

  async localMessages(address: string): Promise<Array<Record<string, any>>> {
    return (await this.strapi.db.query(EMAIL_UID as never).findMany({ where: { mailbox: { address } }, orderBy: { subject: 'asc' } })) as Array<Record<string, any>>;
  }

  async setCalendarSettings(calendar: Record<string, unknown>): Promise<void> {
    await this.strapi.plugin('microsoft-365').service('settings').update({ calendar });
  }

  /** A fresh mailbox on both sides (an Outlook user in the emulator, a mailbox in Strapi), so tests never share data. */
  async newMailbox(name: string): Promise<{ address: string; documentId: string; id: number }> {
    const address = `${name}-${randomBytes(3).toString('hex')}@${DEMO.tenantDomain}`.toLowerCase();
    this.emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: name });
    const mailbox = await this.strapi.plugin('microsoft-365').service('mailboxes').create({ address, displayName: name });
    return { address, documentId: mailbox.documentId, id: mailbox.id };
  }

  /** Creates an event as the mailbox's owner would in Outlook. */
  outlookCreate(address: string, subject: string, hoursFromNow = 24, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return this.emulator.control.createEvent(address, {
      subject,
      body: { contentType: 'text', content: `${subject} body` },
      start: graphTime(hoursFromNow),
      end: graphTime(hoursFromNow + 1),
      ...extra,
    });
  }

  async localEvents(address: string): Promise<Array<Record<string, any>>> {
    return this.strapi.db.query(EVENT_UID as never).findMany({ where: { mailbox: { address } }, orderBy: { start: 'asc' } }) as Promise<Array<Record<string, any>>>;
  }

  remoteEvents(address: string): Array<Record<string, any>> {
    return this.emulator.control.listEvents(address) as Array<Record<string, any>>;
  }

  /** Creates an entry as the Content Manager does (Document Service). */
  async strapiCreate(mailbox: { documentId: string }, data: Record<string, unknown>): Promise<Record<string, any>> {
    return this.strapi.documents(EVENT_UID as never).create({ data: { ...data, mailbox: mailbox.documentId } as never }) as Promise<Record<string, any>>;
  }

  async strapiUpdate(documentId: string, data: Record<string, unknown>): Promise<void> {
    await this.strapi.documents(EVENT_UID as never).update({ documentId, data: data as never });
  }

  async strapiDelete(documentId: string): Promise<void> {
    await this.strapi.documents(EVENT_UID as never).delete({ documentId });
  }

  /** Both sides hold the same set of items with the same content (by the adapter's synced fields), none twice. */
  async assertInStep(address: string): Promise<void> {
    const locals = await this.localEvents(address);
    const remotes = this.remoteEvents(address);
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

  /** A sync of one mailbox's calendar that must succeed. */
  async syncMailbox(address: string, extra: Record<string, unknown> = {}): Promise<SyncRun> {
    const run = await this.sync.run({ mailboxes: [address], resources: ['calendar'], ...extra });
    const result = resultFor(run, address);
    assert.deepEqual(result.errors, [], `the run reported errors: ${JSON.stringify(result.errors)}`);
    assert.equal(run.status, 'succeeded');
    return run;
  }
}

/** A world for the enclosing suite: started before its tests, stopped after them. */
export function useSyncWorld(settings: SettingsPatch = {}, options: EmulatedPlaygroundOptions = {}): SyncWorld {
  const world = new SyncWorld();
  before(() => world.start(settings, options));
  after(() => world.stop());
  return world;
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

function canonical(fields: unknown): string {
  return hashSyncedFields(fields as SyncedFields);
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

/** Everything a result changed, on both sides. */
export function totalChanges(r: SyncResult): number {
  return r.pulled.created + r.pulled.updated + r.pulled.deleted + r.pushed.created + r.pushed.updated + r.pushed.deleted + r.conflicts;
}

export function changes(run: SyncRun, address: string): number {
  return totalChanges(resultFor(run, address));
}
