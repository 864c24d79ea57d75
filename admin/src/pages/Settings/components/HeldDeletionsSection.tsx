// "Deletions held for review": what the deletion breaker stopped, per mailbox × resource × side, with
// Approve (the deletions happen) and Discard (the items come back from the other side). Shown only
// while something is held; the buttons only to admins who may run a sync.
import { useState } from 'react';
import { Box, Button, Dialog, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise, Trash } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { requestErrorMessage } from '../../../api/errors';
import type { DeletionDecision, HeldDeletionGroup } from '../../../api/types';
import { groupKey, type HeldDeletionsState } from '../hooks/useHeldDeletions';
import { useT } from '../utils/useT';
import { SectionCard } from './SectionCard';

interface HeldDeletionsSectionProps {
  state: HeldDeletionsState;
  /** The admin may approve or discard (sync.run). */
  canReview: boolean;
}

export function HeldDeletionsSection({ state, canReview }: HeldDeletionsSectionProps) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [approving, setApproving] = useState<HeldDeletionGroup | null>(null);
  if (state.groups.length === 0) return null;

  const decide = async (decision: DeletionDecision, group: HeldDeletionGroup) => {
    try {
      const { count } = await state.decide(decision, group);
      toggleNotification({ type: 'success', message: t(`deletions.notification.${decision}`, { count }) });
    } catch (error) {
      const reason = requestErrorMessage(error) ?? t('notification.unknownError');
      toggleNotification({ type: 'danger', message: t('deletions.notification.error', { reason }) });
    }
  };

  return (
    <SectionCard id="held-deletions" title={t('deletions.title')} subtitle={t('deletions.subtitle')}>
      {state.groups.map((group) => (
        <HeldGroup
          key={groupKey(group)}
          group={group}
          busy={state.deciding === groupKey(group)}
          canReview={canReview}
          onApprove={() => setApproving(group)}
          onDiscard={() => void decide('discard', group)}
        />
      ))}
      <Dialog.Root open={approving !== null} onOpenChange={(open) => (open ? undefined : setApproving(null))}>
        {approving ? (
          <ConfirmDialog title={t('deletions.approve.title')} onConfirm={() => decide('approve', approving)}>
            {t(`deletions.approve.body.${approving.side}`, { count: approving.count, mailbox: approving.mailbox })}
          </ConfirmDialog>
        ) : null}
      </Dialog.Root>
    </SectionCard>
  );
}

interface HeldGroupProps {
  group: HeldDeletionGroup;
  busy: boolean;
  canReview: boolean;
  onApprove: () => void;
  onDiscard: () => void;
}

function HeldGroup({ group, busy, canReview, onApprove, onDiscard }: HeldGroupProps) {
  const t = useT();
  const { formatDate } = useIntl();
  const headingId = `microsoft-365-held-${groupKey(group).replace(/[^a-z0-9]+/gi, '-')}`;
  const resource = t(`deletions.resource.${group.resource}`);
  return (
    <Box tag="article" aria-labelledby={headingId} padding={4} background="warning100" borderColor="warning200" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
          <Flex direction="column" alignItems="stretch" gap={1}>
            <Typography variant="omega" fontWeight="bold" tag="h3" id={headingId}>
              {t(`deletions.group.${group.side}`, { count: group.count, resource, mailbox: group.mailbox })}
            </Typography>
            <Typography variant="pi" textColor="neutral700">
              {t(`deletions.group.explain.${group.side}`, { since: formatDate(group.since, { dateStyle: 'medium', timeStyle: 'short' }) })}
            </Typography>
          </Flex>
          {canReview ? (
            <Flex gap={2}>
              <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onDiscard} loading={busy} disabled={busy}>
                {t(`deletions.discard.${group.side}`)}
              </Button>
              <Button variant="danger" startIcon={<Trash />} onClick={onApprove} disabled={busy}>
                {t(`deletions.approve.${group.side}`)}
              </Button>
            </Flex>
          ) : null}
        </Flex>
        <Box background="neutral0" hasRadius style={{ maxHeight: 240, overflowY: 'auto' }}>
          <Table colCount={1} rowCount={group.items.length + 1} aria-labelledby={headingId}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma" textColor="neutral600">
                    {t('deletions.column.title')}
                  </Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {group.items.map((item) => (
                <Tr key={item.id}>
                  <Td>
                    <Typography textColor={item.title ? 'neutral800' : 'neutral500'}>{item.title ?? t('deletions.untitled')}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
        {group.count > group.items.length ? (
          <Typography variant="pi" textColor="neutral600">
            {t('deletions.more', { count: group.count - group.items.length })}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
}
