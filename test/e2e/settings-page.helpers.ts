// Browser helpers for the Microsoft Settings page test: Chromium, Strapi's auth screens, the Settings menu.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { PLAYGROUND_DIR, REPO_ROOT } from '../helpers/playground';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUTPUT_DIR = path.join(process.env.TEST_OUTPUT ?? path.join(REPO_ROOT, 'test-output'), 'e2e');

export interface Credentials {
  firstname: string;
  lastname: string;
  email: string;
  password: string;
}

/** Fails early, with the fix, when what a browser test needs is missing. */
export function assertBrowserPrerequisites(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(path.join(PLAYGROUND_DIR, 'dist', 'build', 'index.html'))) {
    throw new Error('The admin bundle is not built: run `npx strapi-plugin build && cd playground && npx tsc -p tsconfig.json && npx strapi build`');
  }
}

/** A fresh tab as the browser tests use it: 1440×900, en-US, a 20 s default timeout, each request recorded in `requests` when given. */
export async function openAdminTab(browser: Browser, requests?: Request[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  if (requests) page.on('request', (request) => requests.push(request));
  return { context, page };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Fills Strapi's first-run form (/admin/auth/register-admin) and waits for the home page. */
export async function registerFirstAdmin(page: Page, baseUrl: string, admin: Credentials): Promise<void> {
  await page.goto(`${baseUrl}/admin/auth/register-admin`);
  await page.locator('input[name="firstname"]').fill(admin.firstname);
  await page.locator('input[name="lastname"]').fill(admin.lastname);
  await page.locator('input[name="email"]').fill(admin.email);
  await page.locator('input[name="password"]').fill(admin.password);
  await page.locator('input[name="confirmPassword"]').fill(admin.password);
  await page.getByRole('button', { name: "Let's start" }).click();
  await page.waitForURL(/\/admin\/?$/);
}

export async function logIn(page: Page, baseUrl: string, user: Pick<Credentials, 'email' | 'password'>): Promise<void> {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(/\/admin\/?$/);
}

/** The way a person gets there: Settings in the main menu, then Integrations > Microsoft Settings. */
export async function openMicrosoftSettings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const integrations = page.getByRole('navigation').filter({ hasText: 'Integrations' });
  await integrations.getByRole('link', { name: 'Microsoft Settings' }).click();
  await page.waitForURL(/\/admin\/settings\/microsoft-365$/);
  await page.getByRole('heading', { name: 'Azure Active Directory application' }).waitFor();
}

/** An admin whose only role grants exactly `actions` (created through Strapi's own admin services). */
export async function createAdminWithActions(strapi: Core.Strapi, who: Credentials, actions: string[]): Promise<void> {
  const role = await strapi.service('admin::role').create({ name: `${who.firstname} role`, description: actions.join(', ') });
  await strapi
    .service('admin::role')
    .assignPermissions(role.id, actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] })));
  await strapi.service('admin::user').create({ ...who, isActive: true, registrationToken: null, roles: [role.id] });
}

/**
 * Strapi's admin scrolls inside the window, so a full-page screenshot only shows the viewport:
 * grow the viewport to the content first.
 */
export async function screenshotWholePage(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, name);
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('main, body')).map((el) => el.scrollHeight)));
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height + 200, viewport.height), 6000) });
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(viewport);
  return file;
}

/**
 * A screenshot of one section (e.g. a region found by its heading). As for the whole page, the viewport
 * grows to the content first: a section taller than the window is cut off inside the admin's scroller.
 */
export async function screenshotSection(page: Page, section: Locator, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, name);
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('main, body')).map((el) => el.scrollHeight)));
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height + 200, viewport.height), 6000) });
  try {
    await section.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
  return file;
}

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** Types the app registration into the Azure section, as an admin would, and saves the form. */
export async function saveDemoTenantOnPage(page: Page, azure: { tenantId: string; clientId: string; clientSecret: string }): Promise<void> {
  const section = region(page, 'Azure Active Directory application');
  await section.getByLabel('Directory (tenant) ID').fill(azure.tenantId);
  await section.getByLabel('Application (client) ID').fill(azure.clientId);
  const replace = section.getByRole('button', { name: 'Replace', exact: true });
  if ((await replace.count()) > 0) await replace.click();
  await section.getByLabel('Client secret').fill(azure.clientSecret);
  await saveSettingsOnPage(page);
}

/** Presses Save and waits until the settings are stored. */
export async function saveSettingsOnPage(page: Page): Promise<void> {
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/microsoft-365/settings'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const response = await saved;
  if (response.status() !== 200) throw new Error(`Saving the settings answered ${response.status()}: ${await response.text()}`);
}

/** Adds a mailbox through the Mailboxes section's modal and waits for its row. */
export async function addMailboxOnPage(page: Page, mailbox: { address: string; displayName?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add mailbox' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a mailbox' });
  await dialog.getByLabel('Address').fill(mailbox.address);
  if (mailbox.displayName) await dialog.getByLabel('Display name').fill(mailbox.displayName);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await region(page, 'Mailboxes').getByRole('row').filter({ hasText: mailbox.address }).waitFor();
}
