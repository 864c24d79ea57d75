import type { Core } from '@strapi/strapi';

interface DemoTenant {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  mailboxes: string[];
  displayNames: string[];
}

/**
 * `npm start` with the Graph emulator passes its demo tenant in MICROSOFT365_DEMO_TENANT: on a first start
 * (no tenant saved yet) fill the settings and mailboxes with it, so the plugin works out of the box.
 */
async function fillDemoSettings(strapi: Core.Strapi) {
  const raw = process.env.MICROSOFT365_DEMO_TENANT;
  if (!raw) return;
  const demo = JSON.parse(raw) as DemoTenant;
  const plugin = strapi.plugin('microsoft-365');
  const current = await plugin.service('settings').get();
  if (current.azure.tenantId) return;
  await plugin.service('settings').update({
    azure: { tenantId: demo.tenantId, clientId: demo.clientId, clientSecret: demo.clientSecret },
    integrations: { calendar: true, tasks: true, email: true },
  });
  const existing = new Set((await plugin.service('mailboxes').list()).map((mailbox: { address: string }) => mailbox.address));
  for (const [index, address] of demo.mailboxes.entries()) {
    if (!existing.has(address)) await plugin.service('mailboxes').create({ address, displayName: demo.displayNames[index] });
  }
  await plugin.service('contentMappings').replace({ mappings: demoContentMappings(demo.mailboxes[1]!) });
  strapi.log.info(`[microsoft-365] settings filled with the emulator's demo tenant (${demo.mailboxes.length} mailboxes)`);
}

/**
 * The README's worked example: the playground's own Meeting type synced to the second demo mailbox's
 * calendar, and its Chore type to a "Chores" list in that mailbox's To Do (the other mailboxes keep the
 * plugin's own types).
 */
function demoContentMappings(address: string) {
  return [
    {
      id: 'meetings',
      uid: 'api::meeting.meeting',
      resource: 'calendar',
      mailbox: { address },
      direction: 'bidirectional',
      conflictResolution: 'newest-wins',
      fields: {
        subject: { attribute: 'title' },
        body: { attribute: 'description' },
        start: { attribute: 'startsAt' },
        end: { attribute: 'endsAt' },
        location: { attribute: 'venue' },
        showAs: { attribute: 'state', values: { confirmed: 'busy', tentative: 'tentative', cancelled: 'free' } },
      },
      filters: { audience: { $eq: 'public' } },
    },
    {
      id: 'chores',
      uid: 'api::chore.chore',
      resource: 'tasks',
      mailbox: { address },
      direction: 'bidirectional',
      conflictResolution: 'newest-wins',
      fields: {
        title: { attribute: 'name' },
        body: { attribute: 'notes' },
        status: { attribute: 'done', values: { true: 'completed', false: 'notStarted' } },
        dueDate: { attribute: 'due' },
        listName: { value: 'Chores' },
      },
    },
  ];
}

export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await fillDemoSettings(strapi);
  },
};
