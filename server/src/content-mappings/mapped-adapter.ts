// A content mapping as a resource adapter: the plugin's own adapter for the resource (Graph URLs, Graph ⇄
// synced fields) with the host type in place of the plugin's, through the mapping's field map. So a
// mapped type goes through the one engine: same reconciler, hashes, mapping table, cursors, $batch and
// crash safety.
//
// Both sides are seen through what the host type can hold: Microsoft's item is read as the host entry
// it would become (fields → host data → fields), so a property the map leaves out (or a value an
// enumeration has no counterpart for) never reads as a difference, and an update leaves out what the
// host does not hold, so it never clears it in Outlook or To Do.
import type { ContentMapping } from '../../../shared/content-mappings';
import type { RemoteEntry, RemoteSnapshot, RemoteWrite, ResourceAdapter, Scope, SyncedFields } from '../sync/resources/types';
import type { FieldMap } from './field-map';

/** The Graph body properties each synced field is sent as; a field not mapped is left out of a PATCH. */
const GRAPH_PROPERTIES: Record<string, readonly string[]> = {
  start: ['start', 'end', 'isAllDay'],
  end: ['start', 'end'],
  timeZone: ['start', 'end'],
  status: ['status', 'completedDateTime'],
  completedAt: ['completedDateTime'],
  dueDate: ['dueDateTime'],
  reminderAt: ['reminderDateTime'],
};
/** Not mappable (a host type has no attendee list or recurrence pattern): never sent from a host type. */
const NEVER_SENT = ['attendees', 'recurrence'];
const SERIES_TYPES = new Set(['seriesMaster', 'occurrence', 'exception']);

export function mappedAdapter(base: ResourceAdapter, mapping: ContentMapping, map: FieldMap): ResourceAdapter {
  const fromLocal = (entry: Record<string, unknown>) => base.fromLocal(map.toPlugin(entry));
  const toLocalData = (fields: SyncedFields, scope: Scope) => map.toHost(base.toLocalData(fields, scope));
  const asHostSees = (fields: SyncedFields, scope: Scope) => fromLocal(toLocalData(fields, scope));

  const sentProperties = new Set<string>();
  for (const field of map.mapped) for (const property of GRAPH_PROPERTIES[field] ?? [field]) sentProperties.add(property);
  if (map.mapped.has('body')) sentProperties.add('body');
  const keepMapped = (write: RemoteWrite): RemoteWrite => {
    if (!write.body || typeof write.body !== 'object') return write;
    const body = Object.fromEntries(Object.entries(write.body as Record<string, unknown>).filter(([key]) => sentProperties.has(key) && !NEVER_SENT.includes(key)));
    return { ...write, body };
  };

  const adapter: ResourceAdapter = {
    ...base,
    uid: mapping.uid,
    localFields: map.attributes,
    fromLocal,
    toLocalData,
    fromRemote(entry: RemoteEntry, scope: Scope): RemoteSnapshot | null {
      // A series has no place in a host type (no recurrence attribute): only single events sync.
      if (mapping.resource === 'calendar' && !entry['@removed'] && (SERIES_TYPES.has(String(entry.type)) || entry.seriesMasterId)) return null;
      const snapshot = base.fromRemote(entry, scope);
      return snapshot ? { ...snapshot, fields: asHostSees(snapshot.fields, scope) } : null;
    },
    createRemote(mailbox, scope, fields, transactionId, options) {
      const write = base.createRemote(mailbox, scope, fields, transactionId, options && { ...options, settings: { ...options.settings, sendInvitations: false } });
      const body = { ...(write.body as Record<string, unknown>) };
      for (const key of NEVER_SENT) delete body[key];
      return { ...write, body };
    },
    updateRemote(mailbox, remoteId, fields, changeKey, options) {
      return keepMapped(base.updateRemote(mailbox, remoteId, fields, changeKey, options && { ...options, settings: { ...options.settings, sendInvitations: false }, remoteAudienceHash: null }));
    },
  };
  // Meetings' audiences and series are the plugin's own type's business.
  delete (adapter as { audience?: unknown }).audience;
  delete (adapter as { referencedItems?: unknown }).referencedItems;
  delete (adapter as { derivedEntries?: unknown }).derivedEntries;

  const listName = mapping.fields.listName;
  if (base.discoveredScopes && (listName === undefined || 'value' in listName)) {
    // One To Do list for the whole mapping: only that list syncs (the default list when none is named).
    const discovered = base.discoveredScopes;
    const name = listName && 'value' in listName ? String(listName.value) : '';
    const isTheList = (scope: Scope) => discovered.forLocal({ listName: name }, [scope]) === scope;
    Object.assign(adapter, { discoveredScopes: { ...discovered, fromEntries: (entries, known) => discovered.fromEntries(entries, known).filter(isTheList) } satisfies typeof discovered });
  }
  return adapter;
}
