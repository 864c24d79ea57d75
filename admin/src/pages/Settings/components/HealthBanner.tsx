// At the top of the page: the client secret when it is about to expire or has expired, and the
// mailboxes that need an admin (or have failed for hours), so a stopped sync is seen without scrolling
// to the mailbox table. Nothing when all is well.
import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Mailbox, SecretStatus } from '../../../api/types';
import { useT } from '../utils/useT';
import { attentionReason, secretNotice, type SecretNotice } from './healthText';

const TONES = {
  danger: { background: 'danger100', borderColor: 'danger200', textColor: 'danger700' },
  warning: { background: 'warning100', borderColor: 'warning200', textColor: 'warning700' },
} as const;

export function HealthBanner({ mailboxes, secret }: { mailboxes: Mailbox[]; secret?: SecretStatus | null }) {
  const t = useT();
  const { formatDate } = useIntl();
  const notice = secretNotice(secret, t, (iso) => formatDate(iso, { dateStyle: 'long' }));
  const attention = mailboxes.filter((m) => m.health.state === 'needs-attention');
  const degraded = mailboxes.filter((m) => m.health.state === 'degraded');
  if (!notice && attention.length === 0 && degraded.length === 0) return null;
  const danger = attention.length > 0;
  const tone = TONES[danger ? 'danger' : 'warning'];
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {notice ? <SecretBanner notice={notice} label={t('secret.banner.label')} /> : null}
      {attention.length > 0 || degraded.length > 0 ? (
        <Box tag="section" aria-label={t('health.banner.label')} padding={4} hasRadius background={tone.background} borderColor={tone.borderColor}>
          <Flex direction="column" alignItems="flex-start" gap={2}>
            <Typography fontWeight="bold" textColor={tone.textColor}>
              {danger ? t('health.banner.attention', { count: attention.length }) : t('health.banner.degraded', { count: degraded.length })}
            </Typography>
            <Flex tag="ul" direction="column" alignItems="flex-start" gap={1}>
              {[...attention, ...degraded].map((m) => (
                <Typography key={m.documentId} tag="li" textColor="neutral800">
                  {t('health.banner.item', { address: m.address, reason: attentionReason(m.health, t) ?? t('health.banner.transient') })}
                </Typography>
              ))}
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {t('health.banner.hint')}
            </Typography>
          </Flex>
        </Box>
      ) : null}
    </Flex>
  );
}

function SecretBanner({ notice, label }: { notice: SecretNotice; label: string }) {
  const tone = TONES[notice.tone];
  return (
    <Box tag="section" aria-label={label} padding={4} hasRadius background={tone.background} borderColor={tone.borderColor}>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography fontWeight="bold" textColor={tone.textColor}>
          {notice.title}
        </Typography>
        <Typography textColor="neutral800">{notice.detail}</Typography>
      </Flex>
    </Box>
  );
}
