// To Do lists as sync scopes: discovered per mailbox from /todo/lists/delta, matched to task.listName.
// Pure. The task adapter offers them as its discoveredScopes capability (types.ts DiscoveredScopes).
import type { RemoteEntry, RemoteWrite, Scope } from '../types';

export const DEFAULT_LIST = 'defaultList';

/**
 * List names compare as To Do shows them: trimmed, case-insensitive. Folded without the host's locale
 * (a Turkish-locale server would lower "I" to "ı") and in NFC, so "é" typed either way is one name.
 */
export const listKey = (name: string) => name.trim().normalize('NFC').toLowerCase();

export function listsDeltaUrl(mailbox: string): string {
  return `/users/${encodeURIComponent(mailbox)}/todo/lists/delta`;
}

/** A todoTaskList → scope: the default list's label is '' (task.listName of the default list). */
export function scopeFromList(list: Record<string, unknown>): Scope | null {
  if (typeof list.id !== 'string' || list['@removed']) return null;
  // Outlook's "Flagged email" list mirrors flagged messages: its tasks cannot be created or moved by us.
  if (list.wellknownListName === 'flaggedEmails') return null;
  const isDefault = list.wellknownListName === DEFAULT_LIST;
  const name = typeof list.displayName === 'string' ? list.displayName : '';
  return { key: list.id, remoteParentId: list.id, label: isDefault ? '' : name };
}

export function scopesFromListEntries(entries: readonly RemoteEntry[], known: readonly Scope[] = []): Scope[] {
  const byKey = new Map(known.map((s) => [s.key, s]));
  for (const entry of entries) {
    if (entry['@removed']) {
      byKey.delete(entry.id);
      continue;
    }
    const scope = scopeFromList(entry);
    if (!scope) {
      byKey.delete(entry.id); // e.g. the flagged-email list: never a scope
      continue;
    }
    // An update in a delta may carry only changed properties: keep what we knew of the list.
    const before = byKey.get(scope.key);
    if (before && (entry.wellknownListName === undefined || typeof entry.displayName !== 'string')) {
      scope.label = before.label === '' ? '' : typeof entry.displayName === 'string' ? entry.displayName : before.label;
    }
    byKey.set(scope.key, scope);
  }
  return [...byKey.values()];
}

/** The list a task names: '' → the default list; else the list of that name (first by key order when To Do has duplicates). */
export function scopeForListName(listName: string, scopes: readonly Scope[]): Scope | null {
  const wanted = listKey(listName ?? '');
  const matches = scopes.filter((s) => listKey(s.label ?? '') === wanted);
  if (matches.length === 0) return null;
  return [...matches].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0];
}

export function createListWrite(mailbox: string, listName: string): RemoteWrite {
  const name = listName.trim();
  if (!name) throw new RangeError('The default To Do list exists in every mailbox; it is never created.');
  return { method: 'POST', url: `/users/${encodeURIComponent(mailbox)}/todo/lists`, body: { displayName: name } };
}
