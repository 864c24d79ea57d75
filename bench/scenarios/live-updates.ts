// Scenario 9: live updates. 20 mailboxes subscribed; 200 events created in Outlook (the emulator),
// one every 50 ms round-robin, so each mailbox gets a change every second, inside one debounce window
// (2 s) of the one before. Measured per change: from the write in the emulator to the entry in
// Strapi's database, p50 and p95; and the delta requests per mailbox within any one debounce window.
// The naive way is the schedule alone: a change waits for the next run, on average half an interval.
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, liveUpdatesEnv } from '../../test/helpers/live-updates';
import { UID } from '../../shared/plugin';
import { measure, plain } from '../lib/meter';
import { counterRequests, emptyResult } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { newMailbox, syncRun, withoutLatency, type BenchMailbox, type World } from '../lib/world';
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
  const mailboxes: BenchMailbox[] = [];
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
  const measured = await measure(world, CHANGES, async () => {
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
    return { counterRequests: 0 };
  });
  const wallMs = measured.wallMs;

  const latencies = [...writtenAt].flatMap(([subject, at]) => (seenAt.has(subject) ? [seenAt.get(subject)! - at] : [])).sort((a, b) => a - b);
  const arrived = latencies.length;
  const p50 = arrived ? percentile(latencies, 50) : null;
  const p95 = arrived ? percentile(latencies, 95) : null;
  const requests = control.requests().filter((r) => r.kind === 'graph' && !r.inBatch);
  const deltas = requests.filter((r) => r.path.includes('/calendarView/delta'));
  const runs = (await world.strapi.db.query(UID.syncRun as never).findMany({ where: { trigger: 'notification' }, orderBy: { startedAt: 'asc' } })) as Array<{ startedAt: string; results: Array<{ mailbox: string; graphRequests: number }> }>;
  const measuredRuns = runs.slice(runsBefore);
  // A debounce window ends in one run: the most requests one mailbox's calendar cost in one run, and
  // the shortest time between two runs' starts (never less than the debounce).
  const maxPerScopePerRun = Math.max(0, ...measuredRuns.flatMap((run) => run.results.map((r) => r.graphRequests)));
  const starts = measuredRuns.map((run) => Date.parse(run.startedAt));
  const minGapMs = starts.length > 1 ? Math.min(...starts.slice(1).map((t, i) => t - starts[i]!)) : null;
  const runRequests = measuredRuns.reduce((sum, run) => sum + counterRequests(run as never), 0);
  measured.graph.counterRequests = runRequests;
  result.ours = plain(measured);

  result.figures = {
    arrived,
    p50Ms: Math.round(p50 ?? -1),
    p95Ms: Math.round(p95 ?? -1),
    maxMs: Math.round(latencies.at(-1) ?? -1),
    graphRequests: requests.length,
    deltaRequests: deltas.length,
    notificationRuns: measuredRuns.length,
    maxRequestsPerScopePerRun: maxPerScopePerRun,
    minMsBetweenRuns: minGapMs ?? -1,
    wallMs: Math.round(wallMs),
  };
  result.notes.push(
    `${arrived} of ${CHANGES} changes arrived; latency p50 ${Math.round(p50 ?? 0)} ms, p95 ${Math.round(p95 ?? 0)} ms, max ${Math.round(latencies.at(-1) ?? 0)} ms`,
    `${requests.length} Graph requests (${deltas.length} delta) in ${measuredRuns.length} notification runs (their counters: ${runRequests}); at most ${maxPerScopePerRun} request(s) per mailbox in one run; runs at least ${minGapMs ?? '—'} ms apart (debounce ${DEBOUNCE_MS} ms)`,
    'wall time: the 10 s of writing plus the last debounce and run; database queries include the poller reading the events every 20 ms',
    `the schedule alone (the naive way): a change waits for the next run, ${15} minutes on average at the default 30-minute interval`,
  );
  result.targets.push(
    { target: 'live updates: every change arrives, with no scheduled run', met: arrived === CHANGES, detail: `${arrived} of ${CHANGES}` },
    { target: 'live updates: p95 latency under 5 s with the default debounce', met: p95 !== null && p95 < 5000, detail: `p95 ${Math.round(p95 ?? 0)} ms, p50 ${Math.round(p50 ?? 0)} ms` },
    {
      target: 'live updates: at most one delta request per scope per debounce window',
      met: maxPerScopePerRun <= 1 && (minGapMs === null || minGapMs >= DEBOUNCE_MS),
      detail: `${maxPerScopePerRun} per mailbox per run, runs ≥ ${minGapMs ?? '—'} ms apart; ${deltas.length} delta requests for ${CHANGES} changes in ${measuredRuns.length} runs`,
    },
  );
  return result;
}
