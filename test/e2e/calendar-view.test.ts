// The calendar view (main menu → Microsoft 365) in headless Chromium, against the playground Strapi and
// the Graph emulator's demo data after a sync: the week and month grids hold the demo's events (the
// weekly series expanded, its moved occurrence once, its cancelled one not at all), times in the
// browser's zone, each event a link to its Content Manager entry; keyboard navigation; the empty state;
// the task list; and an Editor who may not read the synced types gets no menu link.
// The steps share one browser session and build on each other, so they run in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator } from '../helpers/emulated-playground';
import type { Playground } from '../helpers/playground';
import { UID } from '../../shared/plugin';
import { assertBrowserPrerequisites, launchChromium, logIn, registerFirstAdmin, screenshotWholePage, type Credentials } from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Grace', lastname: 'Hopper', email: 'grace@example.com', password: 'Str0ngPassw0rd!' };
const EDITOR: Credentials = { firstname: 'Eddie', lastname: 'Editor', email: 'eddie@example.com', password: 'An0therStr0ngOne!' };
/** The browser's zone: not UTC, so that a time shown in it differs from the stored UTC one. */
const BROWSER_ZONE = 'Europe/Berlin';
const DAY = 86400000;

/** The demo's events (test/emulator/control/seedDemo.ts) by day offset from today (UTC), as the calendar must show them. */
function demoEventsByOffset(): Array<{ title: string; offset: number }> {
  const weeklySync = [0, 3, 4, 5, 6, 7, 8, 9].map((k) => ({ title: 'Weekly sync', offset: 1 + 7 * k })); // k=1 moved, k=2 cancelled
  return [
    { title: 'Customer visit (past)', offset: -5 },
    { title: 'Support rota handover', offset: 0 },
    { title: 'Quarterly planning', offset: 2 },
    { title: 'Company holiday', offset: 10 },
    { title: 'Weekly sync (moved)', offset: 8 },
    ...weeklySync,
  ];
}

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const todayMs = () => Date.parse(`${utcDate(Date.now())}T00:00:00Z`);

/** The titles the calendar must show between two dates (YYYY-MM-DD, end exclusive), sorted. */
function expectedTitles(from: string, to: string): string[] {
  const today = todayMs();
  const titles = demoEventsByOffset()
    .filter(({ offset }) => {
      const date = utcDate(today + offset * DAY);
      return date >= from && date < to;
    })
    .map(({ title }) => title);
  // The monthly report: on the day of the month of today + 3, from then on, no end (a shorter month: its last day).
  const first = new Date(today + 3 * DAY);
  for (let month = 0; month < 14; month++) {
    const year = first.getUTCFullYear();
    const index = first.getUTCMonth() + month;
    const lastDay = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
    const day = utcDate(Date.UTC(year, index, Math.min(first.getUTCDate(), lastDay)));
    if (day >= from && day < to) titles.push('Monthly report');
  }
  return titles.sort();
}

describe('the calendar view (Chromium)', { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator());
    const strapi = playground.strapi;
    await strapi.plugin('microsoft-365').service('settings').update({
      azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' },
      integrations: { calendar: true, tasks: true, email: false },
    });
    for (const [index, address] of DEMO.mailboxes.entries()) {
      await strapi.plugin('microsoft-365').service('mailboxes').create({ address, displayName: DEMO.displayNames[index] });
    }
    const run = await strapi.plugin('microsoft-365').service('sync').run({ trigger: 'api' });
    assert.equal(run.status, 'succeeded', JSON.stringify(run.results));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: BROWSER_ZONE, colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  const calendar = () => page.getByRole('region', { name: /^Calendar:/ });
  const rangeTitle = () => page.locator('h2[aria-live]');
  const eventLinks = () => calendar().locator('a.fc-event');
  /** The event links whose title is exactly `title` ("Weekly sync" is not "Weekly sync (moved)"). */
  const eventLink = (title: string) => eventLinks().filter({ has: page.locator('.ms365-event-title', { hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) }) });
  const waitForTitle = (title: string) => page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
  const mailboxPicker = () => page.getByRole('combobox', { name: 'Mailbox' });
  const viewButton = (name: string) => page.getByRole('group', { name: 'View' }).getByRole('button', { name, exact: true });

  /** The titles of the events on the grid, once the range's entries are loaded. */
  async function shownTitles(): Promise<string[]> {
    await page.waitForFunction(() => document.querySelector('[aria-label^="Calendar:"]')?.getAttribute('aria-busy') === 'false');
    return (await calendar().locator('.ms365-event-title').allTextContents()).sort();
  }

  /** The grid's visible dates (end exclusive), read from FullCalendar's day cells. */
  async function visibleDates(): Promise<{ from: string; to: string }> {
    const dates = await calendar().locator('[data-date]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-date')!.slice(0, 10)));
    const sorted = [...new Set(dates)].sort();
    return { from: sorted[0], to: utcDate(Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`) + DAY) };
  }

  /** A screenshot as an admin would see the page, without a hover state or tooltip where the mouse last clicked. */
  async function screenshot(name: string): Promise<void> {
    await page.mouse.move(700, 150);
    // A menu link keeps the focus after its click, and shows its tooltip while it has it.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshotWholePage(page, name);
  }

  async function entryOf(subject: string): Promise<{ documentId: string }> {
    const entry = await playground.strapi.db.query(UID.calendarEvent as never).findOne({ where: { subject, seriesMasterId: null } });
    assert.ok(entry, `an entry "${subject}" was synced`);
    return entry as { documentId: string };
  }

  test('the main menu has "Microsoft 365"; the week view shows this week\'s demo events in the browser\'s zone', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await page.getByRole('link', { name: 'Microsoft 365', exact: true }).click();
    await page.waitForURL(/\/admin\/plugins\/microsoft-365$/);
    await page.getByRole('heading', { name: 'Microsoft 365', level: 1 }).waitFor();
    await calendar().waitFor();
    assert.equal(await viewButton('Week').getAttribute('aria-pressed'), 'true');

    const { from, to } = await visibleDates();
    assert.deepEqual(await shownTitles(), expectedTitles(from, to), `the week ${from} – ${to}`);
    // Support rota handover is at 16:00 UTC today: 5:00 PM in Berlin in winter, 6:00 PM in summer.
    const localHour = Number(new Intl.DateTimeFormat('en-US', { timeZone: BROWSER_ZONE, hour: 'numeric', hourCycle: 'h23' }).format(new Date(`${utcDate(Date.now())}T16:00:00Z`)));
    const shownTime = await eventLink('Support rota handover').locator('.ms365-event-time').textContent();
    assert.match(shownTime ?? '', new RegExp(`^${localHour % 12 || 12}:00`), `shown at ${shownTime}`);
    await page.getByText(`Times are shown in your time zone (${BROWSER_ZONE})`).waitFor();
    await screenshot('calendar-week.png');
  });

  test('each event links to its Content Manager entry: a series\' occurrences to the series, a moved occurrence to its own entry', async () => {
    const base = '/admin/content-manager/collection-types/plugin::microsoft-365.calendar-event/';
    const handover = await entryOf('Support rota handover');
    assert.equal(await eventLink('Support rota handover').getAttribute('href'), base + handover.documentId);

    const moved = (await playground.strapi.db.query(UID.calendarEvent as never).findOne({ where: { subject: 'Weekly sync (moved)' } })) as { documentId: string };
    // Forward until the moved occurrence is on screen (at most three weeks ahead).
    for (let week = 0; week < 3 && (await eventLink('Weekly sync (moved)').count()) === 0; week++) {
      await page.getByRole('button', { name: 'Next week' }).click();
      await shownTitles();
    }
    assert.equal(await eventLink('Weekly sync (moved)').getAttribute('href'), base + moved.documentId);
    const { from, to } = await visibleDates();
    assert.deepEqual(await shownTitles(), expectedTitles(from, to), 'no second "Weekly sync" where the moved one replaces it');
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await shownTitles();

    // Enter on a focused event opens its entry in the Content Manager, inside the admin.
    await eventLink('Support rota handover').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/admin/content-manager/collection-types/plugin::microsoft-365.calendar-event/${handover.documentId}$`));
    await page.getByText('Support rota handover').first().waitFor();
    await page.goBack();
    await calendar().waitFor();
    await shownTitles();
  });

  test('keyboard: Tab reaches the toolbar and the events, Enter presses a button, ← → and T move the calendar', async () => {
    const thisWeek = (await rangeTitle().textContent()) ?? '';
    await page.getByRole('button', { name: 'Today', exact: true }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.getByRole('button', { name: 'Next week' }).evaluate((button) => button === document.activeElement), true, 'Tab goes from Today to Next week');
    await page.keyboard.press('Enter');
    await page.waitForFunction((before) => document.querySelector('h2[aria-live]')?.textContent !== before, thisWeek);
    const nextWeek = (await rangeTitle().textContent()) ?? '';

    await calendar().focus();
    await page.keyboard.press('ArrowLeft');
    await waitForTitle(thisWeek);
    await page.keyboard.press('ArrowRight');
    await waitForTitle(nextWeek);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((seen) => !seen.includes(document.querySelector('h2[aria-live]')?.textContent ?? ''), [thisWeek, nextWeek]);
    await page.keyboard.press('t');
    await waitForTitle(thisWeek);
    await shownTitles();

    // From the calendar, Tab goes on to the events (each a link).
    await calendar().focus();
    let reached = '';
    for (let presses = 0; presses < 40 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (document.activeElement?.classList.contains('fc-event') ? (document.activeElement.getAttribute('aria-label') ?? '') : ''));
    }
    assert.match(reached, /, /, 'an event took the focus, with a label saying what and when');
  });

  test('the month view shows the month\'s demo events, the weekly series once a week', async () => {
    await viewButton('Month').click();
    assert.equal(await viewButton('Month').getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: 'Next month' }).waitFor();
    await calendar().locator('.fc-dayGridMonth-view').waitFor();
    const { from, to } = await visibleDates();
    const titles = await shownTitles();
    assert.deepEqual(titles, expectedTitles(from, to), `the month grid ${from} – ${to}`);
    assert.ok(titles.filter((title) => title === 'Weekly sync').length >= 2, 'the series shows several occurrences');
    // Every occurrence of the series opens the series' entry.
    const series = await entryOf('Weekly sync');
    const hrefs = await eventLink('Weekly sync').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    assert.deepEqual([...new Set(hrefs)], [`/admin/content-manager/collection-types/plugin::microsoft-365.calendar-event/${series.documentId}`]);
    const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: BROWSER_ZONE }).format(new Date());
    assert.equal(await rangeTitle().textContent(), month);
    await screenshot('calendar-month.png');

    // The same in Strapi's dark theme (it follows the system's preference by default).
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    await screenshot('calendar-month-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('a mailbox without events in the range: the empty state', async () => {
    await viewButton('Week').click();
    await mailboxPicker().click();
    await page.getByRole('option', { name: `Contoso Support (${DEMO.mailboxes[2]})` }).click();
    await shownTitles();
    assert.deepEqual(await shownTitles(), ['Support rota handover'], 'only the support mailbox\'s event');
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('status').filter({ hasText: 'No events this week in Contoso Support.' }).waitFor();
    assert.deepEqual(await shownTitles(), []);
    await screenshot('calendar-empty.png');
  });

  test('the task list: every demo task by due date, each a link to its entry', async () => {
    await mailboxPicker().click();
    await page.getByRole('option', { name: 'All mailboxes' }).click();
    await viewButton('Tasks').click();
    const table = page.getByRole('grid', { name: 'Tasks of any mailbox, by due date' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    const titles = await rows.locator('td:first-child').allTextContents();
    assert.deepEqual(titles, ['Prepare monthly report', 'Book travel', 'Review budget', 'Draft the launch plan', 'Submit expenses']);
    const bookTravel = (await playground.strapi.db.query(UID.task as never).findOne({ where: { title: 'Book travel' } })) as { documentId: string };
    const link = table.getByRole('link', { name: 'Book travel' });
    assert.equal(await link.getAttribute('href'), `/admin/content-manager/collection-types/plugin::microsoft-365.task/${bookTravel.documentId}`);
    const dueDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(`${utcDate(todayMs() + 5 * DAY)}T12:00:00Z`));
    await rows.filter({ hasText: 'Book travel' }).getByText(dueDate).waitFor();
    await rows.filter({ hasText: 'Draft the launch plan' }).getByText('No due date').waitFor();
    await rows.filter({ hasText: 'Draft the launch plan' }).getByText('Project Phoenix').waitFor();
    await screenshot('calendar-tasks.png');

    await link.click();
    await page.waitForURL(new RegExp(`plugin::microsoft-365.task/${bookTravel.documentId}$`));
    await page.getByText('Book travel').first().waitFor();
  });

  test('an Editor who may not read the synced types has no "Microsoft 365" link, and the page refuses them', async () => {
    const editorRole = await playground.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    await playground.strapi.service('admin::user').create({ ...EDITOR, isActive: true, registrationToken: null, roles: [editorRole!.id] });
    const editorContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const editor = await editorContext.newPage();
    editor.setDefaultTimeout(20_000);
    await logIn(editor, playground.url, EDITOR);
    // The menu is drawn (the Editor has the Content Manager), without our link.
    await editor.getByRole('link', { name: 'Content Manager', exact: true }).waitFor();
    assert.equal(await editor.getByRole('link', { name: 'Microsoft 365', exact: true }).count(), 0);
    await editor.goto(`${playground.url}/admin/plugins/microsoft-365`);
    await editor.getByText("You don't have the permissions to access that content").waitFor();
    assert.equal(await editor.getByRole('region', { name: /^Calendar:/ }).count(), 0);
    await editorContext.close();
  });
});
