// Section 7: the mailboxes to synchronize, with add / edit / remove for admins who may update.
import { useState } from 'react';
import { Badge, Box, Button, Dialog, Flex, IconButton, MenuItem, SimpleMenu, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { ArrowClockwise, ArrowsCounterClockwise, More, Pencil, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { requestErrorMessage } from '../../../api/errors';
import type { LiveUpdates, Mailbox, MailboxHealth, RecoveryTool, ResourceHealth } from '../../../api/types';
import type { MailboxesState } from '../hooks/useMailboxes';
import { useT, type Translate } from '../utils/useT';
import { attentionReason } from './healthText';
import { Chip } from './Chip';
import { MailboxModal } from './MailboxModal';
import { ownerName } from './ownerName';
import { Address } from './RunResultsTable';
import { SectionCard } from './SectionCard';
import { RESOURCES } from '../../../../../shared/plugin';

// Whether a mailbox is switched on is its health ("Disabled"), and its name and last run sit under its
// address: the table keeps to what fits beside the actions, which must stay in view.
const COLUMNS = ['address', 'owner', 'syncs', 'health', 'lastError'] as const;

interface MailboxesSectionProps {
  state: MailboxesState;
  readOnly: boolean;
  /** Starts a run of one mailbox (from scratch: every scope read again); given when the admin may run syncs (sync.run). */
  syncMailbox?: (address: string, fromScratch: boolean) => Promise<void>;
  /** Unlinks or purges one mailbox; given when the admin may run syncs (sync.run). */
  recoverMailbox?: (mailbox: Mailbox, tool: RecoveryTool) => Promise<void>;
}

/** Which modal is open: none, add (null mailbox) or edit. */
type Editing = { mailbox: Mailbox | null } | null;

export function MailboxesSection({ state, readOnly, syncMailbox, recoverMailbox }: MailboxesSectionProps) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Mailbox | null>(null);
  const [syncing, setSyncing] = useState<{ mailbox: Mailbox; fromScratch: boolean } | null>(null);
  const [recovering, setRecovering] = useState<{ mailbox: Mailbox; tool: RecoveryTool } | null>(null);
  const [isRecovering, setIsRecovering] = useState(false);
  const recover = async (mailbox: Mailbox, tool: RecoveryTool) => {
    if (!recoverMailbox) return;
    setIsRecovering(true);
    try {
      await recoverMailbox(mailbox, tool);
    } finally {
      setIsRecovering(false);
      setRecovering(null);
    }
  };

  const remove = async (mailbox: Mailbox) => {
    try {
      await state.remove(mailbox.documentId);
      toggleNotification({ type: 'success', message: t('mailboxes.notification.removed') });
    } catch (error) {
      const reason = requestErrorMessage(error) ?? t('notification.unknownError');
      toggleNotification({ type: 'danger', message: t('mailboxes.notification.removeError', { reason }) });
    }
  };

  const addButton = readOnly ? null : (
    <Button variant="secondary" startIcon={<Plus />} onClick={() => setEditing({ mailbox: null })}>
      {t('mailboxes.add')}
    </Button>
  );

  return (
    <SectionCard id="mailboxes" title={t('mailboxes.title')} subtitle={t('mailboxes.subtitle')} actions={addButton}>
      {state.status === 'error' ? (
        <Flex gap={2} alignItems="center">
          <Typography textColor="danger600">{t('mailboxes.load.error')}</Typography>
          <Button variant="tertiary" onClick={() => void state.reload()}>
            {t('page.retry')}
          </Button>
        </Flex>
      ) : state.status === 'ready' && state.mailboxes.length === 0 ? (
        <Box padding={6} background="neutral100" hasRadius>
          <Typography textColor="neutral600">{t('mailboxes.empty')}</Typography>
        </Box>
      ) : (
        <Table colCount={COLUMNS.length + 1} rowCount={state.mailboxes.length + 1}>
          <Thead>
            <Tr>
              {COLUMNS.map((column) => (
                <Th key={column}>
                  <Typography variant="sigma" textColor="neutral600">
                    {t(`mailboxes.column.${column}`)}
                  </Typography>
                </Th>
              ))}
              <Th>
                <VisuallyHidden>{t('mailboxes.column.actions')}</VisuallyHidden>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {state.mailboxes.map((mailbox) => (
              <MailboxRow
                key={mailbox.documentId}
                mailbox={mailbox}
                t={t}
                readOnly={readOnly}
                onEdit={() => setEditing({ mailbox })}
                onRemove={() => setRemoving(mailbox)}
                onSync={syncMailbox ? (fromScratch) => setSyncing({ mailbox, fromScratch }) : undefined}
                onRecover={recoverMailbox ? (tool) => setRecovering({ mailbox, tool }) : undefined}
              />
            ))}
          </Tbody>
        </Table>
      )}

      {editing ? (
        <MailboxModal
          mailbox={editing.mailbox}
          owners={state.owners}
          onSubmit={(draft) => (editing.mailbox ? state.update(editing.mailbox.documentId, draft) : state.create(draft))}
          onClose={() => setEditing(null)}
        />
      ) : null}

      <Dialog.Root open={removing !== null} onOpenChange={(open) => (open ? undefined : setRemoving(null))}>
        {removing ? (
          <ConfirmDialog title={t('mailboxes.remove.title')} onConfirm={() => remove(removing)}>
            {t('mailboxes.remove.body', { address: removing.address })}
          </ConfirmDialog>
        ) : null}
      </Dialog.Root>

      <Dialog.Root open={syncing !== null} onOpenChange={(open) => (open ? undefined : setSyncing(null))}>
        {syncing && syncMailbox ? (
          <ConfirmDialog
            title={t(syncing.fromScratch ? 'mailboxes.resync.title' : 'mailboxes.sync.title')}
            variant="default"
            icon={syncing.fromScratch ? <ArrowsCounterClockwise /> : <ArrowClockwise />}
            onConfirm={() => syncMailbox(syncing.mailbox.address, syncing.fromScratch)}
          >
            {t(syncing.fromScratch ? 'mailboxes.resync.body' : 'mailboxes.sync.body', { address: syncing.mailbox.address })}
          </ConfirmDialog>
        ) : null}
      </Dialog.Root>

      <Dialog.Root open={recovering !== null} onOpenChange={(open) => (open ? undefined : setRecovering(null))}>
        {recovering && recoverMailbox ? (
          <ConfirmDialog
            title={t(`mailboxes.${recovering.tool}.title`)}
            endAction={
              <Button variant="danger" fullWidth loading={isRecovering} onClick={() => void recover(recovering.mailbox, recovering.tool)}>
                {t(`mailboxes.${recovering.tool}.confirm`)}
              </Button>
            }
          >
            {t(`mailboxes.${recovering.tool}.body`, { address: recovering.mailbox.address })}
          </ConfirmDialog>
        ) : null}
      </Dialog.Root>
    </SectionCard>
  );
}

interface MailboxRowProps {
  mailbox: Mailbox;
  t: Translate;
  readOnly: boolean;
  onEdit: () => void;
  onRemove: () => void;
  onSync?: (fromScratch: boolean) => void;
  onRecover?: (tool: RecoveryTool) => void;
}

function MailboxRow({ mailbox, t, readOnly, onEdit, onRemove, onSync, onRecover }: MailboxRowProps) {
  const { formatDate } = useIntl();
  const none = t('mailboxes.none');
  const synced = RESOURCES.filter((resource) => mailbox[resource]);
  return (
    <Tr>
      <Td style={WRAP}>
        <Flex direction="column" alignItems="flex-start" maxWidth="18rem">
          <Typography fontWeight="semiBold" textColor="neutral800">
            <Address address={mailbox.address} />
          </Typography>
          {mailbox.displayName ? <Typography textColor="neutral800">{mailbox.displayName}</Typography> : null}
          <Typography variant="pi" textColor="neutral600">
            {mailbox.lastSyncAt ? t('mailboxes.lastRun', { date: formatDate(mailbox.lastSyncAt, { dateStyle: 'medium', timeStyle: 'short' }) }) : t('mailboxes.never')}
          </Typography>
        </Flex>
      </Td>
      <Td>
        <Typography textColor="neutral800">{mailbox.owner ? ownerName(mailbox.owner) : none}</Typography>
      </Td>
      <Td>
        {synced.length === 0 ? (
          <Typography textColor="neutral800">{none}</Typography>
        ) : (
          <Flex tag="ul" gap={1} wrap="wrap" aria-label={t('mailboxes.column.syncs')}>
            {synced.map((resource) => (
              <Chip key={resource}>{t(`mailbox.${resource}.label`)}</Chip>
            ))}
          </Flex>
        )}
      </Td>
      <Td>
        <HealthCell health={mailbox.health} t={t} />
      </Td>
      <Td>
        <Box minWidth="9rem" maxWidth="12rem" style={{ ...WRAP, overflowWrap: 'anywhere' }}>
          <Typography variant="pi" textColor={mailbox.lastError ? 'danger600' : 'neutral800'} title={mailbox.lastError ?? undefined} style={LINE_CLAMP}>
            {mailbox.lastError || none}
          </Typography>
        </Box>
      </Td>
      <Td>
        {readOnly && !onSync && !onRecover ? null : (
          <Flex gap={1}>
            {onSync && mailbox.enabled ? (
              <>
                <IconButton label={t('mailboxes.sync', { address: mailbox.address })} variant="ghost" onClick={() => onSync(false)}>
                  <ArrowClockwise />
                </IconButton>
                <IconButton label={t('mailboxes.resync', { address: mailbox.address })} variant="ghost" onClick={() => onSync(true)}>
                  <ArrowsCounterClockwise />
                </IconButton>
              </>
            ) : null}
            {readOnly ? null : (
              <>
                <IconButton label={t('mailboxes.edit', { address: mailbox.address })} variant="ghost" onClick={onEdit}>
                  <Pencil />
                </IconButton>
                <IconButton label={t('mailboxes.remove', { address: mailbox.address })} variant="ghost" onClick={onRemove}>
                  <Trash />
                </IconButton>
              </>
            )}
            {onRecover ? (
              // The tools that end a mailbox's sync sit behind a menu: they are rare and not undone by a click.
              <SimpleMenu label={t('mailboxes.more', { address: mailbox.address })} tag={IconButton} icon={<More />} variant="ghost">
                <MenuItem onSelect={() => onRecover('unlink')}>{t('mailboxes.unlink')}</MenuItem>
                <MenuItem onSelect={() => onRecover('purge')} variant="danger">
                  {t('mailboxes.purge')}
                </MenuItem>
              </SimpleMenu>
            ) : null}
          </Flex>
        )}
      </Td>
    </Tr>
  );
}

/** The design system's cells never wrap; these must, or the actions leave the card. */
const WRAP = { whiteSpace: 'normal' } as const;
/** Long Graph messages show their first three lines; the whole one is the tooltip. */
const LINE_CLAMP = { display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' } as const;

const HEALTH_COLORS: Record<MailboxHealth['state'], { backgroundColor: string; textColor: string }> = {
  healthy: { backgroundColor: 'success100', textColor: 'success700' },
  degraded: { backgroundColor: 'warning100', textColor: 'warning700' },
  'needs-attention': { backgroundColor: 'danger100', textColor: 'danger700' },
  disabled: { backgroundColor: 'neutral150', textColor: 'neutral600' },
};

/** The state as a badge; under it why (what needs an admin) or since when runs fail. */
function HealthCell({ health, t }: { health: MailboxHealth; t: Translate }) {
  const { formatDate } = useIntl();
  const detail =
    attentionReason(health, t) ??
    (health.since && health.state !== 'disabled'
      ? t('mailboxes.health.failingSince', { date: formatDate(health.since, { dateStyle: 'medium', timeStyle: 'short' }) })
      : null);
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Badge {...HEALTH_COLORS[health.state]}>{t(`mailboxes.health.${health.state}`)}</Badge>
      {detail ? (
        <Typography variant="pi" textColor={health.state === 'needs-attention' ? 'danger600' : 'neutral600'}>
          {detail}
        </Typography>
      ) : null}
      {health.retryAt ? (
        <Typography variant="pi" textColor="neutral600">
          {t('mailboxes.health.retryAt', { date: formatDate(health.retryAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
        </Typography>
      ) : null}
      {health.liveUpdates && health.liveUpdates.state !== 'off' ? <LiveUpdatesLine live={health.liveUpdates} t={t} /> : null}
      <Flex tag="ul" direction="column" alignItems="flex-start" aria-label={t('mailboxes.health.resources')}>
        {health.resources.map((r) => (
          <Typography key={r.resource} tag="li" variant="pi" textColor="neutral600">
            {resourceLine(r, t, (date) => formatDate(date, { dateStyle: 'short', timeStyle: 'short' }))}
          </Typography>
        ))}
      </Flex>
    </Flex>
  );
}

/** "Live updates on until Dec 14, 10:30 AM", "Live updates starting…", or why Graph refused them. */
function LiveUpdatesLine({ live, t }: { live: LiveUpdates; t: Translate }) {
  const { formatDate } = useIntl();
  const until = live.until ? formatDate(live.until, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  return (
    <Typography variant="pi" textColor={live.state === 'failing' ? 'danger600' : 'neutral600'} title={live.error ?? undefined}>
      {t(`mailboxes.health.live.${live.state as Exclude<LiveUpdates['state'], 'off'>}`, { until })}
    </Typography>
  );
}

/** "Calendar: 12 items · synced Dec 7, 10:30 AM · 1 quarantined · 3 deletions held" */
function resourceLine(r: ResourceHealth, t: Translate, date: (iso: string) => string): string {
  const parts = [
    t('mailboxes.health.resource', { resource: t(`mailbox.${r.resource}.label`), items: r.items }),
    r.lastSuccessAt ? t('mailboxes.health.resource.synced', { date: date(r.lastSuccessAt) }) : t('mailboxes.health.resource.never'),
  ];
  if (r.quarantined > 0) parts.push(t('mailboxes.health.resource.quarantined', { count: r.quarantined }));
  if (r.heldDeletions > 0) parts.push(t('mailboxes.health.resource.held', { count: r.heldDeletions }));
  return parts.join(' · ');
}
