// One page of the run history, newest first, narrowed by the admin's filters.
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { SyncRunFilters, SyncRunPage } from '../../../api/types';

export const RUNS_PAGE_SIZE = 10;

export function useSyncRuns(api: Api) {
  const [page, setPage] = useState(1);
  const [filters, setFiltersState] = useState<SyncRunFilters>({});
  const [data, setData] = useState<SyncRunPage | null>(null);
  const [state, setState] = useState<'loading' | 'error' | 'ready'>('loading');

  const load = useCallback(async () => {
    try {
      const loaded = await api.listSyncRuns(page, RUNS_PAGE_SIZE, filters);
      // A page past the end (runs were pruned, or the last one emptied): go to the last page instead.
      if (loaded.runs.length === 0 && page > 1 && loaded.pagination.pageCount < page) {
        setPage(Math.max(1, loaded.pagination.pageCount));
        return;
      }
      setData(loaded);
      setState('ready');
    } catch {
      setState('error');
    }
  }, [api, page, filters]);

  useEffect(() => {
    void load();
  }, [load]);

  /** New filters start again at the first page. */
  const setFilters = useCallback((next: SyncRunFilters) => {
    setFiltersState(next);
    setPage(1);
  }, []);

  /** One run as GET /sync/runs/:id answers it: its item errors carry their entries' subjects. */
  const getRun = useCallback((id: string) => api.getSyncRun(id), [api]);

  return { data, state, page, setPage, filters, setFilters, getRun, reload: load };
}

export type SyncRunsState = ReturnType<typeof useSyncRuns>;
