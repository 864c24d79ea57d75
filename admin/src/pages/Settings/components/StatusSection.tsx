// Section 8: is a sync running, when is the next one, and how did the last one go.
import { Badge, Box, Button, Flex, Grid, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { SyncRun, SyncRunResult } from '../../../api/types';
import type { useSyncStatus } from '../hooks/useSyncStatus';
import { useT } from '../utils/useT';
import { SectionCard } from './SectionCard';

type StatusState = ReturnType<typeof useSyncStatus>;

const RUN_BADGE: Record<SyncRun['status'], { background: string; text: string }> = {
  running: { background: 'primary100', text: 'primary700' },
  succeeded: { background: 'success100', text: 'success700' },
  partial: { background: 'warning100', text: 'warning700' },
  failed: { background: 'danger100', text: 'danger700' },
};

const counts = ({ created, updated, deleted }: SyncRunResult['pulled']) => `${created} / ${updated} / ${deleted}`;

export function StatusSection({ state }: { state: StatusState }) {
  const t = useT();
  const { formatDate } = useIntl();
  const when = (iso: string) => formatDate(iso, { dateStyle: 'medium', timeStyle: 'medium' });
  const { status } = state;
  const refresh = (
    <Button variant="tertiary" startIcon={<ArrowClockwise />} onClick={() => void state.reload()}>
      {t('status.refresh')}
    </Button>
  );

  return (
    <SectionCard id="status" title={t('status.title')} subtitle={t('status.subtitle')} actions={refresh}>
      {state.state === 'error' ? <Typography textColor="danger600">{t('status.load.error')}</Typography> : null}
      {status ? (
        <Grid.Root gap={5}>
          <Grid.Item col={6} xs={12} direction="column" alignItems="stretch" gap={1}>
            <Typography variant="pi" fontWeight="bold" textColor="neutral800">
              {t('status.running.label')}
            </Typography>
            <Box>
              <Badge active={status.running}>{t(status.running ? 'status.running.yes' : 'status.running.no')}</Badge>
            </Box>
          </Grid.Item>
          <Grid.Item col={6} xs={12} direction="column" alignItems="stretch" gap={1}>
            <Typography variant="pi" fontWeight="bold" textColor="neutral800">
              {t('status.nextRunAt.label')}
            </Typography>
            <Typography>{status.nextRunAt ? when(status.nextRunAt) : t('status.nextRunAt.none')}</Typography>
          </Grid.Item>
        </Grid.Root>
      ) : null}
      {status?.lastRun ? (
        <LastRun run={status.lastRun} when={when} />
      ) : state.state !== 'error' ? (
        <Box padding={6} background="neutral100" hasRadius>
          <Typography textColor="neutral600">{t('status.empty')}</Typography>
        </Box>
      ) : null}
    </SectionCard>
  );
}

function LastRun({ run, when }: { run: SyncRun; when: (iso: string) => string }) {
  const t = useT();
  const badge = RUN_BADGE[run.status] ?? RUN_BADGE.failed;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex gap={3} wrap="wrap" alignItems="center">
        <Typography variant="pi" fontWeight="bold" textColor="neutral800">
          {t('status.lastRun.label')}
        </Typography>
        <Badge backgroundColor={badge.background} textColor={badge.text}>
          {t(`status.run.${run.status}`)}
        </Badge>
        <Typography textColor="neutral600">{t('status.lastRun.started', { date: when(run.startedAt) })}</Typography>
        {run.finishedAt ? <Typography textColor="neutral600">{t('status.lastRun.finished', { date: when(run.finishedAt) })}</Typography> : null}
        <Typography textColor="neutral600">{t('status.lastRun.trigger', { trigger: t(`status.trigger.${run.trigger}`) })}</Typography>
      </Flex>
      {run.results.length === 0 ? (
        <Typography textColor="neutral600">{t('status.noResults')}</Typography>
      ) : (
        <Table colCount={6} rowCount={run.results.length + 1}>
          <Thead>
            <Tr>
              {(['mailbox', 'resource', 'pulled', 'pushed', 'conflicts', 'errors'] as const).map((column) => (
                <Th key={column}>
                  <Typography variant="sigma" textColor="neutral600">
                    {t(`status.column.${column}`)}
                  </Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {run.results.map((result) => (
              <Tr key={`${result.mailbox}:${result.resource}`}>
                <Td>
                  <Typography>{result.mailbox}</Typography>
                </Td>
                <Td>
                  <Typography>{t(`status.resource.${result.resource}`)}</Typography>
                </Td>
                <Td>
                  <Typography>{counts(result.pulled)}</Typography>
                </Td>
                <Td>
                  <Typography>{counts(result.pushed)}</Typography>
                </Td>
                <Td>
                  <Typography>{result.conflicts}</Typography>
                </Td>
                <Td>
                  {result.errors.length === 0 ? (
                    <Typography>0</Typography>
                  ) : (
                    <Box maxWidth="24rem">
                      <Typography textColor="danger600" ellipsis title={result.errors.map((error) => `${error.code}: ${error.message}`).join('\n')}>
                        {`${result.errors.length} · ${result.errors[0]?.message ?? ''}`}
                      </Typography>
                    </Box>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {run.results.length > 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {t('status.countsLegend')}
        </Typography>
      ) : null}
    </Flex>
  );
}
