// "Quarantined items": what the sync keeps aside per mailbox because it cannot be synced as it stands
// (a value Strapi's database refuses, a write Microsoft 365 refuses), with the field and the reason.
// Every run tries them again; they leave the list once they go through. Shown only while there are some.
import { Box, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { QuarantineGroup, QuarantinedItem } from '../../../api/types';
import type { QuarantineState } from '../hooks/useQuarantine';
import { useT } from '../utils/useT';
import { SectionCard } from './SectionCard';
import { entryHref } from '../utils/entryHref';


const COLUMNS = ['resource', 'item', 'field', 'reason', 'since'] as const;

export function QuarantineSection({ state }: { state: QuarantineState }) {
  const t = useT();
  if (state.groups.length === 0) return null;
  return (
    <SectionCard id="quarantine" title={t('quarantine.title')} subtitle={t('quarantine.subtitle')}>
      {state.groups.map((group) => (
        <QuarantineGroupTable key={group.mailbox} group={group} />
      ))}
    </SectionCard>
  );
}

function QuarantineGroupTable({ group }: { group: QuarantineGroup }) {
  const t = useT();
  const headingId = `microsoft-365-quarantine-${group.mailbox.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <Box tag="article" aria-labelledby={headingId} padding={4} background="danger100" borderColor="danger200" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="omega" fontWeight="bold" tag="h3" id={headingId}>
          {t('quarantine.group', { count: group.count, mailbox: group.mailbox })}
        </Typography>
        <Box background="neutral0" hasRadius style={{ maxHeight: 320, overflowY: 'auto' }}>
          <Table colCount={COLUMNS.length} rowCount={group.items.length + 1} aria-labelledby={headingId}>
            <Thead>
              <Tr>
                {COLUMNS.map((column) => (
                  <Th key={column}>
                    <Typography variant="sigma" textColor="neutral600">
                      {t(`quarantine.column.${column}`)}
                    </Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {group.items.map((item) => (
                <QuarantineRow key={item.id} item={item} />
              ))}
            </Tbody>
          </Table>
        </Box>
        {group.count > group.items.length ? (
          <Typography variant="pi" textColor="neutral600">
            {t('quarantine.more', { count: group.count - group.items.length })}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
}

function QuarantineRow({ item }: { item: QuarantinedItem }) {
  const t = useT();
  const { formatDate } = useIntl();
  return (
    <Tr>
      <Td>
        <Flex direction="column" alignItems="flex-start">
          <Typography>{t(`deletions.resource.${item.resource}`)}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {t(`quarantine.side.${item.side}`)}
          </Typography>
        </Flex>
      </Td>
      <Td>
        {item.localId ? (
          <Link href={entryHref(item.resource, item.localId)}>{t('quarantine.openEntry')}</Link>
        ) : (
          <Typography variant="pi" textColor="neutral700" title={item.remoteId ?? undefined}>
            {t('quarantine.remoteItem', { id: shortId(item.remoteId) })}
          </Typography>
        )}
      </Td>
      <Td>
        <Typography fontWeight={item.field ? 'semiBold' : undefined} textColor={item.field ? 'neutral800' : 'neutral500'}>
          {item.field ?? t('quarantine.noField')}
        </Typography>
      </Td>
      {/* Graph's reasons quote URLs: let them wrap anywhere so the row stays on screen. */}
      <Td style={{ whiteSpace: 'normal', minWidth: 240, maxWidth: 420 }}>
        <Typography variant="pi" textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
          {item.reason}
        </Typography>
      </Td>
      <Td>
        <Flex direction="column" alignItems="flex-start">
          <Typography variant="pi">{formatDate(item.firstFailedAt, { dateStyle: 'medium', timeStyle: 'short' })}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('quarantine.attempts', { count: item.attempts })}
          </Typography>
        </Flex>
      </Td>
    </Tr>
  );
}

/** Graph ids run to 150 characters: the end tells them apart. */
function shortId(id: string | null): string {
  if (!id) return '?';
  return id.length <= 16 ? id : `…${id.slice(-12)}`;
}
