// "Test connection": tries the Azure values as they are in the form (saved or not) against Microsoft.
import { useCallback, useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { validateSettingsPatch } from '../../../../../shared/settings-validation';
import type { Api } from '../../../api/client';
import { requestErrorMessage, serverFieldIssues } from '../../../api/errors';
import type { ConnectionReport, SettingsPatch } from '../../../api/types';
import { toPatch, type SettingsForm } from './useSettingsForm';
import { useT } from '../utils/useT';

export type ConnectionTestState =
  | { status: 'idle' }
  | { status: 'testing' }
  | { status: 'done'; report: ConnectionReport; testedWith: string }
  | { status: 'error'; reason: string };

/** Only the Azure part matters to the test: a mistake elsewhere in the form must not block it. */
function azurePatch(form: SettingsForm): SettingsPatch {
  return form.values ? { azure: toPatch(form.values, form.secret).azure } : {};
}

/**
 * What a result was tested with, to tell the admin when the form has changed since. It only lives in
 * this page's memory, like the typed secret it may include.
 */
export function connectionInputKey(form: SettingsForm, mailbox: string | null): string {
  return JSON.stringify([azurePatch(form), mailbox]);
}

export function useConnectionTest(api: Api, form: SettingsForm) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [state, setState] = useState<ConnectionTestState>({ status: 'idle' });

  /** `mailbox` null lets the server choose (the first enabled mailbox, else the tenant's first user). */
  const run = useCallback(
    async (mailbox: string | null) => {
      const patch = azurePatch(form);
      // The same rules as the server: a malformed ID shows at its field instead of as a failed check.
      const issues = validateSettingsPatch(patch);
      if (issues.length > 0) {
        form.reject(issues);
        toggleNotification({ type: 'warning', message: t('notification.invalid') });
        return;
      }
      setState({ status: 'testing' });
      try {
        const report = await api.testConnection({ ...patch, ...(mailbox ? { mailbox } : {}) });
        setState({ status: 'done', report, testedWith: connectionInputKey(form, mailbox) });
      } catch (error) {
        const fieldIssues = serverFieldIssues(error);
        if (fieldIssues && fieldIssues.length > 0) {
          form.reject(fieldIssues);
          toggleNotification({ type: 'warning', message: t('notification.invalid') });
          setState({ status: 'idle' });
        } else {
          setState({ status: 'error', reason: requestErrorMessage(error) ?? t('notification.unknownError') });
        }
      }
    },
    [api, form, t, toggleNotification],
  );

  return { state, run };
}

export type ConnectionTest = ReturnType<typeof useConnectionTest>;
