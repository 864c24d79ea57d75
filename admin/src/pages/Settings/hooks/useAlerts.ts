// What needs an admin now (GET /alerts): the client secret's state, for the page's banner.
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { AlertsView } from '../../../api/types';

export function useAlerts(api: Api) {
  const [alerts, setAlerts] = useState<AlertsView | null>(null);

  const load = useCallback(async () => {
    try {
      setAlerts(await api.getAlerts());
    } catch {
      // The mailbox table still shows each mailbox's health; the banner waits for the next load.
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  return { alerts, reload: load };
}
