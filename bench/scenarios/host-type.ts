// Scenario 10: what a host content type costs (issue 12). The same first pull of N events and the same
// sync of N/4 edits made in Strapi, once into the plugin's own calendar-event (written in bulk,
// local-entries.ts) and once into the playground's Meeting type through a content mapping (written
// through the Document Service, one call per entry, so the host's lifecycles and validation run).
// Reported as host ÷ own, per item, in the same run; Graph requests must be the same.
import { measure, plain } from '../lib/meter';
import { counterRequests, emptyResult, fmt, ratiosOf, runSummary, within } from '../lib/result';
import type { BenchOptions, ScenarioResult } from '../lib/types';
import { countEntries, EVENT_UID, newMailbox, runErrors, seedEventsInWindow, syncRun, type World } from '../lib/world';

const MEETING = 'api::meeting.meeting';

export async function hostTypeScenario(world: World & { database: ScenarioResult['database'] }, options: BenchOptions): Promise<ScenarioResult> {
  const n = options.hostEvents;
  const edits = Math.max(1, Math.floor(n / 4));
  const result = emptyResult(10, world, { events: n, edits });

  const own = await newMailbox(world, 'own-type');
  const host = await newMailbox(world, 'host-type');
  await world.strapi.plugin('microsoft-365').service('contentMappings').replace({
    mappings: [
      {
        id: 'bench-meetings',
        uid: MEETING,
        resource: 'calendar',
        mailbox: { address: host.address },
        direction: 'bidirectional',
        conflictResolution: 'newest-wins',
        fields: { subject: { attribute: 'title' }, body: { attribute: 'description' }, start: { attribute: 'startsAt' }, end: { attribute: 'endsAt' }, location: { attribute: 'venue' } },
      },
    ],
  });
  seedEventsInWindow(world, own.address, n);
  seedEventsInWindow(world, host.address, n);

  const pull = async (address: string) =>
    measure(world, n, async () => {
      const run = await syncRun(world, { mailboxes: [address], resources: ['calendar'] });
      return { counterRequests: counterRequests(run), run };
    });
  const ownPull = await pull(own.address);
  const hostPull = await pull(host.address);
  const ownStored = await countEntries(world, EVENT_UID, own.address);
  const hostStored = await world.strapi.documents(MEETING as never).count({ status: 'published' } as never);
  result.notes.push(`own type pull: ${runSummary(ownPull.outcome.run)}; host type pull: ${runSummary(hostPull.outcome.run)}`);
  for (const error of [...runErrors(ownPull.outcome.run), ...runErrors(hostPull.outcome.run)].slice(0, 5)) result.notes.push(`error: ${error}`);
  if (ownStored !== n || hostStored !== n) result.notes.push(`CHECK FAILED: ${n} events each, ${ownStored} calendar-event entries and ${hostStored} published meetings stored`);

  // N/4 edits in Strapi through the Document Service (as the Content Manager writes), then one sync.
  const ownEntries = (await world.strapi.db.query(EVENT_UID as never).findMany({ where: { mailbox: { address: own.address } }, select: ['documentId', 'subject'], limit: edits } as never)) as Array<{ documentId: string; subject: string }>;
  for (const entry of ownEntries) await world.strapi.documents(EVENT_UID as never).update({ documentId: entry.documentId, data: { subject: `${entry.subject} (edited)` } } as never);
  const meetings = (await world.strapi.documents(MEETING as never).findMany({ status: 'published', fields: ['title'], limit: edits } as never)) as unknown as Array<{ documentId: string; title: string }>;
  for (const entry of meetings) await world.strapi.documents(MEETING as never).update({ documentId: entry.documentId, data: { title: `${entry.title} (edited)` }, status: 'published' } as never);
  const push = async (address: string) =>
    measure(world, edits, async () => {
      const run = await syncRun(world, { mailboxes: [address], resources: ['calendar'] });
      return { counterRequests: counterRequests(run), run };
    });
  const ownPush = await push(own.address);
  const hostPush = await push(host.address);
  const pushed = (m: typeof ownPush) => m.outcome.run.results.reduce((sum, r) => sum + r.pushed.updated, 0);
  if (pushed(ownPush) !== edits || pushed(hostPush) !== edits) result.notes.push(`CHECK FAILED: ${pushed(ownPush)} and ${pushed(hostPush)} of ${edits} edits pushed`);

  result.ours = plain(hostPull);
  result.naive = plain(ownPull);
  result.ratios = ratiosOf(result.ours, null, result.naive);
  const per = (x: number, items: number) => x / items;
  const figures = {
    pullWallPerItemOwnMs: per(ownPull.wallMs, n),
    pullWallPerItemHostMs: per(hostPull.wallMs, n),
    pullQueriesPerItemOwn: per(ownPull.db.queries, n),
    pullQueriesPerItemHost: per(hostPull.db.queries, n),
    pushWallPerItemOwnMs: per(ownPush.wallMs, edits),
    pushWallPerItemHostMs: per(hostPush.wallMs, edits),
    pushQueriesPerItemOwn: per(ownPush.db.queries, edits),
    pushQueriesPerItemHost: per(hostPush.db.queries, edits),
    pullGraphRequestsOwn: ownPull.graph.graphRequests,
    pullGraphRequestsHost: hostPull.graph.graphRequests,
    pushGraphRequestsOwn: ownPush.graph.graphRequests,
    pushGraphRequestsHost: hostPush.graph.graphRequests,
  };
  Object.assign(result.figures, figures);
  result.notes.push(
    `pull: own type ${fmt(ownPull.wallMs / 1000)} s, ${ownPull.db.queries} statements; host type ${fmt(hostPull.wallMs / 1000)} s, ${hostPull.db.queries} statements (${fmt(hostPull.wallMs / ownPull.wallMs)}× the time, ${fmt(hostPull.db.queries / ownPull.db.queries)}× the statements)`,
    `push of ${edits} edits: own type ${fmt(ownPush.wallMs / 1000)} s, ${ownPush.db.queries} statements; host type ${fmt(hostPush.wallMs / 1000)} s, ${hostPush.db.queries} statements`,
  );
  result.targets.push(within('host type sends no more Graph requests than the own type (pull)', hostPull.graph.graphRequests / Math.max(1, ownPull.graph.graphRequests), 1, 'host ÷ own Graph requests'));
  result.targets.push(within('host type sends no more Graph requests than the own type (push)', hostPush.graph.graphRequests / Math.max(1, ownPush.graph.graphRequests), 1, 'host ÷ own Graph requests'));
  return result;
}
