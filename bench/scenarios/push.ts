// Scenario 3: 1,000 entries edited in Strapi (through the Document Service, as the Content Manager
// writes), then one sync pushes them. Lower bound: ceil(N / 20) batches, parts 4 at a time per mailbox.
import { pushBound } from '../lib/lower-bound';
import { measure, plain } from '../lib/meter';
import { atLeast, counterRequests, emptyResult, ratiosOf, runSummary, within } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { EVENT_UID, newMailbox, runErrors, seedEventsInWindow, syncRun, withoutLatency, type BenchMailbox, type World } from '../lib/world';
import { naivePush } from '../naive/push';
import { naiveCalendar } from '../naive/resources';

/** A mailbox with `n` synced events, each then edited in Strapi; returns the edited documentIds. */
async function editedMailbox(world: World, name: string, n: number): Promise<{ mailbox: BenchMailbox; edited: string[] }> {
  const mailbox = await newMailbox(world, name);
  seedEventsInWindow(world, mailbox.address, n);
  await withoutLatency(world, () => syncRun(world, { mailboxes: [mailbox.address], resources: ['calendar'] }));
  const entries = (await world.strapi.db.query(EVENT_UID as never).findMany({ where: { mailbox: { address: mailbox.address } }, select: ['documentId', 'subject'] } as never)) as Array<{ documentId: string; subject: string }>;
  const documents = world.strapi.documents(EVENT_UID as never);
  for (const entry of entries) await documents.update({ documentId: entry.documentId, data: { subject: `${entry.subject} (edited in Strapi)` } } as never);
  return { mailbox, edited: entries.map((e) => e.documentId) };
}

export async function pushScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions): Promise<ScenarioResult> {
  const n = options.edits;
  const naiveItems = Math.min(n, options.naiveItems);
  const result = emptyResult(3, world, { edits: n, naiveEdits: naiveItems });

  const { mailbox, edited } = await editedMailbox(world, 'push', n);
  if (edited.length !== n) result.notes.push(`CHECK FAILED: ${edited.length} entries edited, expected ${n}`);
  const ours = await measure(world, n, async () => {
    const run = await syncRun(world, { mailboxes: [mailbox.address], resources: ['calendar'] });
    return { counterRequests: counterRequests(run), run };
  });
  const pushed = ours.outcome.run.results.reduce((sum, r) => sum + r.pushed.updated, 0);
  result.notes.push(`ours: ${runSummary(ours.outcome.run)}; the run's ${ours.graph.roundTrips} round trips include its delta request`);
  for (const error of runErrors(ours.outcome.run).slice(0, 5)) result.notes.push(`error: ${error}`);
  if (pushed !== n) result.notes.push(`CHECK FAILED: ${pushed} of ${n} edits pushed`);

  const naiveSide = await editedMailbox(world, 'naive-push', naiveItems);
  const naive = await measure(world, naiveItems, async () => {
    const outcome = await naivePush(world, naiveSide.mailbox, naiveCalendar, naiveSide.edited);
    return { counterRequests: outcome.counter.requests, pushed: outcome.pushed };
  });
  if (naive.outcome.pushed !== naiveItems) result.notes.push(`CHECK FAILED: the naive push sent ${naive.outcome.pushed} of ${naiveItems}`);
  if (naiveItems < n) result.notes.push(`naive way measured on ${naiveItems} of ${n} edits; ratios are per edit`);

  const bound = pushBound(n, world.latencyMs);
  result.ours = plain(ours);
  result.naive = plain(naive);
  result.lowerBound = bound;
  result.ratios = ratiosOf(result.ours, bound, result.naive);
  result.figures.batchParts = result.ours.graph.graphRequests - result.ours.graph.roundTrips + result.ours.graph.batchEnvelopes;
  result.targets.push(within('push within 2× the lower bound in requests', result.ratios.lowerBoundRequests, 2, 'round trips ÷ bound'));
  result.targets.push(within('push within 2× the lower bound in time', result.ratios.lowerBoundTime, 2, 'wall ÷ bound'));
  result.targets.push(atLeast('at least 10× fewer requests than the naive way', result.ratios.naiveRequests, 10, 'naive ÷ ours, round trips per edit'));
  result.notes.push(`against Graph's limits every $batch part counts: ${result.ours.graph.graphRequests} Graph requests for ${n} edits (naive ${naive.graph.graphRequests} for ${naiveItems})`);
  return result;
}
