// The step that replaces the push for an import-only resource (email): nothing is written to Microsoft.
// An imported entry edited or deleted in Strapi is put back to Microsoft's copy (read by id, applied like
// a pulled item), as the one-way direction promises; an entry made in Strapi alone stays as it is.
// Entries are read a page at a time and only their hashes are compared, so a mailbox of 100,000
// messages is never held in memory, bodies and all.
import { localSide, patchMapping, type ResourceRunContext } from './context';
import { reconcile } from './reconcile';
import { revertToRemote } from './push';
import { safely } from './pull';
import { emptyMappingChanges, type Mapping } from './store';

export async function restoreImportedEntries(ctx: ResourceRunContext): Promise<void> {
  const seen = new Set<string>();
  const reverts: Mapping[] = [];
  const changes = emptyMappingChanges();
  const now = new Date();

  const settle = (mapping: Mapping, local: { hash: string; modifiedAt: string | null } | null) => {
    const decision = reconcile({
      mapping: { localHash: mapping.localHash ?? '', remoteHash: mapping.remoteHash ?? '', changeKey: mapping.changeKey },
      local,
      remote: { hash: mapping.remoteHash ?? '', changeKey: mapping.changeKey, modifiedAt: null },
      direction: 'microsoft-to-strapi',
      conflictResolution: 'microsoft-wins',
    });
    if (decision.conflict && !ctx.handedOver.has(mapping)) ctx.result.conflicts++;
    if (decision.action.kind === 'create-local' || decision.action.kind === 'update-local') reverts.push(mapping);
    else if (decision.action.kind === 'link' && local) {
      patchMapping(ctx, mapping, { localHash: local.hash, syncedAt: now });
      changes.update.push(mapping);
    }
  };

  for await (const page of ctx.local.pages(ctx.pageSize)) {
    for (const [documentId, entry] of page) {
      seen.add(documentId);
      const mapping = ctx.mappings.byLocalId(documentId);
      if (!mapping?.remoteId) continue;
      const local = safely(ctx, documentId, () => localSide(ctx, entry));
      if (!local) continue;
      if (local.hash !== mapping.localHash || mapping.localHash !== mapping.remoteHash) settle(mapping, { hash: local.hash, modifiedAt: local.modifiedAt });
    }
  }
  // Imported entries deleted in Strapi.
  for (const mapping of ctx.mappings.all()) {
    if (mapping.remoteId && !(mapping.localId && seen.has(mapping.localId))) settle(mapping, null);
  }

  if (reverts.length > 0) await revertToRemote(ctx, reverts);
  await ctx.local.saveMappings(changes);
}
