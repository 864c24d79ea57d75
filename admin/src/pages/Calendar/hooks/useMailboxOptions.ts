// The mailboxes the picker offers. An admin with settings.read gets the configured list from the plugin's
// GET /mailboxes; any other admin only the mailboxes of the entries the Content Manager gave them, so the
// picker never names a mailbox the admin may not read.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Api } from '../../../api/client';
import type { MailboxRef } from '../utils/entries';

export interface MailboxOptions {
  /** null while the configured list loads. */
  mailboxes: MailboxRef[] | null;
  /** True when the list is the configured one (so "none" means none are set up). */
  configured: boolean;
  /** Adds the mailboxes of entries just read (derived lists only). */
  remember: (seen: ReadonlyArray<MailboxRef | null | undefined>) => void;
}

const byAddress = (a: MailboxRef, b: MailboxRef) => a.address.localeCompare(b.address);

export function useMailboxOptions(api: Api, canReadSettings: boolean): MailboxOptions {
  // null while loading; 'failed' when the route refused or failed.
  const [configured, setConfigured] = useState<MailboxRef[] | null | 'failed'>(null);
  const [seen, setSeen] = useState<Map<string, MailboxRef>>(() => new Map());

  useEffect(() => {
    if (!canReadSettings) return;
    let current = true;
    api.listMailboxes().then(
      (list) => current && setConfigured(list.map(({ documentId, address, displayName }) => ({ documentId, address, displayName })).sort(byAddress)),
      // The picker then falls back to the mailboxes of the entries, as for an admin without settings.read.
      () => current && setConfigured('failed'),
    );
    return () => {
      current = false;
    };
  }, [api, canReadSettings]);

  const remember = useCallback((refs: ReadonlyArray<MailboxRef | null | undefined>) => {
    setSeen((known) => {
      const fresh = refs.filter((ref): ref is MailboxRef => !!ref && !known.has(ref.documentId));
      if (fresh.length === 0) return known;
      const next = new Map(known);
      for (const ref of fresh) next.set(ref.documentId, { documentId: ref.documentId, address: ref.address, displayName: ref.displayName ?? null });
      return next;
    });
  }, []);

  const derived = useMemo(() => [...seen.values()].sort(byAddress), [seen]);
  if (canReadSettings && configured !== 'failed') return { mailboxes: configured, configured: true, remember };
  return { mailboxes: derived, configured: false, remember };
}
