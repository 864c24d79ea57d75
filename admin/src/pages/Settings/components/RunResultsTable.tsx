// A run's counts per mailbox × resource; below them every error spelled out (the admin has to act on them),
// kept out of the table so long messages stay readable and the table fits the card.
import { Box, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { SyncResult } from '../../../api/types';
import { entryHref } from '../utils/entryHref';
import { formatCounts } from '../utils/runs';
import { isTranslationKey, useT } from '../utils/useT';

const COLUMNS = ['mailbox', 'resource', 'pulled', 'pushed', 'conflicts', 'graphRequests', 'errors'] as const;
/** The design system's tables never wrap; this one sits inside another table's cell, so it must, to fit. */
const WRAP = { whiteSpace: 'normal' } as const;
/** Errors listed per row before "and N more": a run with thousands of item errors stays readable. */
const ERRORS_SHOWN = 5;

export function RunResultsTable({ results, label }: { results: SyncResult[]; label: string }) {
  const t = useT();
  if (results.length === 0) return <Typography textColor="neutral600">{t('status.noResults')}</Typography>;
  if (results.some((r) => r.entriesUnlinked !== undefined || r.entriesPurged !== undefined)) return <RecoveryResults results={results} />;
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Table colCount={COLUMNS.length} rowCount={results.length + 1} aria-label={label}>
        <Thead>
          <Tr>
            {COLUMNS.map((column) => (
              <Th key={column}>
                <Typography variant="sigma" textColor="neutral600" style={WRAP}>
                  {t(`status.column.${column}`)}
                </Typography>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {results.map((result) => (
            <Tr key={`${result.mailbox}:${result.resource}`}>
              <Td>
                <Typography textColor="neutral800" style={{ ...WRAP, overflowWrap: 'break-word' }}>
                  <Address address={result.mailbox} />
                </Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{t(`status.resource.${result.resource}`)}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{formatCounts(result.pulled)}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{formatCounts(result.pushed)}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{result.conflicts}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral800">{result.graphRequests}</Typography>
              </Td>
              <Td>
                <Typography textColor={result.errors.length > 0 ? 'danger600' : 'neutral800'} fontWeight={result.errors.length > 0 ? 'bold' : undefined}>
                  {result.errors.length}
                </Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Typography variant="pi" textColor="neutral600">
        {t('status.countsLegend')}
      </Typography>
      {results.flatMap((result) =>
        Object.entries(result.refused ?? {}).map(([reason, count]) => {
          const key = `status.refused.${reason}`;
          return isTranslationKey(key) ? (
            <Typography key={`${result.mailbox}:${result.resource}:${reason}`} variant="pi" textColor="warning600">
              {t(key, { mailbox: result.mailbox, count })}
            </Typography>
          ) : null;
        }),
      )}
      {results.some((result) => result.errors.length > 0) ? <ErrorList results={results} /> : null}
    </Flex>
  );
}

/** An address that, when it must wrap, wraps after its "@" rather than mid-word. */
export function Address({ address }: { address: string }) {
  const at = address.indexOf('@');
  if (at < 0) return <>{address}</>;
  return (
    <>
      {address.slice(0, at + 1)}
      <wbr />
      {address.slice(at + 1)}
    </>
  );
}

function ErrorList({ results }: { results: SyncResult[] }) {
  const t = useT();
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="pi" fontWeight="bold" textColor="neutral800">
        {t('status.errors.title')}
      </Typography>
      <Flex tag="ul" direction="column" alignItems="stretch" gap={1} aria-label={t('status.errors.title')}>
        {results.flatMap((result) => {
          const where = `${result.mailbox} · ${t(`status.resource.${result.resource}`)}`;
          const shown = result.errors.slice(0, ERRORS_SHOWN).map((error, index) => (
            <Flex tag="li" key={`${where}:${index}`} direction="column" alignItems="flex-start">
              <Typography textColor="danger600" style={{ overflowWrap: 'anywhere' }}>
                {`${where} — ${error.code}: ${error.message}`}
              </Typography>
              {error.localId ? (
                // The subject comes from the entry as it is now (GET /sync/runs/:id); without one, the link alone.
                <Link href={entryHref(result.resource, error.localId)}>{error.title ? t('status.errors.entry', { title: error.title }) : t('quarantine.openEntry')}</Link>
              ) : null}
            </Flex>
          ));
          const hidden = result.errors.length - ERRORS_SHOWN;
          return hidden > 0
            ? [
                ...shown,
                <Box tag="li" key={`${where}:more`}>
                  <Typography variant="pi" textColor="neutral600">
                    {t('status.errors.more', { where, count: hidden })}
                  </Typography>
                </Box>,
              ]
            : shown;
        })}
      </Flex>
    </Flex>
  );
}

/** An unlink or purge run: what it did to each resource's entries (nothing else happens in one). */
function RecoveryResults({ results }: { results: SyncResult[] }) {
  const t = useT();
  return (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={1}>
      {results.map((result) => (
        <Typography tag="li" key={`${result.mailbox}:${result.resource}`} textColor="neutral800">
          {result.entriesPurged !== undefined
            ? t('history.recovery.purged', { mailbox: result.mailbox, resource: t(`status.resource.${result.resource}`), count: result.entriesPurged })
            : t('history.recovery.unlinked', { mailbox: result.mailbox, resource: t(`status.resource.${result.resource}`), count: result.entriesUnlinked ?? 0 })}
        </Typography>
      ))}
    </Flex>
  );
}
