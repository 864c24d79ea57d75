// The scopes one mailbox × resource syncs: fixed by settings (the calendar, mail folders) and, for
// resources whose containers live in Microsoft (To Do lists), discovered through their own delta,
// whose link and the scopes it listed so far are kept on a cursor row of their own.
import { FullResyncRequired } from '../graph';
import type { ResourceRunContext } from './context';
import type { RemoteEntry, Scope } from './resources/types';
import { type Cursor } from './store';

/** The sync-state scope key of the discovery cursor; never a real scope's key. */
export const DISCOVERY_CURSOR = '#scopes';

export async function resolveScopes(ctx: ResourceRunContext, cursors: Map<string, Cursor>): Promise<Scope[]> {
  const fixed = ctx.adapter.fixedScopes(ctx.settings);
  const discovered = ctx.adapter.discoveredScopes;
  if (!discovered) return fixed;
  const cursor = cursors.get(DISCOVERY_CURSOR) ?? { mailbox: ctx.mailbox.address, resource: ctx.adapter.resource, scope: DISCOVERY_CURSOR, link: null, windowStart: null, windowEnd: null, scopes: [] };
  const walk = async (fresh: boolean) => {
    let known: Scope[] = fresh ? [] : [...(cursor.scopes ?? [])];
    const url = fresh || !cursor.link ? discovered.deltaUrl(ctx.mailbox.address) : cursor.link;
    for await (const page of ctx.remote.deltaPages<RemoteEntry>({ url, maxPageSize: ctx.pageSize })) {
      known = discovered.fromEntries(page.items, known);
      cursor.scopes = known;
      cursor.link = page.nextLink ?? page.deltaLink ?? null;
      await ctx.local.saveCursor(cursor);
    }
  };
  try {
    await walk(!cursor.link);
  } catch (error) {
    if (!(error instanceof FullResyncRequired)) throw error;
    await walk(true);
  }
  const scopes = [...fixed];
  for (const scope of cursor.scopes ?? []) if (!scopes.some((s) => s.key === scope.key)) scopes.push(scope);
  return scopes;
}
