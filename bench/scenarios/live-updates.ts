// Scenario 9: live updates. 20 mailboxes subscribed; 200 events created in Outlook (the emulator),
// one every 50 ms round-robin, so each mailbox gets a change every second, inside one debounce window
// (2 s) of the one before. Measured per change: from the write in the emulator to the entry in
// Strapi's database, p50 and p95; and the delta requests per mailbox within any one debounce window.
// The naive way is the schedule alone: a change waits for the next run, on average half an interval.
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, liveUpdatesEnv } from '../../test/helpers/live-updates';
import { UID } from '../../shared/plugin';
import { counterRequests, emptyResult } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { newMailbox, syncRun, withoutLatency, type World } from '../lib/world';
import { graphTime } from '../../test/integration/sync-support';

const MAILBOXES = 20;
const CHANGES = 200;
const SPACING_MS = 50;
const DEBOUNCE_MS = 2000;
const POLL_MS = 20;

/** The playground listens on a port known beforehand: the notification URL the emulator posts to. */
export async function liveUpdatesEnvironment(): Promise<Record<string, string>> {
  return liveUpdatesEnv(await freePort(), DEBOUNCE_MS);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function liveUpdatesScenario(world: World & { database: ScenarioResult['database'] }, _options: BenchOptions): Promise<ScenarioResult> {
  const result = emptyResult(9, world, { mailboxes: MAILBOXES, changes: CHANGES, debounceMs: DEBOUNCE_MS });
  const { control } = world.emulator;
  const notifications = world.strapi.plugin('microsoft-365').service('notifications');
  const mailboxes = [];
  for (let i = 0; i < MAILBOXES; i++) mailboxes.push(await newMailbox(world, `live-${i}`));
  await withoutLatency(world, async () => {
    await syncRun(world, {});
    await notifications.maintain();
  });
  // The runs each new subscription asks for (changes made before Graph knew it) are setup too.
  await control.notificationsIdle();
  await sleep(DEBOUNCE_MS + 500);
  await notifications.dispatch();
  await world.sync.idle();
  const subscribed = control.subscriptions().length;
  result.notes.push(`setup: ${subscribed} subscriptions for ${MAILBOXES} mailboxes`);

  control.clearRequests();
  const runsBefore = await world.strapi.db.query(UID.syncRun as never).count({ where: { trigger: 'notification' } });
  const writtenAt = new Map<string, number>();
  const seenAt = new Map<string, number>();
  let writing = true;
  const poller = (async () => {
    while (writing || seenAt.size < CHANGES) {
      const rows = (await world.strapi.db.query(UID.calendarEvent as never).findMany({ where: { subject: { $startsWith: 'Live change ' } }, select: ['subject'] })) as Array<{ subject: string }>;
      const now = performance.now();
      for (const { subject } of rows) if (!seenAt.has(subject)) seenAt.set(subject, now);
      if (!writing && performance.now() - Math.max(...writtenAt.values()) > 60_000) break; // never arrived
      await sleep(POLL_MS);
    }
  })();
  const started = performance.now();
  for (let i = 0; i < CHANGES; i++) {
    const subject = `Live change ${i}`;
    const mailbox = mailboxes[i % MAILBOXES]!;
    writtenAt.set(subject, performance.now());
    control.createEvent(mailbox.address, { subject, start: graphTime(24 + i), end: graphTime(25 + i) });
    await sleep(SPACING_MS);
  }
  writing = false;
  await poller;
  await world.sync.idle();
  const wallMs = performance.now() - started;

  const latencies = [...writtenAt].flatMap(([subject, at]) => (seenAt.has(subject) ? [seenAt.get(subject)! - at] : [])).sort((a, b) => a - b);
  const arrived = latencies.length;
  const p50 = arrived ? percentile(latencies, 50) : null;
  const p95 = arrived ? percentile(latencies, 95) : null;
  const requests = control.requests().filter((r) => r.kind === 'graph' && !r.inBatch);
  const deltas = requests.filter((r) => r.path.includes('/calendarView/delta'));
  // The most delta requests one mailbox sent within any window of the debounce's length.
  const byMailbox = new Map<string, number[]>();
  for (const r of deltas) byMailbox.set(r.mailbox ?? '', [...(byMailbox.get(r.mailbox ?? '') ?? []), Date.parse(r.startedAt)]);
  let maxPerWindow = 0;
  for (const times of byMailbox.values()) {
    times.sort((a, b) => a - b);
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= DEBOUNCE_MS) i++;
      maxPerWindow = Math.max(maxPerWindow, j - i + 1);
    }
  }
  const runs = (await world.strapi.db.query(UID.syncRun as never).findMany({ where: { trigger: 'notification' }, orderBy: { startedAt: 'asc' } })) as Array<{ results: unknown }>;
  const measuredRuns = runs.slice(runsBefore);
  const runRequests = measuredRuns.reduce((sum, run) => sum + counterRequests(run as never), 0);

  result.figures = {
    arrived,
    p50Ms: Math.round(p50 ?? -1),
    p95Ms: Math.round(p95 ?? -1),
    maxMs: Math.round(latencies.at(-1) ?? -1),
    graphRequests: requests.length,
    deltaRequests: deltas.length,
    notificationRuns: measuredRuns.length,
    maxDeltaRequestsPerMailboxPerWindow: maxPerWindow,
    wallMs: Math.round(wallMs),
  };
  result.notes.push(
    `${arrived} of ${CHANGES} changes arrived; latency p50 ${Math.round(p50 ?? 0)} ms, p95 ${Math.round(p95 ?? 0)} ms, max ${Math.round(latencies.at(-1) ?? 0)} ms`,
    `${requests.length} Graph requests (${deltas.length} delta) in ${measuredRuns.length} notification runs (their counters: ${runRequests}); at most ${maxPerWindow} delta request(s) per mailbox in any ${DEBOUNCE_MS} ms window`,
    `the schedule alone (the naive way): a change waits for the next run, ${15} minutes on average at the default 30-minute interval`,
  );
  result.targets.push(
    { target: 'live updates: every change arrives, with no scheduled run', met: arrived === CHANGES, detail: `${arrived} of ${CHANGES}` },
    { target: 'live updates: p95 latency under 5 s with the default debounce', met: p95 !== null && p95 < 5000, detail: `p95 ${Math.round(p95 ?? 0)} ms, p50 ${Math.round(p50 ?? 0)} ms` },
    { target: 'live updates: at most one delta request per scope per debounce window', met: maxPerWindow <= 1, detail: `${maxPerWindow} at most; ${deltas.length} delta requests for ${CHANGES} changes` },
  );
  return result;
}
