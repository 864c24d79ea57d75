// Created events (microsoft-365.email.received) exactly once per newly imported entry. The mapping
// of an imported entry is stored with announcePending in the page's transaction (store.ts); the
// event goes out after that commit and the flag is cleared. A run stopped in between leaves the flag
// set, and the next run emits what is left before it pulls. Entries made again from an existing
// mapping (a one-way revert) and re-listed items (a full round after a 410) carry no flag.
// A listener that throws is the host app's failure, not the import's: it is reported as an item error
// of the run and the import goes on. The event is not sent again, since Strapi's event hub calls the
// listeners in turn and those before the failing one already had it.
import type { ResourceRunContext } from './context';
import type { LocalEntry } from './local-entries';
import { CREATED_EVENTS } from './resource-settings';
import { safeError, safeLogMessage } from './safe-errors';
import { type Mapping } from './store';

export async function announceCreated(ctx: ResourceRunContext, created: readonly LocalEntry[]): Promise<void> {
  const event = CREATED_EVENTS[ctx.adapter.resource];
  if (!event || created.length === 0) return;
  const done: Mapping[] = [];
  try {
    for (const entry of created) {
      const mapping = ctx.mappings.byLocalId(String(entry.documentId));
      if (!mapping?.announcePending) continue;
      try {
        await ctx.local.announce(event, entry);
      } catch (error) {
        const what = `a ${event} listener, on entry ${String(entry.documentId)}`;
        ctx.result.errors.push({ code: 'listener_failed', message: safeError(error, what).message });
        ctx.local.warn(`[microsoft-365] ${safeLogMessage(error, what)}`);
      }
      mapping.announcePending = false;
      done.push(mapping);
    }
  } finally {
    await ctx.local.saveMappings({ insert: [], update: done, remove: [] });
  }
}

/** Announcements a stopped run left: their entries as stored now; one deleted since is not announced. */
export async function announceLeftovers(ctx: ResourceRunContext): Promise<void> {
  if (!CREATED_EVENTS[ctx.adapter.resource]) return;
  const pending = ctx.mappings.all().filter((m) => m.announcePending);
  if (pending.length === 0) return;
  const locals = await ctx.local.find(pending.flatMap((m) => (m.localId ? [m.localId] : [])));
  const orphans = pending.filter((m) => !m.localId || !locals.has(m.localId));
  for (const m of orphans) m.announcePending = false;
  await ctx.local.saveMappings({ insert: [], update: orphans, remove: [] });
  await announceCreated(ctx, pending.flatMap((m) => (m.localId && locals.has(m.localId) ? [locals.get(m.localId)!] : [])));
}
