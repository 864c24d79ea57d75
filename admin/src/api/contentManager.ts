// Reads the plugin's entries through the Content Manager's admin API, so Strapi's RBAC (the role's
// Read permission and conditions such as "In a mailbox I own") decides what each admin gets.
import type { useFetchClient } from '@strapi/strapi/admin';

type FetchClient = ReturnType<typeof useFetchClient>;

interface CollectionPage<T> {
  results: T[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** The Content Manager caps pageSize at 1000 (its document manager's maxLimit); 200 keeps answers small. */
export const PAGE_SIZE = 200;
/** A range holding more than this many entries is shown in part (the page says so). */
export const MAX_PAGES = 25;

export interface ListQuery {
  filters: Record<string, unknown>;
  fields: readonly string[];
  populate: Record<string, unknown>;
  sort: string;
}

export interface EntryList<T> {
  entries: T[];
  /** True when MAX_PAGES pages did not hold every matching entry. */
  truncated: boolean;
}

/** Every entry of `uid` the query matches, page after page. */
export async function listAllEntries<T>(client: FetchClient, uid: string, query: ListQuery, signal?: AbortSignal): Promise<EntryList<T>> {
  const entries: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await client.get<CollectionPage<T>>(`/content-manager/collection-types/${uid}`, {
      params: { page, pageSize: PAGE_SIZE, sort: query.sort, filters: query.filters, fields: query.fields, populate: query.populate },
      signal,
    });
    entries.push(...data.results);
    if (page >= data.pagination.pageCount) return { entries, truncated: false };
  }
  return { entries, truncated: true };
}
