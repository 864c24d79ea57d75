// The run history, newest first, a page at a time; each run opens to its per-mailbox, per-resource counts.
import { useState } from 'react';
import { Box, Button, Flex, IconButton, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { CaretDown, CaretUp, ChevronLeft, ChevronRight } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { SyncRun } from '../../../api/types';
import type { SyncRunsState } from '../hooks/useSyncRuns';
import { formatCounts, formatDuration, runDurationMs, runTotals } from '../utils/runs';
import { useT } from '../utils/useT';
import { RunResultsTable } from './RunResultsTable';
import { RunStatusBadge } from './RunStatusBadge';

// Conflicts are in each run's details: the summary row keeps to what fits beside the dates.
const COLUMNS = ['startedAt', 'trigger', 'status', 'duration', 'pulled', 'pushed', 'graphRequests', 'errors'] as const;

export function RunHistory({ state }: { state: SyncRunsState }) {
  const t = useT();
  const { formatDate } = useIntl();
  const when = (iso: string) => formatDate(iso, { dateStyle: 'medium', timeStyle: 'medium' });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const { data } = state;
  if (state.state === 'error' && !data) {
    return (
      <Flex gap={2} alignItems="center">
        <Typography textColor="danger600">{t('history.load.error')}</Typography>
        <Button variant="tertiary" onClick={() => void state.reload()}>
          {t('page.retry')}
        </Button>
      </Flex>
    );
  }
  // No run yet: the status above already says so.
  if (!data || data.pagination.total === 0) return null;
  const { page, pageCount, total } = data.pagination;
  const openRows = data.runs.filter((run) => open.has(run.id)).length;

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="epsilon" fontWeight="bold" tag="h3" id="microsoft-365-history">
        {t('history.title')}
      </Typography>
      <Table colCount={COLUMNS.length + 1} rowCount={data.runs.length + openRows + 1} aria-labelledby="microsoft-365-history">
        <Thead>
          <Tr>
            <Th>
              <VisuallyHidden>{t('history.column.details')}</VisuallyHidden>
            </Th>
            {COLUMNS.map((column) => (
              <Th key={column}>
                <Typography variant="sigma" textColor="neutral600" style={{ whiteSpace: 'normal' }}>
                  {t(`history.column.${column}`)}
                </Typography>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {/* A flat list of rows (no fragments): Tbody numbers its direct children as the grid's rows. */}
          {data.runs.flatMap((run) => [
            <RunRow key={run.id} run={run} started={when(run.startedAt)} expanded={open.has(run.id)} onToggle={() => toggle(run.id)} />,
            ...(open.has(run.id)
              ? [
                  <Tr key={`${run.id}:details`}>
                    <Td colSpan={COLUMNS.length + 1}>
                      <RunDetails run={run} when={when} />
                    </Td>
                  </Tr>,
                ]
              : []),
          ])}
        </Tbody>
      </Table>
      <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap">
        <Typography variant="pi" textColor="neutral600">
          {t('history.pagination', { page, pageCount: Math.max(pageCount, 1), total })}
        </Typography>
        <Flex gap={2}>
          <Button variant="tertiary" startIcon={<ChevronLeft />} disabled={page <= 1} onClick={() => state.setPage(page - 1)}>
            {t('history.previous')}
          </Button>
          <Button variant="tertiary" endIcon={<ChevronRight />} disabled={page >= pageCount} onClick={() => state.setPage(page + 1)}>
            {t('history.next')}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}

interface RunRowProps {
  /** Set by Tbody on its direct children. */
  'aria-rowindex'?: number;
  run: SyncRun;
  started: string;
  expanded: boolean;
  onToggle: () => void;
}

function RunRow({ run, started, expanded, onToggle, 'aria-rowindex': rowIndex }: RunRowProps) {
  const t = useT();
  const totals = runTotals(run);
  const duration = runDurationMs(run);
  return (
    <Tr data-run={run.id} aria-rowindex={rowIndex}>
      <Td>
        <IconButton
          label={t(expanded ? 'history.hideDetails' : 'history.showDetails', { date: started })}
          variant="ghost"
          onClick={onToggle}
          aria-expanded={expanded}
        >
          {expanded ? <CaretUp /> : <CaretDown />}
        </IconButton>
      </Td>
      <Td>
        <Typography textColor="neutral800">{started}</Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800">{t(`status.trigger.${run.trigger}`)}</Typography>
      </Td>
      <Td>
        <RunStatusBadge status={run.status} />
      </Td>
      <Td>
        <Typography textColor="neutral800">{duration === null ? t('history.inProgress') : formatDuration(duration)}</Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800">{formatCounts(totals.pulled)}</Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800">{formatCounts(totals.pushed)}</Typography>
      </Td>
      <Td>
        <Typography textColor="neutral800">{totals.graphRequests}</Typography>
      </Td>
      <Td>
        <Typography textColor={totals.errors > 0 ? 'danger600' : 'neutral800'} fontWeight={totals.errors > 0 ? 'bold' : undefined}>
          {totals.errors}
        </Typography>
      </Td>
    </Tr>
  );
}

function RunDetails({ run, when }: { run: SyncRun; when: (iso: string) => string }) {
  const t = useT();
  return (
    // Table cells do not wrap; long error messages in the details must.
    <Box paddingTop={2} paddingBottom={4} style={{ whiteSpace: 'normal' }}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex gap={4} wrap="wrap">
          <Typography variant="pi" textColor="neutral600">
            {t('history.runId', { id: run.id })}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('status.lastRun.started', { date: when(run.startedAt) })}
          </Typography>
          {run.finishedAt ? (
            <Typography variant="pi" textColor="neutral600">
              {t('status.lastRun.finished', { date: when(run.finishedAt) })}
            </Typography>
          ) : null}
        </Flex>
        <RunResultsTable results={run.results} label={t('history.details.label', { date: when(run.startedAt) })} />
      </Flex>
    </Box>
  );
}
