// At the top of the page: the mailboxes that need an admin (or have failed for hours), so a stopped
// sync is seen without scrolling to the mailbox table. Nothing when every mailbox is healthy.
import { Box, Flex, Typography } from '@strapi/design-system';
import type { Mailbox } from '../../../api/types';
import { useT } from '../utils/useT';
import { attentionReason } from './healthText';

export function HealthBanner({ mailboxes }: { mailboxes: Mailbox[] }) {
  const t = useT();
  const attention = mailboxes.filter((m) => m.health.state === 'needs-attention');
  const degraded = mailboxes.filter((m) => m.health.state === 'degraded');
  if (attention.length === 0 && degraded.length === 0) return null;
  const danger = attention.length > 0;
  return (
    <Box
      tag="section"
      aria-label={t('health.banner.label')}
      padding={4}
      hasRadius
      background={danger ? 'danger100' : 'warning100'}
      borderColor={danger ? 'danger200' : 'warning200'}
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography fontWeight="bold" textColor={danger ? 'danger700' : 'warning700'}>
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
  );
}
