// The delta pager's prefetch: one request ahead of the caller, pages still in order and one at a time,
// a failure of the fetched-ahead page raised only when that page is asked for, and nothing left behind
// when the caller stops early.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FullResyncRequired, type DeltaPage, type Gateway } from '../../server/src/graph';
import { DEMO, demoGateway, rejectionOf, useTestEmulator, type Emulator } from './support';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const PAGE = 2;

/** A fresh emulator user holding `events` events (within the window), so tests never share delta state. */
function newMailbox(emulator: Emulator, events: number): string {
  const address = `prefetch-${randomBytes(3).toString('hex')}@${DEMO.tenantDomain}`.toLowerCase();
  emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: 'Prefetch' });
  emulator.control.seedEvents(address, events, { start: new Date(Date.now() + 86400_000).toISOString() });
  return address;
}

function windowUrl(mailbox: string): string {
  const from = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 19);
  const to = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 19);
  return `/users/${mailbox}/calendarView/delta?startDateTime=${from}Z&endDateTime=${to}Z`;
}

/** The delta requests the emulator has answered for the mailbox, in the order they arrived. */
function deltaRequests(emulator: Emulator, mailbox: string) {
  return emulator.control
    .requests()
    .filter((r) => r.kind === 'graph' && r.mailbox === mailbox && r.path.includes('/calendarView/delta'))
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** Waits until the emulator has answered `n` delta requests for the mailbox (it logs a request once answered). */
async function untilAnswered(emulator: Emulator, mailbox: string, n: number): Promise<void> {
  for (let waited = 0; deltaRequests(emulator, mailbox).length < n; waited += 5) {
    if (waited > 5_000) throw new Error(`the emulator answered ${deltaRequests(emulator, mailbox).length} delta requests, expected ${n}`);
    await sleep(5);
  }
}

function skipToken(link: string): string | null {
  return new URL(link, 'https://graph.invalid').searchParams.get('$skiptoken');
}

async function collect(pages: AsyncGenerator<DeltaPage>): Promise<DeltaPage[]> {
  const out: DeltaPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('delta pager with prefetch', () => {
  const emulator = useTestEmulator({ latencyMs: 15 });
  let gateway: Gateway;
  // A dropped prefetch must not reject unhandled; the default handler would crash the file, so collect them.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  before(() => {
    gateway = demoGateway(emulator);
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  async function assertNoUnhandledRejection(): Promise<void> {
    await sleep(50);
    assert.deepEqual(unhandled, [], 'a prefetched page rejected unhandled');
  }

  test('pages come out in order, as without prefetch, each asked for with the previous page`s nextLink', async () => {
    const mailbox = newMailbox(emulator, 9);
    const plain = await collect(gateway.deltaPages({ url: windowUrl(mailbox), maxPageSize: PAGE }));
    emulator.control.clearRequests();
    const prefetched = await collect(gateway.deltaPages({ url: windowUrl(mailbox), maxPageSize: PAGE, prefetch: true }));

    const ids = (pages: DeltaPage[]) => pages.map((p) => p.items.map((i) => String(i.id)));
    assert.equal(prefetched.length, Math.ceil(9 / PAGE));
    assert.deepEqual(ids(prefetched), ids(plain));
    assert.equal(new Set(ids(prefetched).flat()).size, 9, 'every event once');
    for (const page of prefetched.slice(0, -1)) assert.ok(page.nextLink && !page.deltaLink);
    assert.ok(prefetched.at(-1)!.deltaLink && !prefetched.at(-1)!.nextLink);

    // Request k+1 went to page k's nextLink: the pager never skipped or reordered a link.
    const requests = deltaRequests(emulator, mailbox);
    assert.equal(requests.length, prefetched.length, 'no page was fetched twice or beyond the last one');
    assert.equal(skipToken(requests[0]!.path), null);
    for (let k = 0; k + 1 < prefetched.length; k++) assert.equal(skipToken(requests[k + 1]!.path), skipToken(prefetched[k]!.nextLink!));
    await assertNoUnhandledRejection();
  });

  test('while the caller holds a page, exactly one page is fetched ahead, and it was requested before the caller asked', async () => {
    const mailbox = newMailbox(emulator, 9);
    const pages = gateway.deltaPages({ url: windowUrl(mailbox), maxPageSize: PAGE, prefetch: true });
    const total = Math.ceil(9 / PAGE);
    for (let k = 1; k <= total; k++) {
      const asked = Date.now();
      const step = await pages.next();
      assert.equal(step.done, false);
      if (k > 1) {
        // The page handed out now was requested while the caller held the previous one.
        assert.ok(Date.parse(deltaRequests(emulator, mailbox)[k - 1]!.startedAt) < asked, `page ${k} was not fetched ahead`);
      }
      // Hold the page well past the emulator's latency: one request ahead at most, none after the last page.
      await sleep(80);
      const expected = Math.min(k + 1, total);
      assert.equal(deltaRequests(emulator, mailbox).length, expected, `holding page ${k} of ${total}`);
    }
    assert.equal((await pages.next()).done, true);
    assert.equal(deltaRequests(emulator, mailbox).length, total);
  });

  test('a 410 on the fetched-ahead page is raised only when that page is asked for', async () => {
    const mailbox = newMailbox(emulator, 5);
    emulator.control.addFault({ pathPattern: 'skiptoken=', mailbox, status: 410, code: 'syncStateNotFound', times: 1 });
    const pages = gateway.deltaPages({ url: windowUrl(mailbox), maxPageSize: PAGE, prefetch: true });
    const first = await pages.next();
    assert.equal(first.done, false);
    assert.equal(first.value!.items.length, PAGE);
    // The prefetch has failed by now: the caller still holds page 1 undisturbed.
    await untilAnswered(emulator, mailbox, 2);
    assert.equal(deltaRequests(emulator, mailbox)[1]!.status, 410);
    await assertNoUnhandledRejection();
    const err = await rejectionOf(() => pages.next());
    assert.ok(err instanceof FullResyncRequired, `expected FullResyncRequired, got ${String(err)}`);
    assert.equal(err.status, 410);
    assert.equal((await pages.next()).done, true, 'the round ends after its failure');
    assert.equal(deltaRequests(emulator, mailbox).length, 2, 'nothing was fetched after the failed page');
  });

  test('tokens expired while a page is held: the page fetched before still comes, the next one raises the 410', async () => {
    const mailbox = newMailbox(emulator, 7);
    const pages = gateway.deltaPages({ url: windowUrl(mailbox), maxPageSize: PAGE, prefetch: true });
    const first = await pages.next();
    await untilAnswered(emulator, mailbox, 2);
    assert.equal(emulator.control.expireDeltaTokens(mailbox) > 0, true);
    const second = await pages.next();
    assert.equal(second.done, false, 'page 2 was fetched before the tokens expired');
    assert.notDeepEqual(second.value!.items.map((i) => i.id), first.value!.items.map((i) => i.id));
    // Page 3 was requested with an expired token as page 2 was handed out; the caller learns it on asking.
    await untilAnswered(emulator, mailbox, 3);
    assert.equal(deltaRequests(emulator, mailbox)[2]!.status, 410);
    await assertNoUnhandledRejection();
    const err = await rejectionOf(() => pages.next());
    assert.ok(err instanceof FullResyncRequired);
  });

  test('breaking out of the loop drops the fetched-ahead page: no further request, no unhandled rejection', async () => {
    const mailbox = newMailbox(emulator, 9);
    // The prefetched page is still in flight when the caller stops.
    emulator.control.addFault({ pathPattern: 'skiptoken=', mailbox, status: 200, delayMs: 150, times: 1 });
    let seen = 0;
    for await (const page of gateway.deltaPages({ url: windowUrl(mailbox), maxPageSize: PAGE, prefetch: true })) {
      seen += page.items.length;
      break;
    }
    assert.equal(seen, PAGE);
    // The fetched-ahead request is aborted at the break, so the emulator may never log it as answered.
    await sleep(300);
    assert.ok(deltaRequests(emulator, mailbox).length <= 2, 'the pager kept fetching after the caller stopped');
    await assertNoUnhandledRejection();
  });

  test('breaking out while the fetched-ahead page fails: its failure is dropped with it, unhandled nowhere', async () => {
    const mailbox = newMailbox(emulator, 9);
    // The 410 arrives after the caller stopped (a 410 is final: no retry follows it).
    emulator.control.addFault({ pathPattern: 'skiptoken=', mailbox, status: 410, delayMs: 60, times: 1 });
    let pagesSeen = 0;
    for await (const page of gateway.deltaPages({ url: windowUrl(mailbox), maxPageSize: PAGE, prefetch: true })) {
      pagesSeen++;
      assert.equal(page.items.length, PAGE);
      break;
    }
    assert.equal(pagesSeen, 1);
    await sleep(300);
    assert.ok(deltaRequests(emulator, mailbox).length <= 2, 'the pager kept fetching after the caller stopped');
    await assertNoUnhandledRejection();
  });
});
