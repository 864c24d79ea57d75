// The "Test connection" action of the Azure section: a mailbox to try, the button, one row per check.
import { useState } from 'react';
import { Box, Button, Divider, Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { CheckCircle, CrossCircle, MinusCircle, Play } from '@strapi/icons';
import type { ConnectionCheck, ConnectionReport, Mailbox } from '../../../api/types';
import { connectionInputKey, type ConnectionTest } from '../hooks/useConnectionTest';
import type { SettingsForm } from '../hooks/useSettingsForm';
import { useT, type Translate } from '../utils/useT';

interface ConnectionTestPanelProps {
  test: ConnectionTest;
  form: SettingsForm;
  mailboxes: Mailbox[];
}

/** The server's own default (first enabled mailbox), so the select shows what will really be used. */
const defaultMailbox = (mailboxes: Mailbox[]) => mailboxes.find((mailbox) => mailbox.enabled)?.address ?? null;

export function ConnectionTestPanel({ test, form, mailboxes }: ConnectionTestPanelProps) {
  const t = useT();
  // undefined until the admin picks one: follows the list as it loads.
  const [picked, setPicked] = useState<string | null | undefined>(undefined);
  const listed = picked && mailboxes.some((mailbox) => mailbox.address === picked) ? picked : undefined;
  const mailbox = listed ?? defaultMailbox(mailboxes);
  const { state } = test;
  const testing = state.status === 'testing';
  const stale = state.status === 'done' && state.testedWith !== connectionInputKey(form, mailbox);

  return (
    <Flex direction="column" alignItems="stretch" gap={4} paddingTop={2}>
      <Divider />
      <Flex gap={4} alignItems="flex-end" wrap="wrap">
        {mailboxes.length > 0 ? (
          <Box flex="1" minWidth="24rem" maxWidth="48rem">
            <Field.Root name="connection.mailbox" id="connection.mailbox" hint={t('connection.mailbox.hint')}>
              <Field.Label>{t('connection.mailbox.label')}</Field.Label>
              <SingleSelect value={mailbox ?? undefined} onChange={(value) => setPicked(String(value))} disabled={testing}>
                {mailboxes.map((entry) => (
                  <SingleSelectOption key={entry.documentId} value={entry.address}>
                    {entry.displayName ? `${entry.displayName} <${entry.address}>` : entry.address}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
          </Box>
        ) : (
          <Box flex="1" minWidth="24rem">
            <Typography variant="pi" textColor="neutral600">
              {t('connection.mailbox.none')}
            </Typography>
          </Box>
        )}
        <Button variant="secondary" size="L" startIcon={<Play />} loading={testing} onClick={() => void test.run(mailbox)}>
          {t('connection.test')}
        </Button>
      </Flex>
      {state.status === 'testing' ? (
        <Typography textColor="neutral600" role="status">
          {t('connection.testing')}
        </Typography>
      ) : null}
      {state.status === 'error' ? (
        <Typography textColor="danger600" role="alert">
          {t('connection.error', { reason: state.reason })}
        </Typography>
      ) : null}
      {state.status === 'done' ? <ConnectionResult report={state.report} stale={stale} t={t} /> : null}
    </Flex>
  );
}

type CheckState = 'passed' | 'failed' | 'skipped';

/** Without a token nothing else could run: those rows are "skipped", not failures of their own. */
function checkState(check: ConnectionCheck, tokenFailed: boolean): CheckState {
  if (check.ok) return 'passed';
  return tokenFailed && check.name !== 'token' ? 'skipped' : 'failed';
}

const STATE_LOOK: Record<CheckState, { Icon: typeof CheckCircle; color: string; text: string }> = {
  passed: { Icon: CheckCircle, color: 'success600', text: 'success700' },
  failed: { Icon: CrossCircle, color: 'danger600', text: 'danger700' },
  skipped: { Icon: MinusCircle, color: 'neutral500', text: 'neutral600' },
};

function ConnectionResult({ report, stale, t }: { report: ConnectionReport; stale: boolean; t: Translate }) {
  const tokenFailed = report.checks.some((check) => check.name === 'token' && !check.ok);
  const failed = report.checks.filter((check) => checkState(check, tokenFailed) === 'failed').length;
  const summary = report.ok
    ? t('connection.result.ok', { mailbox: report.mailbox ?? '' })
    : t('connection.result.failed', { failed });

  return (
    <Flex direction="column" alignItems="stretch" gap={3} aria-live="polite">
      <Flex gap={2} alignItems="center" wrap="wrap">
        <Typography fontWeight="bold" textColor={report.ok ? 'success700' : 'danger700'}>
          {summary}
        </Typography>
        {!report.ok && report.mailbox ? (
          <Typography textColor="neutral600">{t('connection.result.mailbox', { mailbox: report.mailbox })}</Typography>
        ) : null}
      </Flex>
      {stale ? (
        <Typography variant="pi" textColor="warning700">
          {t('connection.result.stale')}
        </Typography>
      ) : null}
      <Flex tag="ul" direction="column" alignItems="stretch" gap={2} aria-label={t('connection.checks')}>
        {report.checks.map((check) => (
          <CheckRow key={check.name} check={check} state={checkState(check, tokenFailed)} t={t} />
        ))}
      </Flex>
    </Flex>
  );
}

function CheckRow({ check, state, t }: { check: ConnectionCheck; state: CheckState; t: Translate }) {
  const look = STATE_LOOK[state];
  const background = state === 'passed' ? 'success100' : state === 'failed' ? 'danger100' : 'neutral100';
  const border = state === 'passed' ? 'success200' : state === 'failed' ? 'danger200' : 'neutral200';
  return (
    <Box tag="li" data-check={check.name} data-state={state} background={background} borderColor={border} hasRadius padding={3}>
      <Flex gap={3} alignItems="flex-start">
        <Box paddingTop={1}>
          <look.Icon aria-hidden width="1.6rem" height="1.6rem" fill={look.color} />
        </Box>
        <Flex direction="column" alignItems="stretch" gap={1} flex="1">
          <Flex gap={2} alignItems="baseline" wrap="wrap">
            <Typography fontWeight="bold" textColor="neutral800">
              {t(`connection.check.${check.name}`)}
            </Typography>
            <Typography variant="pi" fontWeight="semiBold" textColor={look.text}>
              {t(`connection.state.${state}`)}
            </Typography>
            {check.code && state === 'failed' ? (
              <Typography variant="pi" textColor="neutral600">
                {t('connection.code', { code: check.code })}
              </Typography>
            ) : null}
          </Flex>
          <Typography textColor="neutral700">{check.message}</Typography>
        </Flex>
      </Flex>
    </Box>
  );
}
