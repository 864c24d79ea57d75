// Scenario 8 (issue 9 §4): a mailbox of 100,000 imported messages, then the next sync with a few new
// ones. Before, the step after the pull read every stored message of the mailbox, bodies and all, in
// one query (the push, which email, import-only, never needed); now email has no push step and what
// replaces it (putting back entries edited in Strapi) reads the entries a page at a time.
// Target: peak RSS growth of that sync under 150 MB.
import { measure, plain } from '../lib/meter';
import { counterRequests, emptyResult, runSummary } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { countEntries, EMAIL_UID, newMailbox, runErrors, syncRun, updateSettings, withoutLatency, type World } from '../lib/world';

const NEW_MESSAGES = 10;
const TARGET_MB = 150;

export async function bigMailboxScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions): Promise<ScenarioResult> {
  const n = options.bigMailboxMessages;
  const result = emptyResult(8, world, { messages: n, newMessages: NEW_MESSAGES });
  // One a minute: n minutes back must lie inside initialDays.
  const initialDays = Math.ceil(n / 1440) + 2;
  await updateSettings(world, { integrations: { calendar: false, tasks: false, email: true }, email: { folders: ['inbox'], initialDays } });

  const mailbox = await newMailbox(world, 'big');
  world.emulator.control.seedMessages(mailbox.address, 'inbox', n, { spacingMinutes: 1, subjectPrefix: 'Big mailbox message' });
  const importStarted = Date.now();
  const imported = await measure(world, n, async () => {
    const run = await withoutLatency(world, () => syncRun(world, { mailboxes: [mailbox.address], resources: ['email'] }));
    return { counterRequests: counterRequests(run), run };
  });
  const stored = await countEntries(world, EMAIL_UID, mailbox.address);
  result.notes.push(`setup (no latency, ${Math.round((Date.now() - importStarted) / 1000)} s): ${runSummary(imported.outcome.run)}; ${stored} messages stored; peak RSS growth of the import ${imported.memory.rssGrowthMb} MB (the in-process emulator renders every page too)`);
  for (const error of runErrors(imported.outcome.run).slice(0, 5)) result.notes.push(`import error: ${error}`);
  if (stored !== n) result.notes.push(`CHECK FAILED: ${n} messages in the inbox, ${stored} entries in Strapi`);

  for (let i = 0; i < NEW_MESSAGES; i++) {
    world.emulator.control.createMessage(mailbox.address, 'inbox', {
      subject: `New message ${i}`,
      from: { emailAddress: { address: 'sender@fabrikam.com', name: 'Sender' } },
      body: { contentType: 'text', content: `New message ${i} body` },
      receivedDateTime: new Date(Date.now() - 1000 * (i + 1)).toISOString(),
    });
  }
  const ours = await measure(world, n, async () => {
    const run = await syncRun(world, { mailboxes: [mailbox.address], resources: ['email'] });
    return { counterRequests: counterRequests(run), run };
  });
  result.notes.push(`ours: ${runSummary(ours.outcome.run)}`);
  for (const error of runErrors(ours.outcome.run).slice(0, 5)) result.notes.push(`error: ${error}`);
  const after = await countEntries(world, EMAIL_UID, mailbox.address);
  if (after !== n + NEW_MESSAGES) result.notes.push(`CHECK FAILED: ${n + NEW_MESSAGES} messages in the inbox, ${after} entries in Strapi`);

  result.ours = plain(ours);
  const growth = result.ours.memory.rssGrowthMb;
  result.figures.importRssGrowthMb = imported.memory.rssGrowthMb;
  result.figures.importWallMs = imported.wallMs;
  result.targets.push({ target: `sync of a ${n}-message mailbox: peak RSS growth under ${TARGET_MB} MB`, met: growth < TARGET_MB, detail: `${growth} MB peak RSS growth (JS heap peak +${result.ours.memory.heapPeakGrowthMb} MB), ${result.ours.db.reads} database reads` });
  return result;
}
