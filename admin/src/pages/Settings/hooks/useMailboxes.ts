// The mailbox list and its changes; each change is saved at once (independent of the settings form).
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../api/client';
import type { Mailbox, MailboxDraft, MailboxOwner } from '../../../api/types';

export function useMailboxes(api: Api, canUpdate: boolean) {
  const [mailboxes, setMailboxes] = useState<Mailbox[]>([]);
  const [owners, setOwners] = useState<MailboxOwner[]>([]);
  const [status, setStatus] = useState<'loading' | 'error' | 'ready'>('loading');

  const load = useCallback(async () => {
    setStatus('loading');
    try {
      setMailboxes(await api.listMailboxes());
      setStatus('ready');
    } catch {
      setStatus('error');
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  // Owners are only needed to edit, and their route asks for settings.update.
  useEffect(() => {
    if (!canUpdate) return;
    api.listOwners().then(setOwners, () => setOwners([]));
  }, [api, canUpdate]);

  const create = useCallback(
    async (draft: MailboxDraft) => {
      const created = await api.createMailbox(draft);
      setMailboxes((current) => [...current, created].sort((a, b) => a.address.localeCompare(b.address)));
    },
    [api],
  );

  const update = useCallback(
    async (documentId: string, draft: MailboxDraft) => {
      const updated = await api.updateMailbox(documentId, draft);
      setMailboxes((current) => current.map((mailbox) => (mailbox.documentId === documentId ? updated : mailbox)));
    },
    [api],
  );

  const remove = useCallback(
    async (documentId: string) => {
      await api.removeMailbox(documentId);
      setMailboxes((current) => current.filter((mailbox) => mailbox.documentId !== documentId));
    },
    [api],
  );

  return { mailboxes, owners, status, reload: load, create, update, remove };
}

export type MailboxesState = ReturnType<typeof useMailboxes>;
