// Add or edit one mailbox: the same validation as the server, and the server's errors at their field.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Button, Flex, Grid, Modal, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { validateMailboxInput } from '../../../../../shared/mailbox-validation';
import { indexIssues, requestErrorMessage, serverFieldIssues, type FieldErrors } from '../../../api/errors';
import type { Mailbox, MailboxDraft, MailboxOwner } from '../../../api/types';
import { describeIssue } from '../utils/issues';
import { useT } from '../utils/useT';
import { FieldFrame, ToggleField } from './fields';
import { ownerName } from './ownerName';

const FLAGS = ['enabled', 'calendar', 'tasks', 'email'] as const;

function toDraft(mailbox: Mailbox | null): MailboxDraft {
  if (!mailbox) return { address: '', displayName: null, owner: null, enabled: true, calendar: true, tasks: true, email: true };
  const { address, displayName, owner, enabled, calendar, tasks, email } = mailbox;
  return { address, displayName, owner: owner?.id ?? null, enabled, calendar, tasks, email };
}

interface MailboxModalProps {
  /** Null to add a new mailbox. */
  mailbox: Mailbox | null;
  owners: MailboxOwner[];
  onSubmit: (draft: MailboxDraft) => Promise<void>;
  onClose: () => void;
}

export function MailboxModal({ mailbox, owners, onSubmit, onClose }: MailboxModalProps) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const creating = mailbox === null;
  const [draft, setDraft] = useState<MailboxDraft>(() => toDraft(mailbox));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [isSaving, setIsSaving] = useState(false);
  const errorAt = (key: string) => describeIssue(t, 'mailbox', errors[key]);

  const change = (changes: Partial<MailboxDraft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !(key in changes))));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation(); // React bubbles portalled events to ancestors; keep this submit to the modal
    const issues = validateMailboxInput(draft, creating);
    if (issues.length > 0) return setErrors(indexIssues(issues));
    setIsSaving(true);
    try {
      await onSubmit(draft);
      toggleNotification({ type: 'success', message: t(creating ? 'mailboxes.notification.created' : 'mailboxes.notification.updated') });
      onClose();
    } catch (error) {
      const fieldIssues = serverFieldIssues(error);
      if (fieldIssues && fieldIssues.length > 0) setErrors(indexIssues(fieldIssues));
      else {
        const reason = requestErrorMessage(error) ?? t('notification.unknownError');
        toggleNotification({ type: 'danger', message: t('mailboxes.notification.error', { reason }) });
      }
    } finally {
      setIsSaving(false);
    }
  };

  // The current owner stays choosable even if the owners list lacks it (e.g. a deactivated user).
  const ownerOptions = mailbox?.owner && !owners.some((owner) => owner.id === mailbox.owner?.id) ? [mailbox.owner, ...owners] : owners;

  return (
    <Modal.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Modal.Content>
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel={t('mailboxes.modal.close')}>
            <Modal.Title>{t(creating ? 'mailboxes.modal.create' : 'mailboxes.modal.edit')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Grid.Root gap={5}>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <FieldFrame name="mailbox.address" label={t('mailbox.address.label')} hint={t('mailbox.address.hint')} error={errorAt('address')}>
                  <TextInput
                    type="email"
                    autoComplete="off"
                    placeholder={t('mailbox.address.placeholder')}
                    value={draft.address}
                    onChange={(event: ChangeEvent<HTMLInputElement>) => change({ address: event.target.value })}
                  />
                </FieldFrame>
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <FieldFrame name="mailbox.displayName" label={t('mailbox.displayName.label')} error={errorAt('displayName')}>
                  <TextInput
                    value={draft.displayName ?? ''}
                    onChange={(event: ChangeEvent<HTMLInputElement>) => change({ displayName: event.target.value || null })}
                  />
                </FieldFrame>
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <FieldFrame name="mailbox.owner" label={t('mailbox.owner.label')} hint={t('mailbox.owner.hint')} error={errorAt('owner')}>
                  <SingleSelect
                    placeholder={t('mailbox.owner.placeholder')}
                    value={draft.owner === null ? undefined : String(draft.owner)}
                    onChange={(value) => change({ owner: Number(value) })}
                    onClear={() => change({ owner: null })}
                    clearLabel={t('mailbox.owner.clear')}
                  >
                    {ownerOptions.map((owner) => (
                      <SingleSelectOption key={owner.id} value={String(owner.id)}>
                        {`${ownerName(owner)} <${owner.email}>`}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </FieldFrame>
              </Grid.Item>
              {FLAGS.map((flag) => (
                <Grid.Item key={flag} col={6} xs={12} direction="column" alignItems="stretch">
                  <ToggleField
                    name={`mailbox.${flag}`}
                    label={t(`mailbox.${flag}.label`)}
                    hint={flag === 'enabled' ? t('mailbox.enabled.hint') : t('mailbox.flags.hint')}
                    error={errorAt(flag)}
                    value={draft[flag]}
                    onChange={(on) => change({ [flag]: on })}
                  />
                </Grid.Item>
              ))}
            </Grid.Root>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('mailboxes.modal.cancel')}</Button>
            </Modal.Close>
            <Flex gap={2}>
              <Button type="submit" loading={isSaving}>
                {t('mailboxes.modal.save')}
              </Button>
            </Flex>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
