// Unlink and Purge of one mailbox: the request waits for the run (it only touches Strapi's database),
// then tells the admin what it did.
import { useCallback, useState } from 'react';
import { isFetchError, useNotification } from '@strapi/strapi/admin';
import type { Api } from '../../../api/client';
import { requestErrorMessage } from '../../../api/errors';
import type { Mailbox, RecoveryTool } from '../../../api/types';
import { useT } from '../utils/useT';

export function useRecoveryTool(api: Api, onDone: () => void) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [isRunning, setIsRunning] = useState(false);

  const apply = useCallback(
    async (mailbox: Mailbox, tool: RecoveryTool) => {
      setIsRunning(true);
      try {
        const run = await api.recoverMailbox(mailbox.documentId, tool);
        const count = run.results.reduce((sum, r) => sum + (tool === 'unlink' ? (r.entriesUnlinked ?? 0) : (r.entriesPurged ?? 0)), 0);
        if (run.status === 'failed') toggleNotification({ type: 'danger', message: t(`mailboxes.${tool}.failed`, { address: mailbox.address }) });
        else toggleNotification({ type: 'success', message: t(`mailboxes.${tool}.done`, { address: mailbox.address, count }) });
      } catch (error) {
        if (isFetchError(error) && error.status === 409) toggleNotification({ type: 'warning', message: t('sync.now.busy') });
        else toggleNotification({ type: 'danger', message: t('mailboxes.recovery.error', { reason: requestErrorMessage(error) ?? t('notification.unknownError') }) });
      } finally {
        setIsRunning(false);
        onDone();
      }
    },
    [api, onDone, t, toggleNotification],
  );

  return { apply, isRunning };
}
