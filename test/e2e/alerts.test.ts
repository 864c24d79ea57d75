// Alerts in the admin, in headless Chromium against the playground wired to the Graph emulator: the
// demo app may read its registration (Application.Read.All) and its client secret ends in twelve days;
// an Exchange access policy blocks one mailbox. The settings page's banner shows both, and so does the
// "Microsoft 365" widget on Strapi's home page — for admins who may read the settings page only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { DEMO, type Emulator } from '../emulator';
import { startPlaygroundWithEmulator } from '../helpers/emulated-playground';
import type { Playground } from '../helpers/playground';
import {
  assertBrowserPrerequisites,
  createAdminWithActions,
  launchChromium,
  logIn,
  openAdminTab,
  openMicrosoftSettings,
  OUTPUT_DIR,
  registerFirstAdmin,
  screenshotSection,
  type Credentials,
} from './settings-page.helpers';

const ADMIN: Credentials = { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', password: 'Str0ngPassw0rd!' };
const EDITOR: Credentials = { firstname: 'Eddie', lastname: 'Editor', email: 'eddie@example.com', password: 'Str0ngPassw0rd!' };
const [HEALTHY, BLOCKED] = DEMO.mailboxes;
const DAY_MS = 86_400_000;

describe('Alerts: the settings page banner and the home page widget (Chromium)', { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const endsAt = new Date(Date.now() + 12 * DAY_MS);

  before(async () => {
    assertBrowserPrerequisites();
    ({ emulator, playground } = await startPlaygroundWithEmulator({
      apps: [
        {
          clientId: DEMO.clientId,
          secret: DEMO.clientSecret,
          permissions: [...DEMO.permissions, 'Application.Read.All'],
          blockedMailboxes: [BLOCKED],
          passwordCredentials: [{ value: DEMO.clientSecret, displayName: 'Strapi production', endDateTime: endsAt.toISOString() }],
        },
      ],
    }));
    browser = await launchChromium();
    ({ page } = await openAdminTab(browser));
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await emulator?.close();
  });

  const service = (name: string) => playground.strapi.plugin('microsoft-365').service(name);
  const azureSection = () => page.getByRole('region', { name: 'Azure Active Directory application', exact: true });
  /** The top of the settings page as an admin lands on it: the header down to the last banner. */
  async function screenshotTop(lastBanner: ReturnType<Page['getByRole']>, name: string): Promise<void> {
    const main = (await page.locator('main').boundingBox())!;
    const below = (await lastBanner.boundingBox())!;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, name), clip: { x: main.x, y: main.y, width: main.width, height: below.y + below.height + 32 - main.y } });
  }
  /** Connects the plugin to a new app registration of the demo tenant: msal's cached token of the last one holds its old roles. */
  async function useNewApp(permissions: string[], extra: Record<string, unknown> = {}): Promise<void> {
    const clientId = randomUUID();
    const secret = `e2e-secret-${clientId}`;
    emulator.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ clientId, secret, permissions, ...extra }] });
    await service('settings').update({ azure: { clientId, clientSecret: secret } });
  }

  test('set up: the demo app, two mailboxes, a run (one mailbox blocked) and the daily look at the secret', async () => {
    await registerFirstAdmin(page, playground.url, ADMIN);
    await service('settings').update({
      azure: { tenantId: DEMO.tenantId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, cloud: 'global' },
      integrations: { calendar: true, tasks: false, email: false },
    });
    for (const address of [HEALTHY, BLOCKED]) await service('mailboxes').create({ address });
    const run = await service('sync').run({ resources: ['calendar'] });
    assert.equal(run.status, 'partial');
    await service('alerts').checkSecret();
    const { secret, mailboxes } = await service('alerts').view();
    assert.equal(secret.state, 'expiring');
    assert.deepEqual(mailboxes.map((m: { address: string; reason: string }) => [m.address, m.reason]), [[BLOCKED, 'mailbox_blocked']]);
  });

  test('the settings page: the secret alert above the mailbox banner', async () => {
    await openMicrosoftSettings(page);
    const banner = page.getByRole('region', { name: 'Client secret', exact: true });
    const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(endsAt);
    await banner.getByText(`The client secret expires on ${day} (in 12 days)`).waitFor();
    assert.match(await banner.innerText(), /Strapi production/, 'names the secret to replace');
    const mailboxes = page.getByRole('region', { name: 'Mailbox health', exact: true });
    assert.match(await mailboxes.innerText(), new RegExp(`${BLOCKED}: Blocked by an application access policy`));
    await azureSection().getByText(`The saved client secret ends on ${day}.`).waitFor();
    await screenshotTop(mailboxes, 'alert-banner-secret.png');
  });

  test('the home page widget lists the secret and the blocked mailbox, and links to the settings page', async () => {
    await page.goto(`${playground.url}/admin`);
    const widget = page.locator('[data-strapi-widget-id="plugin::microsoft-365.alerts"]');
    await widget.getByText(BLOCKED).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Microsoft 365', exact: true }).count(), 1, 'named by its title');
    const text = await widget.innerText();
    assert.match(text, /The client secret expires on/);
    assert.match(text, /Blocked by an application access policy/);
    assert.ok(!text.includes(HEALTHY), 'a healthy mailbox is not listed');
    await screenshotSection(page, widget, 'home-widget.png');
    await widget.getByRole('link', { name: 'Open Microsoft Settings' }).click();
    await page.waitForURL(/\/admin\/settings\/microsoft-365$/);
  });

  test('all well: the widget says so', async () => {
    // A new secret that ends in two years, and the policy lifted: the next run and the next look clear both.
    await useNewApp([...DEMO.permissions, 'Application.Read.All']);
    await service('sync').run({ resources: ['calendar'] });
    await service('alerts').checkSecret({ force: true });
    await page.goto(`${playground.url}/admin`);
    const widget = page.locator('[data-strapi-widget-id="plugin::microsoft-365.alerts"]');
    await widget.getByText('All mailboxes are syncing; nothing needs attention.').waitFor();
    await screenshotSection(page, widget, 'home-widget-healthy.png');
  });

  test('without Application.Read.All: no alert, a plain note in the Azure section', async () => {
    await useNewApp([...DEMO.permissions]);
    await service('alerts').checkSecret({ force: true });
    await openMicrosoftSettings(page);
    await azureSection().getByText("The client secret's end date can't be read: grant the application permission Application.Read.All").waitFor();
    assert.equal(await page.getByRole('region', { name: 'Client secret', exact: true }).count(), 0, 'no banner: nothing is wrong with the mailboxes or the secret');
    await screenshotSection(page, azureSection(), 'secret-note-permission.png');
  });

  test('an expired secret (AADSTS7000222): the banner says no mailbox syncs until a new one is saved', async () => {
    await useNewApp([...DEMO.permissions], { secretExpired: true });
    const run = await service('sync').run({ resources: ['calendar'] });
    assert.equal(run.status, 'failed');
    await page.reload();
    const banner = page.getByRole('region', { name: 'Client secret', exact: true });
    await banner.getByText('The client secret has expired').waitFor();
    assert.match(await banner.innerText(), /AADSTS7000222/);
    await screenshotTop(page.getByRole('region', { name: 'Mailbox health', exact: true }), 'alert-banner-secret-expired.png');
  });

  test('an admin who may not read the settings page does not get the widget', async () => {
    await createAdminWithActions(playground.strapi, EDITOR, []);
    const { context, page: editorPage } = await openAdminTab(browser);
    try {
      await logIn(editorPage, playground.url, EDITOR);
      await editorPage.getByRole('heading', { name: 'Hello Eddie' }).waitFor();
      // Strapi's profile widget is there: the home page has laid out the widgets this admin may see.
      await editorPage.locator('[data-strapi-widget-id]').first().waitFor();
      await editorPage.waitForLoadState('networkidle');
      const shown = await editorPage.locator('[data-strapi-widget-id]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-strapi-widget-id')));
      assert.ok(shown.length > 0 && !shown.includes('plugin::microsoft-365.alerts'), JSON.stringify(shown));
    } finally {
      await context.close();
    }
  });
});
