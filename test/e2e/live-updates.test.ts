// Live updates in the admin, in headless Chromium: the playground on a known port with its
// notification URL set, the Graph emulator posting to it. Each mailbox row says whether live updates
// are on and until when; a change made in Outlook shows up in the Content Manager with no run started.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator } from '../helpers/emulated-playground';
import { freePort, liveUpdatesEnv } from '../helpers/live-updates';
import type { Playground } from '../helpers/playground';
import { waitFor } from '../helpers/wait';
import { graphTime } from '../integration/sync-support';
import { UID } from '../../shared/plugin';
import { assertBrowserPrerequisites, launchChromium, openAdminTab, openMicrosoftSettings, registerFirstAdmin, screenshotSection, screenshotWholePage, type Credentials } from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', password: 'Str0ngPassw0rd!' };
const [MAILBOX] = DEMO.mailboxes;

describe('Live updates: the mailbox row and a change arriving on its own (Chromium)', { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const service = (name: string) => playground.strapi.plugin('microsoft-365').service(name);

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator({ env: liveUpdatesEnv(await freePort(), 1000) }));
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  test('a subscribed mailbox says live updates are on, until when', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await service('settings').update({
      azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' },
      integrations: { calendar: true, tasks: true, email: false },
    });
    await service('mailboxes').create({ address: MAILBOX });
    await service('sync').run({});
    await service('notifications').maintain();
    // The calendar and each To Do list of the demo mailbox.
    await waitFor('its subscriptions', () => emulator.control.subscriptions().length >= 2, 10_000);
    await openMicrosoftSettings(page);
    const row = page.getByRole('region', { name: 'Mailboxes', exact: true }).getByRole('row').filter({ hasText: MAILBOX });
    await row.getByText(/^Live updates on until /).waitFor();
    await screenshotSection(page, page.getByRole('region', { name: 'Mailboxes', exact: true }), 'mailbox-live-updates.png');
  });

  test('an event made in Outlook is in the Content Manager without a run', async () => {
    await emulator.control.notificationsIdle();
    await service('sync').idle();
    emulator.control.createEvent(MAILBOX, { subject: 'Arrived by itself', start: graphTime(26), end: graphTime(27) });
    await waitFor('the event in Strapi', async () => (await playground.strapi.db.query(UID.calendarEvent as never).count({ where: { subject: 'Arrived by itself' } })) === 1, 15_000);
    await page.goto(`${playground.url}/admin/content-manager/collection-types/${UID.calendarEvent}`);
    await page.getByRole('gridcell', { name: 'Arrived by itself' }).first().waitFor();
    const runs = (await playground.strapi.db.query(UID.syncRun as never).findMany({ orderBy: { startedAt: 'desc' } })) as Array<{ trigger: string }>;
    assert.equal(runs[0]!.trigger, 'notification');
    await screenshotWholePage(page, 'live-update-content-manager.png');
  });
});
