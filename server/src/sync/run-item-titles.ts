// A run's item errors name entries by documentId; its page shows each entry's subject and links to it.
// The subject is read when the run is opened, from the entry as it is now, and never stored with the
// run: history outlives entries (a purge, a GDPR request), and a subject is the entry's content.
import { RESOURCE_UID, type ResourceName } from '../../../shared/plugin';
import type { SyncRun } from '../../../shared/api';
import { VIEWS } from '../content-types/views';
import type { Strapi } from '../utils/strapi';
import { chunks, query } from './db';
import { titleOf } from './deletion-guard';

/** The attribute an admin knows each resource's entries by: the Content Manager's main field of its type. */
const titleField = (resource: ResourceName): string => VIEWS[RESOURCE_UID[resource].split('.').pop() as keyof typeof VIEWS].mainField;

const IN_CHUNK = 500;

/** The run with `title` set on every item error whose entry still exists (one query per resource with such errors). */
export async function withItemTitles(strapi: Strapi, run: SyncRun): Promise<SyncRun> {
  const wanted = new Map<ResourceName, Set<string>>();
  for (const result of run.results) {
    for (const error of result.errors) {
      if (!error.localId) continue;
      const ids = wanted.get(result.resource) ?? new Set<string>();
      ids.add(error.localId);
      wanted.set(result.resource, ids);
    }
  }
  if (wanted.size === 0) return run;
  const titles = new Map<ResourceName, Map<string, string | null>>();
  for (const [resource, ids] of wanted) {
    const found = new Map<string, string | null>();
    const field = titleField(resource);
    for (const group of chunks([...ids], IN_CHUNK)) {
      const rows = await query(strapi, RESOURCE_UID[resource]).findMany({ where: { documentId: { $in: group } }, select: ['documentId', field] });
      for (const row of rows) found.set(String(row.documentId), titleOf(row));
    }
    titles.set(resource, found);
  }
  return {
    ...run,
    results: run.results.map((result) => ({
      ...result,
      errors: result.errors.map((error) => {
        const found = error.localId ? titles.get(result.resource) : undefined;
        return found?.has(error.localId!) ? { ...error, title: found.get(error.localId!) ?? null } : error;
      }),
    })),
  };
}
