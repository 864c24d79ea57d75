// One page of the run history, newest first.
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { SyncRunPage } from '../../../api/types';

export const RUNS_PAGE_SIZE = 10;

export function useSyncRuns(api: Api) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<SyncRunPage | null>(null);
  const [state, setState] = useState<'loading' | 'error' | 'ready'>('loading');

  const load = useCallback(async () => {
    try {
      const loaded = await api.listSyncRuns(page, RUNS_PAGE_SIZE);
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
  }, [api, page]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, state, page, setPage, reload: load };
}

export type SyncRunsState = ReturnType<typeof useSyncRuns>;
