import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, demoGateway, startTestEmulator } from './support';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A page fetched ahead and then dropped (the caller stopped) must not go on retrying in the background.
test('breaking out while the fetched-ahead page is throttled: no request starts after the caller stopped', async () => {
  const emulator = await startTestEmulator(0);
  try {
    const gateway = demoGateway(emulator);
    const mailbox = `dangling@${DEMO.tenantDomain}`;
    emulator.control.addUser({ tenantId: DEMO.tenantId, address: mailbox, displayName: 'Dangling' });
    emulator.control.seedEvents(mailbox, 9, { start: new Date(Date.now() + 86_400_000).toISOString() });
    emulator.control.addFault({ pathPattern: 'skiptoken=', mailbox, status: 503, times: 10 });
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 19);
    const to = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 19);
    const url = `/users/${mailbox}/calendarView/delta?startDateTime=${from}Z&endDateTime=${to}Z`;
    for await (const page of gateway.deltaPages({ url, maxPageSize: 2, prefetch: true })) {
      assert.equal(page.items.length, 2);
      break;
    }
    const stoppedAt = Date.now();
    // Without the abort, the backoff retries at ~0.5, 1.3 and 2.9 s after the break.
    await sleep(3_500);
    const later = emulator.control.requests().filter((r) => r.mailbox === mailbox && Date.parse(r.startedAt) > stoppedAt);
    assert.deepEqual(later.map((r) => `${Date.parse(r.startedAt) - stoppedAt} ms: ${r.status}`), [], 'requests started after the caller stopped');
  } finally {
    await emulator.close();
  }
});
