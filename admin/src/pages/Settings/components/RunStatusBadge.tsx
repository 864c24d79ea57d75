// A run's outcome as a coloured badge: running, succeeded, partly failed, failed.
import { Badge } from '@strapi/design-system';
import type { SyncRun } from '../../../api/types';
import { useT } from '../utils/useT';

const RUN_BADGE: Record<SyncRun['status'], { background: string; text: string }> = {
  running: { background: 'primary100', text: 'primary700' },
  succeeded: { background: 'success100', text: 'success700' },
  partial: { background: 'warning100', text: 'warning700' },
  failed: { background: 'danger100', text: 'danger700' },
};

export function RunStatusBadge({ status }: { status: SyncRun['status'] }) {
  const t = useT();
  // An unknown status (a newer server) reads as failed rather than hiding the run.
  const known = Object.hasOwn(RUN_BADGE, status) ? status : 'failed';
  return (
    <Badge backgroundColor={RUN_BADGE[known].background} textColor={RUN_BADGE[known].text}>
      {t(`status.run.${known}`)}
    </Badge>
  );
}
