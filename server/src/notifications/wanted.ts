// Which subscriptions the plugin should hold: one per enabled mailbox × resource × scope (the calendar,
// each configured mail folder, each To Do list known so far). Pure: the caller reads what it needs.
import type { StoredMailbox } from '../../../shared/api';
import type { PublicSettings } from '../../../shared/settings';
import type { ResourceName } from '../../../shared/plugin';
import { adapterFor } from '../sync/adapters';
import { resourceSettings } from '../sync/resource-settings';
import type { Scope } from '../sync/resources/types';
import { plannedPairs } from '../sync/runner';

export interface WantedSubscription {
  mailbox: string;
  resource: ResourceName;
  scope: string;
  graphResource: string;
  maxMinutes: number;
}

/** The key a wanted subscription and its row share. */
export const subscriptionKey = (s: { mailbox: string; resource: string; scope: string }): string => `${s.mailbox.toLowerCase()}\u0000${s.resource}\u0000${s.scope}`;

/**
 * @param discovered the scopes found so far for resources whose scopes live in Microsoft (To Do
 *   lists), by mailbox address (lower case) and resource; a list is subscribed once a run found it.
 */
export function wantedSubscriptions(
  settings: PublicSettings,
  mailboxes: StoredMailbox[],
  discovered: (mailbox: string, resource: ResourceName) => Scope[],
  now = new Date(),
): WantedSubscription[] {
  const wanted: WantedSubscription[] = [];
  for (const { mailbox, resource } of plannedPairs(settings, mailboxes, {})) {
    const adapter = adapterFor(resource)!;
    const scopes = [...adapter.fixedScopes(resourceSettings(settings, resource, now)), ...(adapter.discoveredScopes ? discovered(mailbox.address.toLowerCase(), resource) : [])];
    for (const scope of scopes) {
      wanted.push({
        mailbox: mailbox.address,
        resource,
        scope: scope.key,
        graphResource: adapter.changeNotifications.resource(mailbox.address, scope),
        maxMinutes: adapter.changeNotifications.maxMinutes,
      });
    }
  }
  return wanted;
}
