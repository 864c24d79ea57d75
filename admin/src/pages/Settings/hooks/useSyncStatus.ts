// The scheduler's state and the last run; null until the sync routes exist or a run happened.
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { SyncStatus } from '../../../api/types';

// While a run is in progress the page refreshes its status often, so the admin sees it finish; when
// idle, now and then, so a run the schedule (or another process) starts shows up too.
const POLL_WHILE_RUNNING_MS = 2000;
const POLL_WHILE_IDLE_MS = 30_000;

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

  const running = status?.running === true;
  useEffect(() => {
    const timer = window.setInterval(() => void load(), running ? POLL_WHILE_RUNNING_MS : POLL_WHILE_IDLE_MS);
    return () => window.clearInterval(timer);
  }, [running, load]);

  return { status, state, reload: load };
}

export type SyncStatusState = ReturnType<typeof useSyncStatus>;
