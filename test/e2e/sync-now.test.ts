// "Sync now" and the run history on the Microsoft Settings page, in headless Chromium against the real
// playground Strapi wired to the Graph emulator's demo tenant: everything is set up through the page
// (Azure app, the integrations' toggles, a mailbox), a run is started from the page, its history row
// shows the counts the server recorded, and the synced items are in the Content Manager.
// The steps share one browser session and build on each other, so they run in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, Request } from 'playwright-core';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator } from '../helpers/emulated-playground';
import type { Playground } from '../helpers/playground';
import { createLease, SYNC_LEASE_NAME } from '../../server/src/sync/lease';
import type { SyncRun, SyncResult } from '../../server/src/sync/run-types';
import {
  addMailboxOnPage,
  assertBrowserPrerequisites,
  createAdminWithActions,
  launchChromium,
  logIn,
  openMicrosoftSettings,
  registerFirstAdmin,
  saveDemoTenantOnPage,
  screenshotSection,
  screenshotWholePage,
  type Credentials,
  openAdminTab,
} from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', password: 'Str0ngPassw0rd!' };
const MAILBOX = DEMO.mailboxes[0];
const RESOURCE_LABEL = { calendar: 'Calendar', tasks: 'Tasks', email: 'Email' } as const;
/** What each resource stores, and the field the Content Manager's list shows it by. */
const CONTENT = {
  calendar: { uid: 'plugin::microsoft-365.calendar-event', title: 'subject', columns: ['Subject', 'Start', 'End', 'All day', 'Cancelled', 'Mailbox'] },
  tasks: { uid: 'plugin::microsoft-365.task', title: 'title', columns: ['Title', 'Status', 'Due date', 'List', 'Mailbox'] },
  email: { uid: 'plugin::microsoft-365.email-message', title: 'subject', columns: ['Received', 'From', 'Subject', 'Folder', 'Mailbox'] },
} as const;

const counts = ({ created, updated, deleted }: SyncResult['pulled']) => `${created} / ${updated} / ${deleted}`;
const sum = (results: SyncResult[], side: 'pulled' | 'pushed') =>
  counts(results.reduce((total, r) => ({ created: total.created + r[side].created, updated: total.updated + r[side].updated, deleted: total.deleted + r[side].deleted }), { created: 0, updated: 0, deleted: 0 }));

describe('Sync now and the run history on the Microsoft Settings page (Chromium)', { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];
  /** The run started from the page, as the server recorded it. */
  let run: SyncRun;

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator());
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser, requests));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  const section = (name: string) => page.getByRole('region', { name, exact: true });
  const status = () => section('Status');
  // The design system's tables are ARIA grids (keyboard navigation): rows of gridcells.
  const history = () => status().getByRole('grid', { name: 'Run history' });
  const syncNowButton = () => status().getByRole('button', { name: 'Sync now' });
  const notification = (text: string) => page.getByText(text, { exact: false }).first();
  const syncService = () => playground.strapi.plugin('microsoft-365').service('sync');
  const syncPosts = () => requests.filter((r) => r.method() === 'POST' && /\/microsoft-365\/sync(\?|$)/.test(r.url()));

  async function storedEntries(resource: keyof typeof CONTENT): Promise<Array<Record<string, any>>> {
    const { uid } = CONTENT[resource];
    return playground.strapi.documents(uid as any).findMany({ filters: { mailbox: { address: MAILBOX } } as any, limit: 1000 } as any);
  }

  test('the demo tenant, the integrations and a demo mailbox are set up through the page', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await openMicrosoftSettings(page);
    await status().getByText('No synchronization has run yet').waitFor();
    for (const name of ['Calendar', 'Tasks', 'Email']) {
      await section('Microsoft 365 integrations').getByRole('checkbox', { name }).check({ force: true });
    }
    await saveDemoTenantOnPage(page, { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret });
    await addMailboxOnPage(page, { address: MAILBOX, displayName: DEMO.displayNames[0] });

    const settings = await playground.strapi.plugin('microsoft-365').service('settings').get();
    assert.deepEqual(settings.integrations, { calendar: true, tasks: true, email: true });
    assert.equal(settings.azure.clientSecretSet, true);
    await section('Mailboxes').getByRole('row').filter({ hasText: MAILBOX }).getByText('No run yet', { exact: true }).waitFor();
  });

  test('Sync now starts a run; its history row appears with the counts the server recorded', async () => {
    const started = page.waitForResponse((r) => r.request().method() === 'POST' && /\/microsoft-365\/sync(\?|$)/.test(r.url()));
    await syncNowButton().click();
    const response = await started;
    assert.equal(response.status(), 202);
    const { data } = (await response.json()) as { data: { id: string; status: string } };
    await notification('Synchronization started').waitFor();

    // The page follows the run (polling the status) until it is over, then shows it in the history.
    const row = history().locator(`tr[data-run="${data.id}"]`);
    await row.getByText('Succeeded', { exact: true }).waitFor({ timeout: 90_000 });
    await status().getByRole('status', { name: 'State' }).getByText('Idle', { exact: true }).waitFor();
    assert.equal(await syncNowButton().isDisabled(), false);

    run = await syncService().getRun(data.id);
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    assert.equal(run.trigger, 'manual');
    const resources = run.results.map((result) => result.resource);
    assert.ok(resources.includes('calendar'), `the calendar was synced: ${resources.join(', ')}`);
    // Each wired resource pulled the demo mailbox's items, and what it says it created is what is stored.
    for (const result of run.results) {
      assert.equal(result.mailbox, MAILBOX);
      assert.deepEqual(result.errors, [], `${result.resource} had no errors`);
      assert.ok(result.pulled.created > 0, `${result.resource} pulled the demo items`);
      assert.ok(result.graphRequests > 0, `${result.resource} counted its Graph requests`);
      assert.equal((await storedEntries(result.resource)).length, result.pulled.created, `${result.resource}: stored = pulled`);
    }

    // The row's totals, as the server recorded them.
    await row.getByText('manual', { exact: true }).waitFor();
    await row.getByText(sum(run.results, 'pulled'), { exact: true }).waitFor();
    await row.getByText(sum(run.results, 'pushed'), { exact: true }).waitFor();
    const graphRequests = run.results.reduce((total, r) => total + r.graphRequests, 0);
    await row.getByRole('gridcell', { name: String(graphRequests), exact: true }).first().waitFor();

    // Opened, the row lists each mailbox × resource.
    await row.getByRole('button', { name: /^Show the details of the run started/ }).click();
    const details = status().getByRole('grid', { name: /^Results of the run started/ });
    await details.waitFor();
    for (const result of run.results) {
      const line = details.getByRole('row').filter({ hasText: RESOURCE_LABEL[result.resource] });
      await line.getByText(MAILBOX, { exact: true }).waitFor();
      await line.getByText(counts(result.pulled), { exact: true }).first().waitFor();
      await line.getByRole('gridcell', { name: String(result.graphRequests), exact: true }).first().waitFor();
    }
    assert.equal(await details.getByRole('row').count(), run.results.length + 1, 'one row per mailbox × resource, and the header');
    assert.equal(await row.getByRole('button', { name: /^Hide the details/ }).getAttribute('aria-expanded'), 'true');

    // The run's end also refreshed the mailbox's "last sync".
    await section('Mailboxes').getByRole('row').filter({ hasText: MAILBOX }).getByText('No run yet', { exact: true }).waitFor({ state: 'hidden' });
    await screenshotSection(page, status(), 'sync-now-history.png');
  });

  test('the synced items are listed in the Content Manager', async () => {
    // What Outlook has for the mailbox (the emulator's own view), not what Strapi says it stored.
    const outlookSubjects = new Set(emulator.control.listEvents(MAILBOX).map((event) => String(event.subject)));
    const stored = await storedEntries('calendar');
    assert.ok(stored.length > 0);
    for (const entry of stored) assert.ok(outlookSubjects.has(String(entry.subject)) || /\(moved\)$/.test(String(entry.subject)), `"${entry.subject}" comes from Outlook`);
    for (const subject of ['Quarterly planning', 'Company holiday', 'Weekly sync']) assert.ok(outlookSubjects.has(subject), `the demo has "${subject}"`);

    for (const result of run.results) {
      const { uid, title, columns } = CONTENT[result.resource];
      await page.goto(`${playground.url}/admin/content-manager/collection-types/${uid}`);
      const table = page.getByRole('main').getByRole('grid').or(page.getByRole('main').getByRole('table')).first();
      await table.waitFor();
      const titles = [...new Set((await storedEntries(result.resource)).map((entry) => String(entry[title])))];
      for (const text of titles) await table.getByText(text, { exact: true }).first().waitFor();
      // The columns the plugin sets at install (the bulk-select and actions columns have no text).
      const headers = (await table.locator('thead th').allTextContents()).map((text) => text.trim()).filter(Boolean);
      assert.deepEqual(headers, columns, `${result.resource} list columns`);
      if (result.resource === 'calendar') {
        // A cancelled occurrence (the demo deletes one of "Weekly sync") reads as cancelled, the rest not.
        const column = (columns as readonly string[]).indexOf('Cancelled') + 2; // after the bulk-select cell
        const shown = await table.locator(`tbody tr td:nth-child(${column})`).allTextContents();
        const stored = await storedEntries('calendar');
        assert.deepEqual(shown.map((text) => text.trim()).sort(), stored.map((entry) => (entry.isCancelled ? 'True' : 'False')).sort());
        assert.ok(shown.some((text) => text.trim() === 'True'), 'the demo has a cancelled occurrence');
      }
      if (result.resource === 'calendar') {
        for (const subject of ['Quarterly planning', 'Company holiday', 'Weekly sync']) await table.getByText(subject, { exact: true }).first().waitFor();
      }
      await screenshotWholePage(page, `sync-now-content-manager-${result.resource}.png`);
    }
  });

  test('while another process holds the sync lease, Sync now says a run is already in progress', async () => {
    await openSettingsAgain();
    const runsBefore = (await syncService().runs({ page: 1, pageSize: 1 })).pagination.total;
    const other = createLease(playground.strapi, { name: SYNC_LEASE_NAME, ttlMs: 60_000, autoRenew: false });
    assert.equal(await other.acquire(), true);
    try {
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/microsoft-365\/sync(\?|$)/.test(r.url()));
      await syncNowButton().click();
      assert.equal((await answered).status(), 409);
      await notification('A synchronization is already running: wait for it to finish, then try again.').waitFor();
      // The page now shows the run that is in the way and does not offer to start another.
      await status().getByRole('status', { name: 'State' }).getByText('Running', { exact: true }).first().waitFor();
      assert.equal(await syncNowButton().isDisabled(), true);
      await screenshotSection(page, status(), 'sync-now-busy.png');
    } finally {
      await other.release();
    }
    // Polling while "running" notices the lease is free again.
    await status().getByRole('status', { name: 'State' }).getByText('Idle', { exact: true }).waitFor({ timeout: 15_000 });
    assert.equal(await syncNowButton().isDisabled(), false);
    assert.equal((await syncService().runs({ page: 1, pageSize: 1 })).pagination.total, runsBefore, 'the refused start recorded no run');
  });

  test('the history pages through older runs', async () => {
    // Ten more runs (through the service, as the schedule or another plugin would): eleven in all.
    for (let i = 0; i < 10; i++) await syncService().run({ trigger: 'api' });
    const { pagination, runs } = await syncService().runs({ page: 1, pageSize: 10 });
    assert.equal(pagination.total, 11);
    await status().getByRole('button', { name: 'Refresh' }).click();
    await status().getByText('Page 1 of 2 · 11 runs').waitFor();
    assert.equal(await history().locator('tr[data-run]').count(), 10);
    await history().locator(`tr[data-run="${runs[0].id}"]`).getByText('API', { exact: true }).waitFor();
    assert.equal(await status().getByRole('button', { name: 'Previous' }).isDisabled(), true);

    await status().getByRole('button', { name: 'Next' }).click();
    await status().getByText('Page 2 of 2 · 11 runs').waitFor();
    // The oldest run, the one started from the page, is alone on the last page.
    await history().locator(`tr[data-run="${run.id}"]`).getByText('manual', { exact: true }).waitFor();
    assert.equal(await history().locator('tr[data-run]').count(), 1);
    assert.equal(await status().getByRole('button', { name: 'Next' }).isDisabled(), true);
    await screenshotWholePage(page, 'sync-now-page.png');
  });

  test('a run with a mailbox Microsoft does not know shows how it failed, error by error', async () => {
    const unknown = `nobody-${Date.now()}@${DEMO.tenantDomain}`;
    await addMailboxOnPage(page, { address: unknown });
    const started = page.waitForResponse((r) => r.request().method() === 'POST' && /\/microsoft-365\/sync(\?|$)/.test(r.url()));
    await syncNowButton().click();
    const { data } = (await (await started).json()) as { data: { id: string } };
    // The history went back to its first page, where the new run is.
    const row = history().locator(`tr[data-run="${data.id}"]`);
    await row.getByText('In progress', { exact: true }).or(row.getByText('Partly failed', { exact: true })).or(row.getByText('Failed', { exact: true })).first().waitFor();
    await status().getByRole('status', { name: 'State' }).getByText('Idle', { exact: true }).waitFor({ timeout: 60_000 });

    const failedRun: SyncRun = await syncService().getRun(data.id);
    assert.notEqual(failedRun.status, 'succeeded');
    const label = { running: 'In progress', partial: 'Partly failed', failed: 'Failed', succeeded: 'Succeeded' }[failedRun.status];
    await row.getByText(label, { exact: true }).waitFor();
    const failing = failedRun.results.filter((result) => result.errors.length > 0);
    assert.ok(failing.length > 0 && failing.every((result) => result.mailbox === unknown), 'only the unknown mailbox failed');
    const errorCount = failedRun.results.reduce((total, r) => total + r.errors.length, 0);
    await row.getByRole('gridcell', { name: String(errorCount), exact: true }).last().waitFor();

    await row.getByRole('button', { name: /^Show the details of the run started/ }).click();
    const errors = status().getByRole('list', { name: 'Errors' });
    for (const result of failing) {
      const error = result.errors[0];
      await errors.getByText(`${unknown} · ${RESOURCE_LABEL[result.resource]} — ${error.code}: ${error.message}`, { exact: true }).waitFor();
    }
    await screenshotSection(page, status(), 'sync-now-errors.png');

    // The mailbox table says which mailbox needs an admin, and why; the one that synced stays healthy.
    const unknownRow = section('Mailboxes').getByRole('row').filter({ hasText: unknown });
    await unknownRow.getByText('Needs attention', { exact: true }).waitFor();
    await unknownRow.getByText('The mailbox does not exist', { exact: true }).waitFor();
    await section('Mailboxes').getByRole('row').filter({ hasText: MAILBOX }).getByText('Healthy', { exact: true }).waitFor();
    await screenshotSection(page, section('Mailboxes'), 'mailbox-health.png');
    // And the page says so at its top, without scrolling to the table.
    const banner = section('Mailbox health');
    await banner.getByText('1 mailbox needs attention', { exact: true }).waitFor();
    await banner.getByText(`${unknown}: The mailbox does not exist`, { exact: true }).waitFor();
    await screenshotSection(page, banner, 'mailbox-health-banner.png');
  });

  test("a mailbox row's Sync now runs that mailbox only, after a confirmation", async () => {
    await section('Mailboxes').getByRole('button', { name: `Sync ${MAILBOX} now`, exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sync this mailbox now?' });
    await dialog.getByText(`Runs a synchronization of ${MAILBOX} only`, { exact: false }).waitFor();
    await screenshotSection(page, dialog, 'mailbox-sync-confirm.png');
    const started = page.waitForResponse((r) => r.request().method() === 'POST' && /\/microsoft-365\/sync(\?|$)/.test(r.url()));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const response = await started;
    assert.deepEqual(JSON.parse(response.request().postData() ?? '{}'), { mailboxes: [MAILBOX] });
    const { data } = (await response.json()) as { data: { id: string } };
    await history().locator(`tr[data-run="${data.id}"]`).getByText('Succeeded', { exact: true }).waitFor({ timeout: 60_000 });
    const run: SyncRun = await syncService().getRun(data.id);
    assert.ok(run.results.length > 0 && run.results.every((result) => result.mailbox === MAILBOX), 'only that mailbox was synced');

    // Resync from scratch: its own button and dialog; everything is read again and nothing is duplicated.
    const stored = async () => (await Promise.all(Object.keys(CONTENT).map((resource) => storedEntries(resource as keyof typeof CONTENT)))).map((entries) => entries.length);
    const before = await stored();
    await section('Mailboxes').getByRole('button', { name: `Resync ${MAILBOX} from scratch`, exact: true }).click();
    const resync = page.getByRole('alertdialog', { name: 'Resync this mailbox from scratch?' });
    await resync.getByText('nothing is duplicated or deleted', { exact: false }).waitFor();
    await screenshotSection(page, resync, 'mailbox-resync-confirm.png');
    const resyncStarted = page.waitForResponse((r) => r.request().method() === 'POST' && /\/microsoft-365\/sync(\?|$)/.test(r.url()));
    await resync.getByRole('button', { name: 'Confirm' }).click();
    const resyncResponse = await resyncStarted;
    assert.deepEqual(JSON.parse(resyncResponse.request().postData() ?? '{}'), { mailboxes: [MAILBOX], fromScratch: true });
    const resyncId = ((await resyncResponse.json()) as { data: { id: string } }).data.id;
    await history().locator(`tr[data-run="${resyncId}"]`).getByText('Succeeded', { exact: true }).waitFor({ timeout: 60_000 });
    const resyncRun: SyncRun = await syncService().getRun(resyncId);
    assert.equal(resyncRun.results.reduce((n, r) => n + r.pulled.created + r.pushed.created, 0), 0, 'nothing created on either side');
    assert.deepEqual(await stored(), before);
  });

  test('Sync now needs sync.run and Test connection needs settings.update', async () => {
    const READ = 'plugin::microsoft-365.settings.read';
    const people: Array<{ who: Credentials; actions: string[]; syncNow: boolean }> = [
      { who: { firstname: 'Sam', lastname: 'Syncer', email: 'sam@example.com', password: 'Sync3rPassw0rd!' }, actions: [READ, 'plugin::microsoft-365.sync.run'], syncNow: true },
      { who: { firstname: 'Rita', lastname: 'Reader', email: 'rita@example.com', password: 'R3aderPassw0rd!' }, actions: [READ], syncNow: false },
    ];
    for (const { who, actions, syncNow } of people) {
      await createAdminWithActions(playground.strapi, who, actions);
      const { context, page: other } = await openAdminTab(browser);
      try {
        await logIn(other, playground.url, who);
        await openMicrosoftSettings(other);
        const region = (name: string) => other.getByRole('region', { name, exact: true });
        // Both see the history; only the one allowed to run a sync gets the button.
        await region('Status').getByRole('grid', { name: 'Run history' }).waitFor();
        assert.equal(await region('Status').getByRole('button', { name: 'Sync now' }).count(), syncNow ? 1 : 0, who.email);
        await region('Mailboxes').getByRole('row').filter({ hasText: MAILBOX }).waitFor();
        assert.equal(await region('Mailboxes').getByRole('button', { name: `Sync ${MAILBOX} now` }).count(), syncNow ? 1 : 0, `${who.email}: a mailbox's own Sync now`);
        assert.equal(await region('Azure Active Directory application').getByRole('button', { name: 'Test connection' }).count(), 0, who.email);
      } finally {
        await context.close();
      }
    }
  });

  test('an invitation edited in Strapi is put back, and the run says a meeting of another organizer was not written', async () => {
    await openSettingsAgain();
    const invitation = emulator.control.createEvent(MAILBOX, {
      subject: 'Budget review (organized by Megan)',
      start: { dateTime: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString().slice(0, 19), timeZone: 'UTC' },
      organizer: { emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@fabrikam.example' } },
      attendees: [{ emailAddress: { address: MAILBOX }, type: 'required' }],
    });
    await syncService().run({ trigger: 'api', mailboxes: [MAILBOX], resources: ['calendar'] });
    const [entry] = (await storedEntries('calendar')).filter((e) => e.subject === invitation.subject);
    assert.ok(entry, 'the invitation was imported');
    await playground.strapi.documents(CONTENT.calendar.uid as never).update({ documentId: String(entry.documentId), data: { subject: 'Budget review (moved by me)' } as never });

    const started = page.waitForResponse((r) => r.request().method() === 'POST' && /\/microsoft-365\/sync(\?|$)/.test(r.url()));
    await syncNowButton().click();
    const { data } = (await (await started).json()) as { data: { id: string } };
    const row = history().locator(`tr[data-run="${data.id}"]`);
    // The unknown mailbox of the step before still fails its part of the run: the run ends partly failed.
    await status().getByRole('status', { name: 'State' }).getByText('Idle', { exact: true }).waitFor({ timeout: 90_000 });
    await row.getByText('Partly failed', { exact: true }).or(row.getByText('Succeeded', { exact: true })).first().waitFor();
    const finished: SyncRun = await syncService().getRun(data.id);
    assert.deepEqual(finished.results.find((r) => r.mailbox === MAILBOX && r.resource === 'calendar')?.refused, { 'not-organizer': 1 });
    assert.equal(emulator.control.getEvent(MAILBOX, String(invitation.id))?.subject, invitation.subject, 'Outlook keeps the organizer\'s meeting');
    assert.ok((await storedEntries('calendar')).some((e) => e.subject === invitation.subject), 'and Strapi has it back');

    await row.getByRole('button', { name: /^Show the details of the run started/ }).click();
    await status()
      .getByText(`${MAILBOX}: 1 change to meetings another mailbox organizes not written to Microsoft`, { exact: false })
      .waitFor();
    await screenshotSection(page, status(), 'sync-now-refused-invitation.png');
  });

  test('Unlink and Purge: each from the row\'s menu, after its dialog; each a run in the history, which filters by kind of run and links item errors to their entries', async () => {
    const [leaver, archive] = [DEMO.mailboxes[1], DEMO.mailboxes[2]];
    const mailboxes = playground.strapi.plugin('microsoft-365').service('mailboxes');
    for (const address of [leaver, archive]) await mailboxes.create({ address });
    await syncService().run({ trigger: 'api', mailboxes: [leaver, archive] });
    const count = async (address: string) =>
      (await Promise.all(Object.values(CONTENT).map(({ uid }) => playground.strapi.db.query(uid as never).count({ where: { mailbox: { address } } } as never)))).reduce((a, b) => a + b, 0);
    const outlook = (address: string) => emulator.control.listEvents(address).length;
    const [leaverEntries, archiveEntries, leaverOutlook] = [await count(leaver), await count(archive), outlook(leaver)];
    assert.ok(leaverEntries > 0 && archiveEntries > 0, 'the demo mailboxes hold items');

    // An entry Microsoft cannot take (it ends before it starts): the run's details name it and link to it.
    const broken = await playground.strapi.documents(CONTENT.calendar.uid as never).create({
      data: { subject: 'Ends before it starts', start: new Date(Date.now() + 7_200_000), end: new Date(Date.now() + 3_600_000), mailbox: (await mailboxes.stored()).find((m: { address: string }) => m.address === archive).documentId } as never,
    });
    const withItemError = await syncService().run({ trigger: 'api', mailboxes: [archive], resources: ['calendar'] });
    await openSettingsAgain();
    const itemRow = history().locator(`tr[data-run="${withItemError.id}"]`);
    await itemRow.getByRole('button', { name: /^Show the details of the run started/ }).click();
    const link = status().getByRole('link', { name: 'Open “Ends before it starts”' });
    await link.waitFor();
    assert.match(String(await link.getAttribute('href')), new RegExp(`/admin/content-manager/collection-types/${CONTENT.calendar.uid}/${broken.documentId}$`));
    await screenshotSection(page, status(), 'run-item-errors.png');

    const menu = (address: string) => section('Mailboxes').getByRole('button', { name: `More actions for ${address}`, exact: true });
    const recoverPost = (tool: string) => page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/${tool}`));

    await menu(archive).click();
    await page.getByRole('menuitem', { name: 'Unlink…' }).click();
    const unlink = page.getByRole('alertdialog', { name: 'Unlink this mailbox?' });
    await unlink.getByText('nothing changes in Microsoft 365', { exact: false }).waitFor();
    await screenshotSection(page, unlink, 'mailbox-unlink-confirm.png');
    const unlinked = recoverPost('unlink');
    await unlink.getByRole('button', { name: 'Unlink' }).click();
    const unlinkRun = ((await (await unlinked).json()) as { data: SyncRun }).data;
    assert.equal(unlinkRun.action, 'unlink');
    await notification(`${archive} is unlinked`).waitFor();
    assert.equal(await count(archive), 0, 'no entry belongs to the mailbox any more');
    assert.equal(await playground.strapi.db.query(CONTENT.calendar.uid as never).count({ where: { documentId: broken.documentId } } as never), 1, 'the entries stay');

    await menu(leaver).click();
    await page.getByRole('menuitem', { name: 'Purge imported data…' }).click();
    const purge = page.getByRole('alertdialog', { name: 'Purge the imported data of this mailbox?' });
    await purge.getByText('Nothing is deleted in Microsoft 365', { exact: false }).waitFor();
    await screenshotSection(page, purge, 'mailbox-purge-confirm.png');
    const purged = recoverPost('purge');
    await purge.getByRole('button', { name: 'Purge' }).click();
    const purgeRun = ((await (await purged).json()) as { data: SyncRun }).data;
    assert.equal(purgeRun.results.reduce((n, r) => n + (r.entriesPurged ?? 0), 0), leaverEntries);
    await notification(`The imported data of ${leaver} is purged`).waitFor();
    assert.equal(await count(leaver), 0);
    assert.equal(outlook(leaver), leaverOutlook, 'Outlook keeps every item');
    for (const address of [leaver, archive]) {
      await section('Mailboxes').getByRole('row').filter({ hasText: address }).getByText('Disabled', { exact: true }).waitFor();
    }

    // The history: both tools are runs of their own; the Run filter narrows the list to one kind.
    await history().locator(`tr[data-run="${purgeRun.id}"]`).getByText('Purge', { exact: true }).waitFor();
    await status().getByRole('combobox', { name: 'Run' }).click();
    await page.getByRole('option', { name: 'Unlink', exact: true }).click();
    await history().locator(`tr[data-run="${unlinkRun.id}"]`).waitFor();
    assert.equal(await history().locator('tr[data-run]').count(), 1);
    await history().locator(`tr[data-run="${unlinkRun.id}"]`).getByRole('button', { name: /^Show the details of the run started/ }).click();
    await status().getByText(`${archive} · Calendar: `, { exact: false }).first().waitFor();
    await screenshotSection(page, status(), 'run-history-filtered.png');
    await status().getByRole('button', { name: 'Clear filters' }).click();
    await history().locator(`tr[data-run="${purgeRun.id}"]`).waitFor();
  });

  test('the Health column in each of its states: degraded after a long transient streak, needs attention, disabled', async () => {
    // Seven hours of failing runs is past degradedAfterHours (6): the clock's move, without waiting for it.
    const sevenHoursAgo = new Date(Date.now() - 7 * 3_600_000);
    await playground.strapi.db.query('plugin::microsoft-365.mailbox' as never).updateMany({ where: { address: MAILBOX }, data: { failingSince: sevenHoursAgo, lastError: 'Microsoft Graph is unavailable (503)' } } as never);
    await openSettingsAgain();
    const row = (address: string) => section('Mailboxes').getByRole('row').filter({ hasText: address });
    await row(MAILBOX).getByText('Degraded', { exact: true }).waitFor();
    await row(DEMO.mailboxes[1]).getByText('Disabled', { exact: true }).waitFor();
    await section('Mailboxes').getByText('Needs attention', { exact: true }).waitFor();
    await screenshotSection(page, section('Mailboxes'), 'mailbox-health-states.png');
    await playground.strapi.db.query('plugin::microsoft-365.mailbox' as never).updateMany({ where: { address: MAILBOX }, data: { failingSince: null, lastError: null } } as never);
  });

  /** Back to the settings page from elsewhere in the admin, the way a person would. */
  async function openSettingsAgain(): Promise<void> {
    await page.goto(`${playground.url}/admin`);
    await page.waitForURL(/\/admin\/?$/);
    await openMicrosoftSettings(page);
    assert.ok(syncPosts().length >= 1);
  }
});
