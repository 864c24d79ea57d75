// The plain words for why a mailbox needs an admin and for the client secret's state, shared by the
// mailbox table, the page's banner and the home page widget.
import type { MailboxHealth, SecretStatus } from '../../../api/types';
import { isTranslationKey, type Translate } from '../utils/useT';

/** The translated reason of a needs-attention health, or its code when no translation names it. */
export function attentionReason(health: Pick<MailboxHealth, 'state' | 'reason'>, t: Translate): string | null {
  if (health.state !== 'needs-attention' || !health.reason) return null;
  const key = `mailboxes.health.reason.${health.reason}`;
  return isTranslationKey(key) ? t(key) : health.reason;
}

/** What an admin must know of the secret: an alert (expiring, expired), a plain note, or nothing. */
export type SecretNotice = { tone: 'danger' | 'warning' | 'neutral'; title: string; detail: string };

export function secretNotice(secret: SecretStatus | null | undefined, t: Translate, formatDay: (iso: string) => string): SecretNotice | null {
  if (!secret) return null;
  const name = secret.secretName ?? t('secret.unnamed');
  if (secret.state === 'expired') {
    return {
      tone: 'danger',
      title: secret.endsAt && secret.source === 'end-date' ? t('secret.expired.on', { date: formatDay(secret.endsAt) }) : t('secret.expired'),
      detail: t(secret.source === 'token' ? 'secret.expired.token' : 'secret.expired.detail', { name }),
    };
  }
  if (secret.state === 'expiring' && secret.endsAt) {
    const days = Math.max(0, Math.ceil((Date.parse(secret.endsAt) - Date.now()) / 86_400_000));
    return { tone: 'warning', title: t('secret.expiring', { date: formatDay(secret.endsAt), days }), detail: t('secret.expiring.detail', { name }) };
  }
  if (secret.state === 'unknown' && secret.note === 'permission') return { tone: 'neutral', title: t('secret.note.permission.title'), detail: t('secret.note.permission') };
  return null;
}
