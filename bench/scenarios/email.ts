// Scenario 5: the first email import of a mailbox holding 20,000 messages in its inbox (all within
// initialDays), beside the naive import. Not measured while email is not wired into the runner.
import { chainsBound } from '../lib/lower-bound';
import { measure, plain } from '../lib/meter';
import { atLeast, counterRequests, emptyResult, ratiosOf, runSummary, within } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { countEntries, EMAIL_UID, newMailbox, runErrors, syncRun, updateSettings, type World } from '../lib/world';
import { naivePull } from '../naive/pull';
import { naiveEmail } from '../naive/resources';

const FOLDERS = ['inbox', 'sentitems'];
const INITIAL_DAYS = 30;

function seedInbox(world: World, address: string, n: number): void {
  // All inside the first run's window: n messages spread over at most 29 days.
  const spacingMinutes = Math.max(1, Math.min(10, Math.floor(((INITIAL_DAYS - 1) * 24 * 60) / Math.max(1, n))));
  world.emulator.control.seedMessages(address, 'inbox', n, { spacingMinutes, subjectPrefix: 'Bench message' });
}

export async function emailScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions): Promise<ScenarioResult> {
  const n = options.messages;
  const naiveItems = Math.min(n, options.naiveItems);
  const result = emptyResult(5, world, { messages: n, naiveMessages: naiveItems });
  await updateSettings(world, { integrations: { calendar: false, tasks: false, email: true }, email: { folders: FOLDERS, initialDays: INITIAL_DAYS } });

  const mailbox = await newMailbox(world, 'mail');
  seedInbox(world, mailbox.address, n);
  const ours = await measure(world, n, async () => {
    const run = await syncRun(world, { mailboxes: [mailbox.address], resources: ['email'] });
    return { counterRequests: counterRequests(run), run };
  });
  const run = ours.outcome.run;
  if (!run.results.some((r) => r.resource === 'email')) {
    result.notMeasured = 'email is not wired into the runner yet (server/src/sync/adapters.ts has no email adapter): the run synced nothing';
    return result;
  }
  const stored = await countEntries(world, EMAIL_UID, mailbox.address);
  result.notes.push(`ours: ${runSummary(run)}; ${stored} messages stored`);
  for (const error of runErrors(run).slice(0, 5)) result.notes.push(`error: ${error}`);
  if (stored !== n) result.notes.push(`CHECK FAILED: ${n} messages in the inbox, ${stored} entries in Strapi`);

  const naiveBox = await newMailbox(world, 'naive-mail');
  seedInbox(world, naiveBox.address, naiveItems);
  const since = new Date(Date.now() - INITIAL_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const startUrl = `/users/${encodeURIComponent(naiveBox.address)}/mailFolders/inbox/messages/delta?$select=id&$filter=receivedDateTime ge ${since}`;
  const naive = await measure(world, naiveItems, async () => {
    const outcome = await naivePull(world, { mailbox: naiveBox, resource: naiveEmail('inbox'), startUrl, limit: naiveItems });
    return { counterRequests: outcome.counter.requests, items: outcome.items };
  });
  if (naiveItems < n) result.notes.push(`naive way (inbox delta of ids, a GET and a Document Service create per message) measured on ${naiveItems} of ${n} messages; ratios are per message`);

  const bound = chainsBound([Math.max(1, Math.ceil(n / world.pageSize)), ...FOLDERS.slice(1).map(() => 1)], world.maxConcurrent, world.latencyMs);
  result.ours = plain(ours);
  result.naive = plain(naive);
  result.lowerBound = bound;
  result.ratios = ratiosOf(result.ours, bound, result.naive);
  result.targets.push(within('pull within 1.5× the lower bound in requests', result.ratios.lowerBoundRequests, 1.5, 'round trips ÷ bound'));
  result.targets.push(within('pull within 1.5× the lower bound in time', result.ratios.lowerBoundTime, 1.5, 'wall ÷ bound'));
  result.targets.push(atLeast('at least 10× fewer requests than the naive way', result.ratios.naiveRequests, 10, 'naive ÷ ours, round trips per message'));
  const growth = result.ours.memory.rssGrowthMb;
  result.targets.push({ target: 'memory growth under 100 MB at 10,000 items', met: growth < 100, detail: `${growth} MB RSS growth at ${n} messages` });
  return result;
}
