// Section 1: the Azure AD (Entra ID) app registration the plugin signs in as.
import type { ChangeEvent, ReactNode } from 'react';
import { Box, Button, Field, Flex, Grid, TextInput, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SecretStatus } from '../../../api/types';
import { CLOUDS } from '../../../../../shared/settings';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { Chip } from './Chip';
import { secretEndLine } from './healthText';
import { FieldFrame, SelectField } from './fields';
import { SectionCard } from './SectionCard';
import type { SectionProps } from './sectionProps';

/** Application permissions (Microsoft Graph) the plugin's app-only calls need. */
export const GRAPH_PERMISSIONS = ['Calendars.ReadWrite', 'Tasks.ReadWrite.All', 'Mail.Read', 'Mail.Send', 'User.Read.All'] as const;
/** Not needed to sync: lets the plugin read the client secret's end date and warn before it expires. */
const OPTIONAL_GRAPH_PERMISSIONS = ['Application.Read.All'] as const;

interface AzureSectionProps extends SectionProps {
  /** Slot for the "Test connection" action, which the Graph gateway work adds. */
  connectionTest?: ReactNode;
  /** The saved secret's end date as last read (GET /alerts), or why it is not known. */
  secret?: SecretStatus | null;
}

const SECRET_LINE_COLOR = { ok: 'neutral600', unknown: 'neutral600', expiring: 'warning600', expired: 'danger600' } as const;

export function AzureSection({ form, values, readOnly, connectionTest, secret }: AzureSectionProps) {
  const t = useT();
  const { formatDate } = useIntl();
  const secretLine = secretEndLine(secret, t, (iso) => formatDate(iso, { dateStyle: 'long' }));
  const errorAt = (key: string) => describeIssue(t, 'settings', issueAt(form.errors, key));
  const azure = values.azure;
  const cloudOptions = CLOUDS.map((cloud) => ({ value: cloud, label: t(`azure.cloud.${cloud}`) }));

  return (
    <SectionCard id="azure" title={t('azure.title')} subtitle={t('azure.subtitle')}>
      <Grid.Root gap={5}>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <FieldFrame name="azure.tenantId" label={t('azure.tenantId.label')} hint={t('azure.tenantId.hint')} error={errorAt('azure.tenantId')}>
            <TextInput
              value={azure.tenantId}
              onChange={(event: ChangeEvent<HTMLInputElement>) => form.update('azure', { tenantId: event.target.value })}
              disabled={readOnly}
              autoComplete="off"
              placeholder={t('azure.tenantId.placeholder')}
            />
          </FieldFrame>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <FieldFrame name="azure.clientId" label={t('azure.clientId.label')} hint={t('azure.clientId.hint')} error={errorAt('azure.clientId')}>
            <TextInput
              value={azure.clientId}
              onChange={(event: ChangeEvent<HTMLInputElement>) => form.update('azure', { clientId: event.target.value })}
              disabled={readOnly}
              autoComplete="off"
              placeholder={t('azure.clientId.placeholder')}
            />
          </FieldFrame>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <ClientSecretField form={form} stored={azure.clientSecretSet} readOnly={readOnly} error={errorAt('azure.clientSecret')} />
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <SelectField
            name="azure.cloud"
            label={t('azure.cloud.label')}
            hint={t('azure.cloud.hint')}
            error={errorAt('azure.cloud')}
            value={azure.cloud}
            options={cloudOptions}
            onChange={(cloud) => form.update('azure', { cloud })}
            disabled={readOnly}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Field.Root name="azure.permissions" id="azure.permissions" hint={t('azure.permissions.hint')}>
            <Field.Label>{t('azure.permissions.label')}</Field.Label>
            <Flex tag="ul" gap={2} wrap="wrap" aria-label={t('azure.permissions.label')}>
              {GRAPH_PERMISSIONS.map((permission) => (
                <Chip key={permission}>{permission}</Chip>
              ))}
              {OPTIONAL_GRAPH_PERMISSIONS.map((permission) => (
                <Chip key={permission}>{t('azure.permissions.optional', { permission })}</Chip>
              ))}
            </Flex>
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        {secretLine && secret ? (
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Typography variant="pi" textColor={SECRET_LINE_COLOR[secret.state]}>
              {secretLine}
            </Typography>
          </Grid.Item>
        ) : null}
      </Grid.Root>
      {connectionTest ? <Box>{connectionTest}</Box> : null}
    </SectionCard>
  );
}

interface ClientSecretFieldProps {
  form: SectionProps['form'];
  stored: boolean;
  readOnly: boolean;
  error?: string;
}

/** Write-only: a stored secret is only ever shown as "stored"; replacing it reveals an empty input. */
function ClientSecretField({ form, stored, readOnly, error }: ClientSecretFieldProps) {
  const t = useT();
  const { replacing, value } = form.secret;
  const label = t('azure.clientSecret.label');

  if (stored && !replacing) {
    return (
      <FieldFrame name="azure.clientSecret" label={label} hint={t('azure.clientSecret.storedHint')} error={error}>
        <Flex gap={2} alignItems="stretch">
          <Box flex="1">
            <TextInput value={t('azure.clientSecret.stored')} disabled readOnly />
          </Box>
          {readOnly ? null : (
            <Button variant="secondary" size="L" onClick={form.replaceSecret}>
              {t('azure.clientSecret.replace')}
            </Button>
          )}
        </Flex>
      </FieldFrame>
    );
  }

  return (
    <FieldFrame
      name="azure.clientSecret"
      label={label}
      hint={stored ? t('azure.clientSecret.replaceHint') : t('azure.clientSecret.hint')}
      error={error}
    >
      <Flex gap={2} alignItems="stretch">
        <Box flex="1">
          <TextInput
            type="password"
            autoComplete="new-password"
            value={value}
            onChange={(event: ChangeEvent<HTMLInputElement>) => form.setSecret(event.target.value)}
            disabled={readOnly}
          />
        </Box>
        {stored ? (
          <Button variant="tertiary" size="L" onClick={form.keepStoredSecret}>
            {t('azure.clientSecret.keep')}
          </Button>
        ) : null}
      </Flex>
    </FieldFrame>
  );
}
