// The plain words for why a mailbox needs an admin, shared by the mailbox table and the page's banner.
import type { MailboxHealth } from '../../../api/types';
import { isTranslationKey, type Translate } from '../utils/useT';

/** The translated reason of a needs-attention health, or its code when no translation names it. */
export function attentionReason(health: MailboxHealth, t: Translate): string | null {
  if (health.state !== 'needs-attention' || !health.reason) return null;
  const key = `mailboxes.health.reason.${health.reason}`;
  return isTranslationKey(key) ? t(key) : health.reason;
}
