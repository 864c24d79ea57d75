// Scenario 2: after the initial pull, a sync with nothing changed on either side. Lower bound: one
// request per mailbox and resource, zero writes.
import { noChangeBound } from '../lib/lower-bound';
import { measure, plain } from '../lib/meter';
import { counterRequests, emptyResult, ratiosOf, runSummary } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { newMailbox, runErrors, seedEventsInWindow, syncRun, withoutLatency, type World } from '../lib/world';
import { naivePull } from '../naive/pull';
import { naiveCalendar } from '../naive/resources';
import { calendarDeltaUrl } from './pull';

export async function noChangeScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions): Promise<ScenarioResult> {
  const n = options.events;
  const naiveItems = Math.min(n, options.naiveItems);
  const result = emptyResult(2, world, { events: n, naiveEvents: naiveItems });

  const mailbox = await newMailbox(world, 'quiet');
  seedEventsInWindow(world, mailbox.address, n);
  const first = await withoutLatency(world, () => syncRun(world, { mailboxes: [mailbox.address], resources: ['calendar'] }));
  result.notes.push(`setup (not measured, no latency): ${runSummary(first)}`);
  const ours = await measure(world, n, async () => {
    const run = await syncRun(world, { mailboxes: [mailbox.address], resources: ['calendar'] });
    return { counterRequests: counterRequests(run), run };
  });
  result.notes.push(`ours: ${runSummary(ours.outcome.run)}`);
  for (const error of runErrors(ours.outcome.run).slice(0, 5)) result.notes.push(`error: ${error}`);

  // The naive way keeps its delta link too: with nothing changed it lists no ids and reads nothing.
  const naiveBox = await newMailbox(world, 'naive-quiet');
  seedEventsInWindow(world, naiveBox.address, naiveItems);
  const startUrl = await calendarDeltaUrl(world, naiveBox);
  const setup = await withoutLatency(world, () => naivePull(world, { mailbox: naiveBox, resource: naiveCalendar, startUrl }));
  if (!setup.deltaLink) throw new Error('the naive pull ended without a delta link');
  const naive = await measure(world, naiveItems, async () => {
    const outcome = await naivePull(world, { mailbox: naiveBox, resource: naiveCalendar, startUrl: setup.deltaLink!, known: setup.known });
    return { counterRequests: outcome.counter.requests, items: outcome.items };
  });
  result.notes.push(`naive way: follows its delta link (${naive.outcome.items} ids listed); it does not look for Strapi-side edits at all, which is what our no-change sync spends its local reads on`);

  const bound = noChangeBound(1, world.latencyMs);
  result.ours = plain(ours);
  result.naive = plain(naive);
  result.lowerBound = bound;
  result.ratios = ratiosOf(result.ours, bound, result.naive, false);
  const graphRequests = result.ours.graph.graphRequests;
  result.targets.push({ target: 'no-change sync: exactly one request per mailbox and resource', met: graphRequests === 1 && result.ours.graph.roundTrips === 1, detail: `${graphRequests} Graph request(s), ${result.ours.graph.roundTrips} round trip(s) for 1 mailbox × calendar` });
  result.targets.push({
    target: 'no-change sync: zero writes (lower bound)',
    met: result.ours.db.dataWrites === 0,
    detail: `${result.ours.db.dataWrites} writes to synced data; ${result.ours.db.bookkeepingWrites} bookkeeping writes (${Object.entries(result.ours.db.writesByTable).map(([t, c]) => `${t} ${c}`).join(', ')})`,
  });
  result.figures.localReadsPerSync = result.ours.db.reads;
  return result;
}
