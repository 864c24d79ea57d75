// A run's counts per mailbox × resource, with every error spelled out (the admin has to act on them).
import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { SyncRunResult } from '../../../api/types';
import { formatCounts } from '../utils/runs';
import { useT } from '../utils/useT';

const COLUMNS = ['mailbox', 'resource', 'pulled', 'pushed', 'conflicts', 'graphRequests', 'errors'] as const;
/** Errors listed per row before "and N more": a run with thousands of item errors stays readable. */
const ERRORS_SHOWN = 5;

export function RunResultsTable({ results, label }: { results: SyncRunResult[]; label: string }) {
  const t = useT();
  if (results.length === 0) return <Typography textColor="neutral600">{t('status.noResults')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Table colCount={COLUMNS.length} rowCount={results.length + 1} aria-label={label}>
        <Thead>
          <Tr>
            {COLUMNS.map((column) => (
              <Th key={column}>
                <Typography variant="sigma" textColor="neutral600">
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
                <Typography textColor="neutral800">{result.mailbox}</Typography>
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
                <ErrorList errors={result.errors} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Typography variant="pi" textColor="neutral600">
        {t('status.countsLegend')}
      </Typography>
    </Flex>
  );
}

function ErrorList({ errors }: { errors: SyncRunResult['errors'] }) {
  const t = useT();
  if (errors.length === 0) return <Typography textColor="neutral800">0</Typography>;
  return (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={1} maxWidth="40rem">
      {errors.slice(0, ERRORS_SHOWN).map((error, index) => (
        <Box tag="li" key={index}>
          <Typography textColor="danger600" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
            {`${error.code}: ${error.message}`}
          </Typography>
        </Box>
      ))}
      {errors.length > ERRORS_SHOWN ? (
        <Box tag="li">
          <Typography variant="pi" textColor="neutral600">
            {t('status.errors.more', { count: errors.length - ERRORS_SHOWN })}
          </Typography>
        </Box>
      ) : null}
    </Flex>
  );
}
