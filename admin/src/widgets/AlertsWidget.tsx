// The "Microsoft 365" widget of Strapi's home page: the client secret when it is about to expire or has
// expired, and the mailboxes that need an admin or have failed for hours; a calm line when all is well.
import { useEffect, useMemo, useState } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { CheckCircle, WarningCircle } from '@strapi/icons';
import { useFetchClient, Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { createApi } from '../api/client';
import type { AlertsView } from '../api/types';
import { attentionReason, secretNotice } from '../pages/Settings/components/healthText';
import { useT } from '../pages/Settings/utils/useT';

/** The widget is small: the first few mailboxes, then how many more. */
const LISTED = 5;

type Load = { status: 'loading' } | { status: 'error' } | { status: 'ready'; alerts: AlertsView };

export function AlertsWidget() {
  const t = useT();
  const { formatDate } = useIntl();
  const fetchClient = useFetchClient();
  const api = useMemo(() => createApi(fetchClient), [fetchClient]);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    api.getAlerts().then(
      (alerts) => live && setLoad({ status: 'ready', alerts }),
      () => live && setLoad({ status: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (load.status === 'loading') return <Widget.Loading />;
  if (load.status === 'error') return <Widget.Error>{t('widget.error')}</Widget.Error>;

  const { secret, mailboxes } = load.alerts;
  const day = (iso: string) => formatDate(iso, { dateStyle: 'medium' });
  const secretAlert = secretNotice(secret, t, day);
  if (!secretAlert && mailboxes.length === 0) {
    return (
      <Flex height="100%" justifyContent="center" alignItems="center" gap={2} padding={4}>
        <CheckCircle fill="success600" aria-hidden />
        <Typography textColor="neutral700">{t('widget.healthy')}</Typography>
      </Flex>
    );
  }
  return (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={3} aria-label={t('widget.title')}>
      {secretAlert ? (
        <AlertRow tone={secretAlert.tone} title={secretAlert.title} detail={t(secretAlert.tone === 'danger' ? 'widget.secret.expired' : 'widget.secret.expiring')} />
      ) : null}
      {mailboxes.slice(0, LISTED).map((m) => (
        <AlertRow
          key={m.documentId}
          tone={m.state === 'needs-attention' ? 'danger' : 'warning'}
          title={m.address}
          detail={attentionReason(m, t) ?? (m.since ? t('widget.degraded', { date: day(m.since) }) : t('mailboxes.health.degraded'))}
        />
      ))}
      {mailboxes.length > LISTED ? (
        <Typography tag="li" variant="pi" textColor="neutral600">
          {t('widget.more', { count: mailboxes.length - LISTED })}
        </Typography>
      ) : null}
    </Flex>
  );
}

function AlertRow({ tone, title, detail }: { tone: 'danger' | 'warning'; title: string; detail: string }) {
  return (
    <Box tag="li" padding={3} hasRadius background={tone === 'danger' ? 'danger100' : 'warning100'}>
      <Flex gap={2} alignItems="flex-start">
        <WarningCircle fill={tone === 'danger' ? 'danger600' : 'warning600'} aria-hidden />
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography fontWeight="semiBold" textColor="neutral800">
            {title}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {detail}
          </Typography>
        </Flex>
      </Flex>
    </Box>
  );
}
