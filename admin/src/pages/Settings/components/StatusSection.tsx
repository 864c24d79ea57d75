// Section 8: is a sync running, when is the next one, how did the last one go; "Sync now" and the history.
import { Badge, Box, Button, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise, Play } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { SyncRun } from '../../../api/types';
import type { SyncRunsState } from '../hooks/useSyncRuns';
import type { SyncStatusState } from '../hooks/useSyncStatus';
import { formatCounts, runTotals } from '../utils/runs';
import { useT } from '../utils/useT';
import { RunHistory } from './RunHistory';
import { RunStatusBadge } from './RunStatusBadge';
import { SectionCard } from './SectionCard';

interface StatusSectionProps {
  state: SyncStatusState;
  runs: SyncRunsState;
  /** Present when the admin may start a run (sync.run). */
  syncNow?: { start: () => void; isStarting: boolean };
  /** The form has unsaved edits: a run started now would not use them. */
  unsavedSettings: boolean;
  /** Addresses the history can be filtered by. */
  mailboxes: readonly string[];
}

export function StatusSection({ state, runs, syncNow, unsavedSettings, mailboxes }: StatusSectionProps) {
  const t = useT();
  const { formatDate } = useIntl();
  const when = (iso: string) => formatDate(iso, { dateStyle: 'medium', timeStyle: 'medium' });
  const { status } = state;
  const running = status?.running === true;
  const refresh = () => {
    void state.reload();
    void runs.reload();
  };
  const actions = (
    <Flex gap={2}>
      <Button variant="tertiary" startIcon={<ArrowClockwise />} onClick={refresh}>
        {t('status.refresh')}
      </Button>
      {syncNow ? (
        <Button startIcon={<Play />} loading={syncNow.isStarting} disabled={running} onClick={syncNow.start}>
          {t('sync.now')}
        </Button>
      ) : null}
    </Flex>
  );

  return (
    <SectionCard id="status" title={t('status.title')} subtitle={t('status.subtitle')} actions={actions}>
      {syncNow && unsavedSettings ? (
        <Typography variant="pi" textColor="warning700">
          {t('sync.now.unsaved')}
        </Typography>
      ) : null}
      {state.state === 'error' ? <Typography textColor="danger600">{t('status.load.error')}</Typography> : null}
      {status ? (
        <Grid.Root gap={5}>
          <Grid.Item col={6} xs={12} direction="column" alignItems="stretch" gap={1}>
            <Typography variant="pi" fontWeight="bold" textColor="neutral800">
              {t('status.running.label')}
            </Typography>
            <Flex gap={2} alignItems="center" role="status" aria-label={t('status.running.label')}>
              <Badge active={running}>{t(running ? 'status.running.yes' : 'status.running.no')}</Badge>
              {running ? <Loader small>{t('status.running.yes')}</Loader> : null}
            </Flex>
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
      <RunHistory state={runs} mailboxes={mailboxes} />
    </SectionCard>
  );
}

/** One line: the history below has the per-mailbox details. */
function LastRun({ run, when }: { run: SyncRun; when: (iso: string) => string }) {
  const t = useT();
  const totals = runTotals(run);
  return (
    <Flex gap={3} wrap="wrap" alignItems="center">
      <Typography variant="pi" fontWeight="bold" textColor="neutral800">
        {t('status.lastRun.label')}
      </Typography>
      <RunStatusBadge status={run.status} />
      <Typography textColor="neutral600">{t('status.lastRun.started', { date: when(run.startedAt) })}</Typography>
      {run.finishedAt ? <Typography textColor="neutral600">{t('status.lastRun.finished', { date: when(run.finishedAt) })}</Typography> : null}
      <Typography textColor="neutral600">{t('status.lastRun.trigger', { trigger: t(`status.trigger.${run.trigger}`) })}</Typography>
      {run.results.length > 0 ? (
        <Typography textColor="neutral600">
          {t('status.lastRun.totals', { pulled: formatCounts(totals.pulled), pushed: formatCounts(totals.pushed), errors: totals.errors })}
        </Typography>
      ) : null}
    </Flex>
  );
}
