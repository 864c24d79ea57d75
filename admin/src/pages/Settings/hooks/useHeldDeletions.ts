// The deletions the breaker holds for review, and the admin's decision on a group of them.
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { DeletionDecision, HeldDeletionGroup } from '../../../api/types';

export function useHeldDeletions(api: Api) {
  const [groups, setGroups] = useState<HeldDeletionGroup[]>([]);
  const [state, setState] = useState<'loading' | 'error' | 'ready'>('loading');
  /** The group being decided on, by its key, so only its buttons show as busy. */
  const [deciding, setDeciding] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setGroups(await api.listHeldDeletions());
      setState('ready');
    } catch {
      setState('error');
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const decide = useCallback(
    async (decision: DeletionDecision, group: HeldDeletionGroup) => {
      setDeciding(groupKey(group));
      try {
        return await api.reviewDeletions(decision, group);
      } finally {
        setDeciding(null);
        await load();
      }
    },
    [api, load],
  );

  return { groups, state, deciding, decide, reload: load };
}

export function groupKey(group: Pick<HeldDeletionGroup, 'mailbox' | 'resource' | 'side'>): string {
  return `${group.mailbox}/${group.resource}/${group.side}`;
}

export type HeldDeletionsState = ReturnType<typeof useHeldDeletions>;
