// State of the settings form: loaded values, edits, the write-only secret draft, field errors and saving.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { validateSettingsPatch } from '../../../../../shared/settings-validation';
import type { Api } from '../../../api/client';
import { indexIssues, pathKey, requestErrorMessage, serverFieldIssues, type FieldErrors, type FieldIssue } from '../../../api/errors';
import type { PublicSettings, SettingsPatch } from '../../../api/types';
import { jsonEqual } from '../utils/equal';
import { useT } from '../utils/useT';

export type Section = keyof PublicSettings;

/** The secret is write-only: the form only ever holds a new value the admin types. */
export interface SecretDraft {
  replacing: boolean;
  value: string;
}

const NO_SECRET: SecretDraft = { replacing: false, value: '' };

/** The PUT body: everything editable, and the secret only when a new one was typed. */
export function toPatch(values: PublicSettings, secret: SecretDraft): SettingsPatch {
  const { tenantId, clientId, cloud } = values.azure;
  return {
    azure: { tenantId, clientId, cloud, ...(secret.value !== '' ? { clientSecret: secret.value } : {}) },
    integrations: values.integrations,
    sync: values.sync,
    calendar: values.calendar,
    tasks: values.tasks,
    email: values.email,
    deletionGuard: values.deletionGuard,
    alerts: values.alerts,
  };
}

/** Drops the errors of a field and of anything under it (e.g. email.folders.2). */
function withoutErrorsAt(errors: FieldErrors, key: string): FieldErrors {
  const kept = Object.entries(errors).filter(([path]) => path !== key && !path.startsWith(`${key}.`));
  return kept.length === Object.keys(errors).length ? errors : Object.fromEntries(kept);
}

export function useSettingsForm(api: Api) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [status, setStatus] = useState<'loading' | 'error' | 'ready'>('loading');
  const [initial, setInitial] = useState<PublicSettings | null>(null);
  const [values, setValues] = useState<PublicSettings | null>(null);
  const [secret, setSecretDraft] = useState<SecretDraft>(NO_SECRET);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [isSaving, setIsSaving] = useState(false);
  /** Bumped when a save is refused, so the page can bring the first bad field into view. */
  const [rejections, setRejections] = useState(0);

  const load = useCallback(async () => {
    setStatus('loading');
    try {
      const settings = await api.getSettings();
      setInitial(settings);
      setValues(settings);
      setSecretDraft(NO_SECRET);
      setErrors({});
      setStatus('ready');
    } catch {
      setStatus('error');
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Merges changed fields into one section, and clears their errors. */
  const update = useCallback(<S extends Section>(section: S, changes: Partial<PublicSettings[S]>) => {
    setValues((current) => (current ? { ...current, [section]: { ...current[section], ...changes } } : current));
    setErrors((current) => Object.keys(changes).reduce((kept, key) => withoutErrorsAt(kept, pathKey([section, key])), current));
  }, []);

  const setSecret = useCallback((value: string) => {
    setSecretDraft((current) => ({ ...current, value }));
    setErrors((current) => withoutErrorsAt(current, 'azure.clientSecret'));
  }, []);

  const replaceSecret = useCallback(() => setSecretDraft({ replacing: true, value: '' }), []);

  const keepStoredSecret = useCallback(() => {
    setSecretDraft(NO_SECRET);
    setErrors((current) => withoutErrorsAt(current, 'azure.clientSecret'));
  }, []);

  const modified = useMemo(
    () => values !== null && (secret.value !== '' || !jsonEqual(values, initial)),
    [values, initial, secret.value],
  );

  /** Shows issues found outside a save (e.g. before a connection test) at their fields. */
  const reject = useCallback((issues: FieldIssue[]) => {
    setErrors(indexIssues(issues));
    setRejections((count) => count + 1);
  }, []);

  const save = useCallback(async () => {
    if (!values) return;
    const patch = toPatch(values, secret);
    // The same rules the server applies, so most mistakes show before any request.
    const issues = validateSettingsPatch(patch);
    if (issues.length > 0) {
      setErrors(indexIssues(issues));
      setRejections((count) => count + 1);
      toggleNotification({ type: 'warning', message: t('notification.invalid') });
      return;
    }
    setIsSaving(true);
    try {
      const saved = await api.saveSettings(patch);
      setInitial(saved);
      setValues(saved);
      setSecretDraft(NO_SECRET);
      setErrors({});
      toggleNotification({ type: 'success', message: t('notification.saved') });
    } catch (error) {
      const fieldIssues = serverFieldIssues(error);
      if (fieldIssues && fieldIssues.length > 0) {
        setErrors(indexIssues(fieldIssues));
        setRejections((count) => count + 1);
        toggleNotification({ type: 'warning', message: t('notification.invalid') });
      } else {
        const reason = requestErrorMessage(error) ?? t('notification.unknownError');
        toggleNotification({ type: 'danger', message: t('notification.save.error', { reason }) });
      }
    } finally {
      setIsSaving(false);
    }
  }, [api, values, secret, t, toggleNotification]);

  return { status, reload: load, values, initial, errors, rejections, secret, modified, isSaving, update, setSecret, replaceSecret, keepStoredSecret, reject, save };
}

export type SettingsForm = ReturnType<typeof useSettingsForm>;
