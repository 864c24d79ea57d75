// Which content type a mailbox × resource syncs into (the plugin's own by default, a mapped host type
// otherwise). The sync's bookkeeping of a mailbox × resource (mappings, cursors, quarantine) is about
// the entries of one type; when the type changes it is dropped, in one fenced transaction, so the new
// type starts as a first sync. Nothing is deleted on either side: the old type's entries stay, unlinked.
import { PLUGIN_ID, RESOURCE_UID, UID } from '../../../shared/plugin';
import type { Strapi } from '../utils/strapi';
import { query, transaction } from '../sync/db';
import type { ResourceName } from '../sync/resources/types';

const bindingsStore = (strapi: Strapi) => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'bindings' });
const keyOf = (address: string, resource: ResourceName) => `${address.toLowerCase()} ${resource}`;

/** Makes `uid` the type the pair's bookkeeping is about; answers whether it had to start over. */
export async function bindPair(strapi: Strapi, address: string, resource: ResourceName, uid: string): Promise<boolean> {
  const bindings = ((await bindingsStore(strapi).get({})) ?? {}) as Record<string, string>;
  const key = keyOf(address, resource);
  if ((bindings[key] ?? RESOURCE_UID[resource]) === uid) return false;
  await transaction(strapi, async () => {
    const where = { mailbox: address, resource };
    for (const table of [UID.syncMapping, UID.syncState, UID.syncQuarantine]) await query(strapi, table).deleteMany({ where });
    const current = ((await bindingsStore(strapi).get({})) ?? {}) as Record<string, string>;
    await bindingsStore(strapi).set({ value: { ...current, [key]: uid } });
  });
  strapi.log.info(`[microsoft-365] ${resource} of ${address} now syncs ${uid}: its sync starts over (no entry deleted on either side)`);
  return true;
}
