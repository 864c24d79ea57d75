// The deletion guard on the Microsoft Settings page, in headless Chromium against the playground
// Strapi and the Graph emulator: the guard's thresholds are set in the Synchronization section, one
// mailbox loses most of its events in Outlook and another most of its entries in Strapi, the next run
// holds both mass deletions, and the page lists them for review. Discard brings the Outlook-deleted
// events back into Outlook; Approve (after a confirmation) deletes the Strapi-deleted ones in Outlook.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator } from '../helpers/emulated-playground';
import type { Playground } from '../helpers/playground';
import { graphTime } from '../integration/sync-support';
import {
  addMailboxOnPage,
  assertBrowserPrerequisites,
  launchChromium,
  openAdminTab,
  openMicrosoftSettings,
  OUTPUT_DIR,
  registerFirstAdmin,
  saveDemoTenantOnPage,
  screenshotSection,
  screenshotWholePage,
  type Credentials,
} from './settings-page.helpers';
import { UID } from '../../shared/plugin';

const ADMIN: Credentials = { firstname: 'Grace', lastname: 'Hopper', email: 'grace@example.com', password: 'Str0ngPassw0rd!' };
const EVENT_UID = UID.calendarEvent;
const EVENTS = 12;
const DELETED = 8;
const OUTLOOK_SIDE = `outlook-purge@${DEMO.tenantDomain}`;
const STRAPI_SIDE = `strapi-purge@${DEMO.tenantDomain}`;

describe('Deletions held for review on the Microsoft Settings page (Chromium)', { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator());
    for (const address of [OUTLOOK_SIDE, STRAPI_SIDE]) emulator.control.addUser({ tenantId: DEMO.tenantId, address, displayName: address.split('@')[0]! });
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  const section = (name: string) => page.getByRole('region', { name, exact: true });
  const held = () => section('Deletions held for review');
  const group = (heading: string) => held().getByRole('article', { name: heading });
  const sync = () => playground.strapi.plugin('microsoft-365').service('sync');
  const localEvents = (address: string) =>
    playground.strapi.db.query(EVENT_UID as never).findMany({ where: { mailbox: { address } } }) as Promise<Array<Record<string, any>>>;
  const calendarRun = (addresses: string[]) => sync().run({ trigger: 'api', mailboxes: addresses, resources: ['calendar'] });

  test('the guard is set in the Synchronization section and both mailboxes are synced', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await openMicrosoftSettings(page);
    await section('Microsoft 365 integrations').getByRole('checkbox', { name: 'Calendar' }).check({ force: true });
    const guard = section('Synchronization');
    await guard.getByLabel('Hold deletions above (items)').fill('5');
    await guard.getByLabel('…and above (% of the items)').fill('50');
    await saveDemoTenantOnPage(page, { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret });
    const settings = await playground.strapi.plugin('microsoft-365').service('settings').get();
    assert.deepEqual(settings.deletionGuard, { minItems: 5, share: 0.5 });
    await screenshotSection(page, guard, 'held-deletions-guard-settings.png');

    for (const address of [OUTLOOK_SIDE, STRAPI_SIDE]) {
      await addMailboxOnPage(page, { address });
      for (let i = 0; i < EVENTS; i++) {
        emulator.control.createEvent(address, { subject: `${address.split('-')[0]} review ${i + 1}`, start: graphTime(24 + i), end: graphTime(25 + i) });
      }
    }
    const first = await calendarRun([OUTLOOK_SIDE, STRAPI_SIDE]);
    assert.equal(first.status, 'succeeded', JSON.stringify(first.results));
    for (const address of [OUTLOOK_SIDE, STRAPI_SIDE]) assert.equal((await localEvents(address)).length, EVENTS);
  });

  test('a run that would delete 8 of 12 events on either side holds them, and the page lists them', async () => {
    for (const event of emulator.control.listEvents(OUTLOOK_SIDE).slice(0, DELETED)) emulator.control.deleteEvent(OUTLOOK_SIDE, String(event.id));
    for (const entry of (await localEvents(STRAPI_SIDE)).slice(0, DELETED)) {
      await playground.strapi.documents(EVENT_UID as never).delete({ documentId: entry.documentId });
    }
    const run = await calendarRun([OUTLOOK_SIDE, STRAPI_SIDE]);
    assert.equal(run.status, 'partial');
    assert.deepEqual(run.results.flatMap((result: any) => result.errors.map((error: any) => error.code)), ['deletions_held', 'deletions_held']);
    assert.equal((await localEvents(OUTLOOK_SIDE)).length, EVENTS, 'nothing was deleted in Strapi');
    assert.equal(emulator.control.listEvents(STRAPI_SIDE).length, EVENTS, 'nothing was deleted in Outlook');

    await page.reload();
    await held().waitFor();
    const fromOutlook = group(`8 calendar items deleted in Microsoft 365, held in Strapi: ${OUTLOOK_SIDE}`);
    const fromStrapi = group(`8 calendar items deleted in Strapi, held in Microsoft 365: ${STRAPI_SIDE}`);
    // Each group names the items it holds, by their subject.
    for (let i = 1; i <= DELETED; i++) {
      await fromOutlook.getByText(`outlook review ${i}`, { exact: true }).waitFor();
      await fromStrapi.getByText(`strapi review ${i}`, { exact: true }).waitFor();
    }
    await fromOutlook.getByRole('button', { name: 'Discard: restore in Microsoft 365' }).waitFor();
    await fromStrapi.getByRole('button', { name: 'Approve: delete in Microsoft 365' }).waitFor();
    // The section comes first on the page: an admin sees it without scrolling.
    const box = await held().boundingBox();
    assert.ok(box && box.y < 900, `the section starts at y=${box?.y}`);
    await screenshotSection(page, held(), 'held-deletions-section.png');
    await screenshotWholePage(page, 'held-deletions-page.png');
  });

  test('Discard brings the events Outlook lost back into Outlook', async () => {
    const fromOutlook = group(`8 calendar items deleted in Microsoft 365, held in Strapi: ${OUTLOOK_SIDE}`);
    await fromOutlook.getByRole('button', { name: 'Discard: restore in Microsoft 365' }).click();
    await page.getByText('8 deletions discarded; a sync run restores the items.').first().waitFor();
    await fromOutlook.waitFor({ state: 'detached' });
    await sync().idle();
    assert.equal(emulator.control.listEvents(OUTLOOK_SIDE).length, EVENTS, 'Outlook has every event again');
    assert.equal((await localEvents(OUTLOOK_SIDE)).length, EVENTS);
  });

  test('Approve asks first, then the events Strapi lost are deleted in Outlook and the section goes away', async () => {
    const fromStrapi = group(`8 calendar items deleted in Strapi, held in Microsoft 365: ${STRAPI_SIDE}`);
    await fromStrapi.getByRole('button', { name: 'Approve: delete in Microsoft 365' }).click();
    const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog')).first();
    await dialog.getByText(`8 items of ${STRAPI_SIDE} will be deleted in Microsoft 365 by the next run. This cannot be undone from Strapi.`).waitFor();
    // The dialog fades in: shoot it once its animations are over.
    await dialog.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'held-deletions-approve-dialog.png') });
    assert.equal(emulator.control.listEvents(STRAPI_SIDE).length, EVENTS, 'nothing happens before the confirmation');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('8 deletions approved; a sync run carries them out.').first().waitFor();
    await held().waitFor({ state: 'detached' });
    await sync().idle();
    assert.equal(emulator.control.listEvents(STRAPI_SIDE).length, EVENTS - DELETED, 'Outlook deleted the 8 events');
    assert.equal((await localEvents(STRAPI_SIDE)).length, EVENTS - DELETED);
  });
});
