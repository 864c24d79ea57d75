// The items the sync keeps aside because they cannot be synced as they stand, by mailbox.
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { QuarantineGroup } from '../../../api/types';

export function useQuarantine(api: Api) {
  const [groups, setGroups] = useState<QuarantineGroup[]>([]);

  const load = useCallback(async () => {
    try {
      setGroups(await api.listQuarantine());
    } catch {
      // Shown again at the next successful load; the run history names every failure meanwhile.
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  return { groups, reload: load };
}

export type QuarantineState = ReturnType<typeof useQuarantine>;
