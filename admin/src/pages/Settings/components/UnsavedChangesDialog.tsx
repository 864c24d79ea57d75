// Asks before an in-app navigation drops unsaved settings.
import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { Blocker } from 'react-router-dom';
import { useT } from '../utils/useT';

export function UnsavedChangesDialog({ blocker }: { blocker: Blocker }) {
  const t = useT();
  if (blocker.state !== 'blocked') return null;
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : blocker.reset())}>
      <Dialog.Content>
        <Dialog.Header>{t('unsaved.title')}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="danger600" />}>{t('unsaved.body')}</Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary" fullWidth>
              {t('unsaved.stay')}
            </Button>
          </Dialog.Cancel>
          <Button variant="danger" fullWidth onClick={() => blocker.proceed()}>
            {t('unsaved.leave')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}
