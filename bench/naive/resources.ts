// What the naive ways need to know about a resource: where its items are read one by one, and how a
// Graph item becomes Strapi data. The mapping is the product's own adapter, so only the I/O differs.
import { calendarAdapter, CALENDAR_SCOPE } from '../../server/src/sync/resources/calendar';
import { emailAdapter } from '../../server/src/sync/resources/email';
import type { RemoteEntry, ResourceAdapter, Scope } from '../../server/src/sync/resources/types';

export interface NaiveResource {
  adapter: ResourceAdapter;
  scope: Scope;
  /** GET of one item. */
  itemUrl(mailbox: string, id: string): string;
  headers: Record<string, string>;
}

const users = (mailbox: string) => `/users/${encodeURIComponent(mailbox)}`;

export const naiveCalendar: NaiveResource = {
  adapter: calendarAdapter,
  scope: CALENDAR_SCOPE,
  itemUrl: (mailbox, id) => `${users(mailbox)}/events/${encodeURIComponent(id)}`,
  headers: { Prefer: 'IdType="ImmutableId"' },
};

export function naiveEmail(folder: string): NaiveResource {
  return {
    adapter: emailAdapter,
    scope: { key: folder, remoteParentId: folder, label: folder },
    itemUrl: (mailbox, id) => `${users(mailbox)}/messages/${encodeURIComponent(id)}`,
    headers: { Prefer: 'IdType="ImmutableId"' },
  };
}

/** Strapi data for a Graph item, or null when the resource keeps no entry for it. */
export function localDataOf(resource: NaiveResource, entry: RemoteEntry): Record<string, unknown> | null {
  const snapshot = resource.adapter.fromRemote(entry, resource.scope);
  return snapshot ? resource.adapter.toLocalData(snapshot.fields, resource.scope) : null;
}
