// The real engine (resource-sync.ts and everything below it) over an in-memory local side and the
// emulator behind the real gateway: what the engine's unit tests share.
import { randomUUID } from 'node:crypto';
import { createGateway, type Gateway } from '../../../server/src/graph';
import { defaultSettings } from '../../../server/src/settings/defaults';
import { resourceRunContext, RunAborted } from '../../../server/src/sync/context';
import { resourceSettings } from '../../../server/src/sync/resource-settings';
import { syncResource } from '../../../server/src/sync/resource-sync';
import { calendarAdapter } from '../../../server/src/sync/resources/calendar';
import { taskAdapter } from '../../../server/src/sync/resources/tasks';
import type { ResourceAdapter } from '../../../server/src/sync/resources/types';
import { emptyResult, type Checkpoint, type SyncResult } from '../../../server/src/sync/run-types';
import { graphRemote } from '../../../server/src/sync/sides/graph-remote';
import type { PublicSettings } from '../../../shared/settings';
import { DEMO, demoOptions, type Emulator } from '../../graph/support';
import { memoryLocal, type MemoryLocal } from './memory-local';

export interface EngineWorld {
  emulator: Emulator;
  gateway: Gateway;
}

export function engineWorld(emulator: Emulator): EngineWorld {
  return { emulator, gateway: createGateway(demoOptions(emulator)) };
}

/** A mailbox of its own in the emulator, and an empty Strapi side for one of its resources. */
export function newMailbox(world: EngineWorld, adapter: ResourceAdapter = calendarAdapter): { address: string; local: MemoryLocal } {
  const address = `engine-${randomUUID().slice(0, 8)}@${DEMO.tenantDomain}`;
  world.emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: 'Engine test' });
  return { address, local: memoryLocal(adapter.localFields) };
}

export const newCalendarMailbox = (world: EngineWorld) => newMailbox(world, calendarAdapter);

/** What a test does to one resource on each side, by title. */
export interface ResourceKit {
  adapter: ResourceAdapter;
  /** The attribute of a Strapi entry that holds the title. */
  title: string;
  localItem(title: string, n: number): Record<string, unknown>;
  create(world: EngineWorld, address: string, title: string, n: number): { id: string };
  rename(world: EngineWorld, address: string, id: string, title: string): void;
  remove(world: EngineWorld, address: string, id: string): void;
  titles(world: EngineWorld, address: string): string[];
}

export const CALENDAR_KIT: ResourceKit = {
  adapter: calendarAdapter,
  title: 'subject',
  localItem: (title, n) => localEvent(title, 24 + n),
  create: (w, address, title, n) => w.emulator.control.createEvent(address, remoteEvent(title, 24 + n)) as { id: string },
  rename: (w, address, id, title) => void w.emulator.control.updateEvent(address, id, { subject: title }),
  remove: (w, address, id) => w.emulator.control.deleteEvent(address, id),
  titles: (w, address) => w.emulator.control.listEvents(address).map((e) => String(e.subject)),
};

const defaultListOf = (w: EngineWorld, address: string) => String(w.emulator.control.todoLists(address)[0]!.id);

export const TASKS_KIT: ResourceKit = {
  adapter: taskAdapter,
  title: 'title',
  localItem: (title) => ({ title, taskStatus: 'notStarted', importance: 'normal', listName: 'Tasks' }),
  create: (w, address, title) => w.emulator.control.createTask(address, defaultListOf(w, address), { title }) as { id: string },
  rename: (w, address, id, title) => void w.emulator.control.updateTask(address, id, { title }),
  remove: (w, address, id) => w.emulator.control.deleteTask(address, id),
  titles: (w, address) => w.emulator.control.todoLists(address).flatMap((list) => w.emulator.control.listTasks(address, String(list.id)).map((t) => String(t.title))),
};

/** Both sides' titles, sorted. */
export function titlesOf(world: EngineWorld, kit: ResourceKit, address: string, local: MemoryLocal): { strapi: string[]; outlook: string[] } {
  return { strapi: [...local.entries.values()].map((e) => String(e[kit.title])).sort(), outlook: kit.titles(world, address).sort() };
}

export interface RunOptions {
  /** The run stops at the first time it passes this point, as a crash would. */
  crashAt?: Checkpoint;
  settings?: (settings: PublicSettings) => void;
}

/** One run of the mailbox's calendar through the real engine; resolves with its result, or with the stop. */
export function runCalendar(world: EngineWorld, address: string, local: MemoryLocal, options: RunOptions = {}): Promise<{ result: SyncResult; stoppedAt: Checkpoint | null }> {
  return runResource(world, calendarAdapter, address, local, options);
}

export async function runResource(world: EngineWorld, adapter: ResourceAdapter, address: string, local: MemoryLocal, options: RunOptions = {}): Promise<{ result: SyncResult; stoppedAt: Checkpoint | null }> {
  const settings = defaultSettings() as unknown as PublicSettings;
  options.settings?.(settings);
  let stoppedAt: Checkpoint | null = null;
  const ctx = await resourceRunContext({
    local,
    remote: graphRemote(world.gateway),
    adapter,
    mailbox: { id: 1, address },
    settings: resourceSettings(settings, adapter.resource),
    pageSize: 10,
    result: emptyResult(address, adapter.resource),
    checkpoint: async (point) => {
      if (point !== options.crashAt || stoppedAt) return;
      stoppedAt = point;
      throw new RunAborted(point, new Error('crash'));
    },
  });
  try {
    await syncResource(ctx);
  } catch (error) {
    if (!(error instanceof RunAborted)) throw error;
  }
  ctx.result.graphRequests = ctx.remote.requests;
  return { result: ctx.result, stoppedAt };
}

/** An entry as an admin would make it in Strapi. */
export function localEvent(subject: string, hoursFromNow: number): Record<string, unknown> {
  const start = new Date(Date.now() + hoursFromNow * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  return { subject, start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), isAllDay: false, timeZone: 'UTC' };
}

/** An event as Outlook would make it. */
export function remoteEvent(subject: string, hoursFromNow: number): Record<string, unknown> {
  const start = new Date(Date.now() + hoursFromNow * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
  return { subject, start: at(start), end: at(new Date(start.getTime() + 3_600_000)) };
}

/** Both sides' subjects, sorted: equal lists mean the sides hold the same items, none twice. */
export function subjects(world: EngineWorld, address: string, local: MemoryLocal): { strapi: string[]; outlook: string[] } {
  return {
    strapi: [...local.entries.values()].map((e) => String(e.subject)).sort(),
    outlook: world.emulator.control.listEvents(address).map((e) => String(e.subject)).sort(),
  };
}

export const changesOf = (result: SyncResult) => ({ pulled: result.pulled, pushed: result.pushed });
export const NO_CHANGES = { pulled: { created: 0, updated: 0, deleted: 0 }, pushed: { created: 0, updated: 0, deleted: 0 } };
