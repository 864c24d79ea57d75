// The scheduler's state and the last run; null until the sync routes exist or a run happened.
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { SyncStatus } from '../../../api/types';

// While a run is in progress the page refreshes its status, so the admin sees it finish.
const POLL_WHILE_RUNNING_MS = 2000;

export function useSyncStatus(api: Api) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [state, setState] = useState<'loading' | 'error' | 'ready'>('loading');

  const load = useCallback(async () => {
    try {
      setStatus(await api.getSyncStatus());
      setState('ready');
    } catch {
      setState('error');
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!status?.running) return;
    const timer = window.setTimeout(() => void load(), POLL_WHILE_RUNNING_MS);
    return () => window.clearTimeout(timer);
  }, [status, load]);

  return { status, state, reload: load };
}

export type SyncStatusState = ReturnType<typeof useSyncStatus>;
