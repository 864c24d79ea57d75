// Scenario 4: 100 mailboxes × 200 events with every resource enabled, one sync of all of them.
// Resources the runner does not sync yet are reported as not measured, never estimated.
import { RESOURCES } from '../../server/src/sync/run-types';
import type { ResourceName } from '../../server/src/sync/resources/types';
import { chainsBound } from '../lib/lower-bound';
import { measure, plain } from '../lib/meter';
import { atLeast, counterRequests, emptyResult, fmt, perItem, runSummary, within } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { newMailbox, runErrors, seedEventsInWindow, syncRun, updateSettings, type BenchMailbox, type World } from '../lib/world';
import { naivePull } from '../naive/pull';
import { naiveCalendar } from '../naive/resources';
import { calendarDeltaUrl } from './pull';

const EMAIL_FOLDERS = ['inbox', 'sentitems'];

export async function mailboxesScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions): Promise<ScenarioResult> {
  const perMailbox = options.eventsPerMailbox;
  const total = options.mailboxes * perMailbox;
  const naiveItems = Math.min(total, options.naiveItems);
  const result = emptyResult(4, world, { mailboxes: options.mailboxes, eventsPerMailbox: perMailbox, events: total, naiveEvents: naiveItems });

  await updateSettings(world, { integrations: { calendar: true, tasks: true, email: true }, email: { folders: EMAIL_FOLDERS, initialDays: 30 } });
  const mailboxes: BenchMailbox[] = [];
  for (let i = 0; i < options.mailboxes; i++) {
    const mailbox = await newMailbox(world, `many${i}`);
    seedEventsInWindow(world, mailbox.address, perMailbox);
    mailboxes.push(mailbox);
  }
  const ours = await measure(world, total, async () => {
    const run = await syncRun(world, {});
    return { counterRequests: counterRequests(run), run };
  });
  const run = ours.outcome.run;
  result.notes.push(`ours: ${runSummary(run)}`);
  for (const error of runErrors(run).slice(0, 5)) result.notes.push(`error: ${error}`);

  const synced = new Set(run.results.map((r) => r.resource));
  for (const resource of RESOURCES) {
    if (!synced.has(resource)) result.notes.push(`not measured: ${resource} — enabled, but the runner has no adapter for it (server/src/sync/adapters.ts), so the run skipped it`);
  }
  // One delta chain per mailbox, resource and scope; To Do first reads its lists.
  const chains: number[] = [];
  for (const mailbox of mailboxes) {
    for (const resource of synced as Set<ResourceName>) {
      if (resource === 'calendar') chains.push(Math.max(1, Math.ceil(perMailbox / world.pageSize)));
      if (resource === 'tasks') {
        const lists = Math.max(1, world.emulator.control.todoLists(mailbox.address).length);
        chains.push(2, ...Array<number>(lists - 1).fill(1));
      }
      if (resource === 'email') chains.push(...EMAIL_FOLDERS.map(() => 1));
    }
  }
  const bound = chainsBound(chains, world.maxConcurrent, world.latencyMs);

  // The naive way for the calendar, on the first mailboxes (its cost is per event).
  const naiveBoxes = mailboxes.slice(0, Math.ceil(naiveItems / perMailbox));
  const naive = await measure(world, naiveItems, async () => {
    let requests = 0;
    let items = 0;
    for (const mailbox of naiveBoxes) {
      const outcome = await naivePull(world, { mailbox, resource: naiveCalendar, startUrl: await calendarDeltaUrl(world, mailbox), limit: Math.min(perMailbox, naiveItems - items) });
      requests += outcome.counter.requests;
      items += outcome.items;
    }
    return { counterRequests: requests, items };
  });
  result.notes.push(`naive way: calendar only, on ${naiveBoxes.length} mailbox(es), ${naive.outcome.items} events; ratios are per event against our calendar requests (${counterRequests(run, 'calendar')}) and our whole wall time`);

  result.ours = plain(ours);
  result.naive = plain(naive);
  result.lowerBound = bound;
  result.ratios = {
    lowerBoundRequests: result.ours.graph.roundTrips / bound.requests,
    lowerBoundTime: result.ours.wallMs / bound.timeMs,
    naiveRequests: perItem(naive.graph.roundTrips, naive.items, counterRequests(run, 'calendar'), total),
    naiveTime: perItem(naive.wallMs, naive.items, ours.wallMs, total),
  };
  result.figures.mailboxResourcePairs = run.results.length;
  result.figures.maxConcurrentSeen = ours.graph.maxConcurrentPerMailbox;
  result.targets.push(within('pulls within 1.5× the lower bound in requests', result.ratios.lowerBoundRequests, 1.5, 'round trips ÷ bound'));
  result.targets.push(within('pulls within 1.5× the lower bound in time', result.ratios.lowerBoundTime, 1.5, `wall ÷ bound (${bound.formula})`));
  result.targets.push(atLeast('at least 10× fewer requests than the naive way', result.ratios.naiveRequests, 10, 'naive ÷ ours, calendar round trips per event'));
  result.notes.push(`lower bound: ${bound.formula}; ours took ${fmt(ours.wallMs / 1000)} s`);
  return result;
}
