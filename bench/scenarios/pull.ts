// Scenarios 1 and 6: the initial calendar pull of one mailbox (10,000 events), plain or under a
// 429 storm (every 5th Graph request throttled with Retry-After: 1), beside the naive pull.
import { calendarAdapter, CALENDAR_SCOPE } from '../../server/src/sync/resources/calendar';
import { resourceSettings } from '../../server/src/sync/resource-settings';
import type { PublicSettings } from '../../shared/settings';
import { pullBound, ratio, throttledPullBound } from '../lib/lower-bound';
import { measure, plain } from '../lib/meter';
import { atLeast, counterRequests, emptyResult, fmt, ratiosOf, runSummary, within } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { countEntries, EVENT_UID, newMailbox, runErrors, seedEventsInWindow, syncRun, type BenchMailbox, type World } from '../lib/world';
import { naivePull } from '../naive/pull';
import { naiveCalendar } from '../naive/resources';

const STORM = { every: 5, retryAfterSeconds: 1 };

function addStorm(world: World): void {
  world.emulator.control.clearFaults();
  // Graph requests only (batch parts too): the token is cached before any measurement.
  world.emulator.control.addFault({ pathPattern: '^/v1\\.0/users/', status: 429, retryAfterSeconds: STORM.retryAfterSeconds, every: STORM.every });
}

export async function calendarDeltaUrl(world: World, mailbox: BenchMailbox): Promise<string> {
  const settings = (await world.strapi.plugin('microsoft-365').service('settings').get()) as PublicSettings;
  return calendarAdapter.initialDeltaUrl(mailbox.address, CALENDAR_SCOPE, resourceSettings(settings, 'calendar', new Date()));
}

export async function pullScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions, storm: boolean): Promise<ScenarioResult> {
  const n = options.events;
  const naiveItems = Math.min(n, storm ? options.naiveStormItems : options.naiveItems);
  const result = emptyResult(storm ? 6 : 1, world, { events: n, naiveEvents: naiveItems, pageSize: world.pageSize });

  const mailbox = await newMailbox(world, storm ? 'storm' : 'pull');
  seedEventsInWindow(world, mailbox.address, n);
  if (storm) addStorm(world);
  const ours = await measure(world, n, async () => {
    const run = await syncRun(world, { mailboxes: [mailbox.address], resources: ['calendar'] });
    return { counterRequests: counterRequests(run), run };
  });
  world.emulator.control.clearFaults();
  const stored = await countEntries(world, EVENT_UID, mailbox.address);
  result.notes.push(`ours: ${runSummary(ours.outcome.run)}; ${stored} entries stored`);
  for (const error of runErrors(ours.outcome.run).slice(0, 5)) result.notes.push(`error: ${error}`);
  if (stored !== n) result.notes.push(`CHECK FAILED: ${n} events in Outlook, ${stored} entries in Strapi`);

  const naiveBox = await newMailbox(world, 'naive');
  seedEventsInWindow(world, naiveBox.address, naiveItems);
  if (storm) addStorm(world);
  const startUrl = await calendarDeltaUrl(world, naiveBox);
  const naive = await measure(world, naiveItems, async () => {
    const outcome = await naivePull(world, { mailbox: naiveBox, resource: naiveCalendar, startUrl, limit: naiveItems });
    return { counterRequests: outcome.counter.requests, items: outcome.items };
  });
  world.emulator.control.clearFaults();
  if (naive.outcome.items !== naiveItems) result.notes.push(`CHECK FAILED: the naive pull handled ${naive.outcome.items} of ${naiveItems} events`);
  if (naiveItems < n) result.notes.push(`naive way measured on ${naiveItems} of ${n} events (its cost is one GET and one Document Service call per event); ratios are per event`);

  const bound = pullBound(n, world.pageSize, world.latencyMs);
  result.ours = plain(ours);
  result.naive = plain(naive);
  result.lowerBound = bound;
  result.ratios = ratiosOf(result.ours, bound, result.naive);
  result.targets.push(within('pull within 1.5× the lower bound in requests', result.ratios.lowerBoundRequests, 1.5, 'round trips ÷ bound'));
  if (storm) {
    const throttled = throttledPullBound(bound.requests, STORM.every, STORM.retryAfterSeconds * 1000, world.latencyMs);
    result.figures.throttleAwareBoundMs = throttled.timeMs;
    result.figures.throttleAwareBoundRequests = throttled.requests;
    result.figures.timeVsThrottleAwareBound = ratio(ours.wallMs, throttled.timeMs) ?? 0;
    result.notes.push(`throttle-aware bound: ${throttled.formula} = ${fmt(throttled.timeMs / 1000)} s; ours is ${fmt(result.figures.timeVsThrottleAwareBound)}× that`);
    result.targets.push(within('pull within 1.5× the lower bound in time (issue 6 bound, no throttling)', result.ratios.lowerBoundTime, 1.5, 'wall ÷ bound'));
    result.targets.push(within('pull within 1.5× the throttle-aware bound in time', result.figures.timeVsThrottleAwareBound, 1.5, 'wall ÷ throttle-aware bound'));
  } else {
    result.targets.push(within('pull within 1.5× the lower bound in time', result.ratios.lowerBoundTime, 1.5, 'wall ÷ bound'));
  }
  result.targets.push(atLeast('at least 10× fewer requests than the naive way', result.ratios.naiveRequests, 10, 'naive ÷ ours, round trips per event'));
  if (!storm) {
    const growth = result.ours.memory.rssGrowthMb;
    result.targets.push({ target: 'memory growth under 100 MB at 10,000 items', met: n >= 10_000 ? growth < 100 : null, detail: `${growth} MB RSS growth at ${n} events${n < 10_000 ? ' (fewer than 10,000: not judged)' : ''}` });
  }
  return result;
}
