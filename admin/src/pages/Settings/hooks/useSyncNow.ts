// "Sync now": starts a run in the background and tells the admin how that went.
import { useCallback, useState } from 'react';
import { isFetchError, useNotification } from '@strapi/strapi/admin';
import type { Api } from '../../../api/client';
import { requestErrorMessage } from '../../../api/errors';
import { useT } from '../utils/useT';

export function useSyncNow(api: Api, onStarted: () => void) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [isStarting, setIsStarting] = useState(false);

  /** All mailboxes, or those the request names (a mailbox row's "Sync now"). */
  const start = useCallback(async (request: Parameters<Api['startSync']>[0] = {}) => {
    setIsStarting(true);
    try {
      await api.startSync(request);
      toggleNotification({ type: 'success', message: t('sync.now.started') });
    } catch (error) {
      // 409: another run (maybe the schedule, maybe another Strapi process) holds the lease.
      if (isFetchError(error) && error.status === 409) toggleNotification({ type: 'warning', message: t('sync.now.busy') });
      else toggleNotification({ type: 'danger', message: t('sync.now.error', { reason: requestErrorMessage(error) ?? t('notification.unknownError') }) });
    } finally {
      setIsStarting(false);
      // Also after a 409: the status then shows the run that is in the way.
      onStarted();
    }
  }, [api, onStarted, t, toggleNotification]);

  return { start, isStarting };
}
