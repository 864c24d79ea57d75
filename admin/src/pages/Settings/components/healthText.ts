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

/** An alert about the secret (expiring, expired) for the banner and the home widget, or null. */
export type SecretNotice = { tone: 'danger' | 'warning'; title: string; detail: string };

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
  return null;
}

/** The Azure section's line about the saved secret's end date: when it ends, or plainly why that is not known. */
export function secretEndLine(secret: SecretStatus | null | undefined, t: Translate, formatDay: (iso: string) => string): string | null {
  if (!secret) return null;
  if (secret.source === 'end-date' && secret.endsAt) return t(secret.state === 'expired' ? 'secret.line.ended' : 'secret.line.ends', { date: formatDay(secret.endsAt) });
  if (secret.state === 'ok' && secret.source === 'end-date') return t('secret.line.never');
  if (secret.note === 'permission') return t('secret.note.permission');
  if (secret.note === 'not-found') return t('secret.note.not-found');
  return null;
}
