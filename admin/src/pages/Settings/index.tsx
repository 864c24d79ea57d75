// Settings > Integrations > Microsoft Settings: sections in the order of Oro's page this rebuilds.
import { useCallback, useEffect, useMemo, useRef, type FormEvent } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useRBAC } from '@strapi/strapi/admin';
import { createApi } from '../../api/client';
import { PERMISSIONS } from '../../pluginId';
import { AlertsSection } from './components/AlertsSection';
import { AzureSection } from './components/AzureSection';
import { ConnectionTestPanel } from './components/ConnectionTestPanel';
import { ContentMappingsSection } from './components/ContentMappingsSection';
import { CalendarSection } from './components/CalendarSection';
import { EmailSection } from './components/EmailSection';
import { HeldDeletionsSection } from './components/HeldDeletionsSection';
import { QuarantineSection } from './components/QuarantineSection';
import { IntegrationsSection } from './components/IntegrationsSection';
import { MailboxesSection } from './components/MailboxesSection';
import { HealthBanner } from './components/HealthBanner';
import { StatusSection } from './components/StatusSection';
import { SynchronizationSection } from './components/SynchronizationSection';
import { TasksSection } from './components/TasksSection';
import { UnsavedChangesDialog } from './components/UnsavedChangesDialog';
import { useAlerts } from './hooks/useAlerts';
import { useConnectionTest } from './hooks/useConnectionTest';
import { useFocusFirstError } from './hooks/useFocusFirstError';
import { useHeldDeletions } from './hooks/useHeldDeletions';
import { useQuarantine } from './hooks/useQuarantine';
import { useMailboxes } from './hooks/useMailboxes';
import { useSettingsForm } from './hooks/useSettingsForm';
import { useSyncNow } from './hooks/useSyncNow';
import { useSyncRuns } from './hooks/useSyncRuns';
import { useRecoveryTool } from './hooks/useRecoveryTool';
import { useSyncStatus } from './hooks/useSyncStatus';
import { useUnsavedChangesWarning } from './hooks/useUnsavedChangesWarning';
import { useT } from './utils/useT';

// useRBAC names each allowed action after the action's last segment: settings.update → canUpdate, sync.run → canRun.
const RBAC = [...PERMISSIONS.update, ...PERMISSIONS.sync];
const FORM_ID = 'microsoft-365-settings-form';

function SettingsPage() {
  const t = useT();
  const fetchClient = useFetchClient();
  const api = useMemo(() => createApi(fetchClient), [fetchClient]);
  const { allowedActions, isLoading: isLoadingPermissions } = useRBAC(RBAC);
  const canUpdate = allowedActions.canUpdate === true;
  const canSync = allowedActions.canRun === true;
  const readOnly = !canUpdate;

  const form = useSettingsForm(api);
  const mailboxes = useMailboxes(api, canUpdate);
  const syncStatus = useSyncStatus(api);
  const syncRuns = useSyncRuns(api);
  const heldDeletions = useHeldDeletions(api);
  const quarantine = useQuarantine(api);
  const alerts = useAlerts(api);
  const connectionTest = useConnectionTest(api, form);
  const reloadStatus = syncStatus.reload;
  const showFirstRunsPage = syncRuns.setPage;
  // A run just started is the newest: show the first page of the history, where it will appear.
  const syncNow = useSyncNow(
    api,
    useCallback(() => {
      showFirstRunsPage(1);
      void reloadStatus();
    }, [reloadStatus, showFirstRunsPage]),
  );
  const recovery = useRecoveryTool(
    api,
    useCallback(() => {
      showFirstRunsPage(1);
      void reloadStatus();
    }, [reloadStatus, showFirstRunsPage]),
  );
  useRefreshAfterRuns(syncStatus.state === 'ready' ? (syncStatus.status?.lastRun ?? null) : undefined, syncRuns.reload, mailboxes.reload, heldDeletions.reload, quarantine.reload, alerts.reload);
  useReloadAfterConnectionTest(connectionTest.state.status, alerts.reload);
  const blocker = useUnsavedChangesWarning(form.modified && !form.isSaving);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, form.rejections);

  if (isLoadingPermissions || form.status === 'loading') return <Page.Loading />;
  if (form.status === 'error' || !form.values) {
    return (
      <Page.Error
        content={t('page.load.error')}
        action={
          <Button variant="secondary" onClick={() => void form.reload()}>
            {t('page.retry')}
          </Button>
        }
      />
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (canUpdate) void form.save();
  };
  const sectionProps = { form, values: form.values, readOnly };

  return (
    <Page.Main aria-busy={form.isSaving}>
      <Page.Title>{t('page.title')}</Page.Title>
      <Layouts.Header
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        primaryAction={
          canUpdate ? (
            <Button type="submit" form={FORM_ID} startIcon={<Check />} loading={form.isSaving} disabled={!form.modified}>
              {t('page.save')}
            </Button>
          ) : null
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {readOnly ? (
            <Box padding={4} background="primary100" borderColor="primary200" hasRadius>
              <Typography textColor="primary700">{t('page.readOnly')}</Typography>
            </Box>
          ) : null}
          <HealthBanner mailboxes={mailboxes.mailboxes} secret={alerts.alerts?.secret} />
          {/* First: nothing syncs those items until an admin decides. */}
          <HeldDeletionsSection state={heldDeletions} canReview={canSync} />
          <QuarantineSection state={quarantine} />
          <form id={FORM_ID} ref={formRef} onSubmit={submit} noValidate>
            <Flex direction="column" alignItems="stretch" gap={6}>
              <AzureSection
                {...sectionProps}
                secret={alerts.alerts?.secret}
                connectionTest={canUpdate ? <ConnectionTestPanel test={connectionTest} form={form} mailboxes={mailboxes.mailboxes} /> : null}
              />
              <IntegrationsSection {...sectionProps} />
              <SynchronizationSection {...sectionProps} />
              <CalendarSection {...sectionProps} />
              <TasksSection {...sectionProps} />
              <EmailSection {...sectionProps} />
              <AlertsSection {...sectionProps} />
            </Flex>
          </form>
          {/* Outside the form: mailboxes save on their own, not with "Save". */}
          <MailboxesSection state={mailboxes} readOnly={readOnly} syncMailbox={canSync ? (address, fromScratch) => syncNow.start({ mailboxes: [address], ...(fromScratch ? { fromScratch } : {}) }) : undefined}
            recoverMailbox={canSync ? recovery.apply : undefined}
          />
          <ContentMappingsSection mailboxes={mailboxes.mailboxes.map((mailbox) => mailbox.address)} readOnly={readOnly} />
          <StatusSection
            state={syncStatus}
            runs={syncRuns}
            mailboxes={mailboxes.mailboxes.map((mailbox) => mailbox.address)}
            syncNow={canSync ? { start: () => void syncNow.start(), isStarting: syncNow.isStarting } : undefined}
            unsavedSettings={form.modified}
          />
        </Flex>
      </Layouts.Content>
      <UnsavedChangesDialog blocker={blocker} />
    </Page.Main>
  );
}

/** A connection test of the saved app reads the client secret's end date again: show what it found. */
function useReloadAfterConnectionTest(status: string, reload: () => Promise<void>) {
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === 'testing' && status === 'done') void reload();
    previous.current = status;
  }, [status, reload]);
}

/**
 * When the status shows a new run or a run's end, the history and the mailboxes' "last sync" are
 * stale: reload them (not on the first load, which they do themselves).
 */
function useRefreshAfterRuns(lastRun: { id: string; status: string } | null | undefined, ...reloads: Array<() => Promise<void>>) {
  // undefined: the status is not loaded yet, so there is nothing to compare with.
  const key = lastRun === undefined ? undefined : lastRun ? `${lastRun.id}:${lastRun.status}` : null;
  const seen = useRef<string | null | undefined>(undefined);
  const reloadsRef = useRef(reloads);
  reloadsRef.current = reloads;
  useEffect(() => {
    if (key === undefined) return;
    const previous = seen.current;
    seen.current = key;
    if (previous === undefined || previous === key) return;
    for (const reload of reloadsRef.current) void reload();
  }, [key]);
}

function ProtectedSettingsPage() {
  return (
    <Page.Protect permissions={PERMISSIONS.read}>
      <SettingsPage />
    </Page.Protect>
  );
}

export default ProtectedSettingsPage;
