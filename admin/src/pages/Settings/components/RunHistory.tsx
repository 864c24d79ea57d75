// The run history, newest first, a page at a time, filtered by mailbox, status, trigger and kind of run;
// each run opens to its per-mailbox, per-resource counts and its item errors, linked to their entries.
import { useEffect, useState } from 'react';
import { Box, Button, Flex, IconButton, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { CaretDown, CaretUp, ChevronLeft, ChevronRight } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { RUN_ACTIONS, RUN_STATUSES, TRIGGERS, type SyncRun, type SyncRunFilters } from '../../../../../shared/api';
import type { SyncRunsState } from '../hooks/useSyncRuns';
import { formatCounts, formatDuration, runDurationMs, runTotals } from '../utils/runs';
import { useT } from '../utils/useT';
import { RunResultsTable } from './RunResultsTable';
import { RunStatusBadge } from './RunStatusBadge';

// Conflicts are in each run's details: the summary row keeps to what fits beside the dates.
// The kind of run and its trigger share a column, so the table still fits the card.
const COLUMNS = ['startedAt', 'action', 'status', 'duration', 'pulled', 'pushed', 'graphRequests', 'errors'] as const;

export function RunHistory({ state, mailboxes }: { state: SyncRunsState; mailboxes: readonly string[] }) {
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
  const filtered = Object.values(state.filters).some((value) => value !== undefined);
  // No run yet: the status above already says so.
  if (!data || (data.pagination.total === 0 && !filtered)) return null;
  const { page, pageCount, total } = data.pagination;
  const openRows = data.runs.filter((run) => open.has(run.id)).length;

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="epsilon" fontWeight="bold" tag="h3" id="microsoft-365-history">
        {t('history.title')}
      </Typography>
      <RunFilters filters={state.filters} onChange={state.setFilters} mailboxes={mailboxes} />
      {data.runs.length === 0 ? (
        <Box padding={4} background="neutral100" hasRadius>
          <Typography textColor="neutral600">{t('history.filter.none')}</Typography>
        </Box>
      ) : (
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
                      <RunDetails run={run} when={when} getRun={state.getRun} />
                    </Td>
                  </Tr>,
                ]
              : []),
          ])}
        </Tbody>
      </Table>
      )}
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
        <Flex direction="column" alignItems="flex-start">
          <Typography textColor="neutral800">{t(`history.action.${run.action}`)}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {t(`status.trigger.${run.trigger}`)}
          </Typography>
        </Flex>
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

function RunDetails({ run, when, getRun }: { run: SyncRun; when: (iso: string) => string; getRun: SyncRunsState['getRun'] }) {
  const t = useT();
  // The list leaves the item errors' subjects out; the run's own answer has them.
  const [detailed, setDetailed] = useState<SyncRun | null>(null);
  const namesItems = run.results.some((result) => result.errors.some((error) => error.localId));
  useEffect(() => {
    if (!namesItems) return;
    let current = true;
    getRun(run.id).then((found) => current && setDetailed(found), () => undefined);
    return () => {
      current = false;
    };
  }, [getRun, run.id, run.finishedAt, namesItems]);
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
        <RunResultsTable results={(detailed ?? run).results} label={t('history.details.label', { date: when(run.startedAt) })} />
      </Flex>
    </Box>
  );
}

// The design system's select shows its placeholder for an empty value: "any" is an option like the others.
const ANY = 'any';

/** Mailbox, status, trigger and kind of run: each a select whose first option lifts the filter. */
function RunFilters({ filters, onChange, mailboxes }: { filters: SyncRunFilters; onChange: (next: SyncRunFilters) => void; mailboxes: readonly string[] }) {
  const t = useT();
  const set = (key: keyof SyncRunFilters) => (value: string | number) => onChange({ ...filters, [key]: value === ANY ? undefined : String(value) });
  const select = (key: keyof SyncRunFilters, options: ReadonlyArray<{ value: string; label: string }>) => (
    <Box minWidth="12rem">
      <SingleSelect aria-label={t(`history.filter.${key}`)} value={filters[key] ?? ANY} onChange={set(key)} size="S">
        <SingleSelectOption value={ANY}>{t('history.filter.any')}</SingleSelectOption>
        {options.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Box>
  );
  const labelled = (key: keyof SyncRunFilters, field: JSX.Element) => (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Typography variant="pi" fontWeight="bold" textColor="neutral700">
        {t(`history.filter.${key}`)}
      </Typography>
      {field}
    </Flex>
  );
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return (
    <Flex tag="fieldset" aria-label={t('history.filters')} gap={3} wrap="wrap" alignItems="flex-end" style={{ border: 0, padding: 0, margin: 0 }}>
      {labelled('mailbox', select('mailbox', mailboxes.map((address) => ({ value: address, label: address }))))}
      {labelled('status', select('status', RUN_STATUSES.map((status) => ({ value: status, label: t(`status.run.${status}`) }))))}
      {labelled('trigger', select('trigger', TRIGGERS.map((trigger) => ({ value: trigger, label: t(`status.trigger.${trigger}`) }))))}
      {labelled('action', select('action', RUN_ACTIONS.map((action) => ({ value: action, label: t(`history.action.${action}`) }))))}
      {filtered ? (
        <Button variant="tertiary" onClick={() => onChange({})}>
          {t('history.filter.clear')}
        </Button>
      ) : null}
    </Flex>
  );
}
