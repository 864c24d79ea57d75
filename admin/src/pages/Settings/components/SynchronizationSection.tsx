// Section 3: how often the scheduled sync runs, and when a run's deletions wait for an admin.
import { Grid } from '@strapi/design-system';
import { LIMITS } from '../../../../../shared/settings-validation';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { NumberField } from './fields';
import { SectionCard } from './SectionCard';
import type { SectionProps } from './sectionProps';

// The setting is a share (0–1); admins think in percent.
const PERCENT = 100;

export function SynchronizationSection({ form, values, readOnly }: SectionProps) {
  const t = useT();
  const shareIssue = issueAt(form.errors, 'deletionGuard.share');
  return (
    <SectionCard id="sync" title={t('sync.title')} subtitle={t('sync.subtitle')}>
      <Grid.Root gap={5}>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <NumberField
            name="sync.intervalMinutes"
            label={t('sync.intervalMinutes.label')}
            hint={t('sync.intervalMinutes.hint', LIMITS.intervalMinutes)}
            error={describeIssue(t, 'settings', issueAt(form.errors, 'sync.intervalMinutes'))}
            value={values.sync.intervalMinutes}
            onChange={(intervalMinutes) => form.update('sync', { intervalMinutes })}
            disabled={readOnly}
          />
        </Grid.Item>
        <Grid.Item col={6} xs={12} />
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <NumberField
            name="deletionGuard.minItems"
            label={t('sync.deletionGuard.minItems.label')}
            hint={t('sync.deletionGuard.minItems.hint')}
            error={describeIssue(t, 'settings', issueAt(form.errors, 'deletionGuard.minItems'))}
            value={values.deletionGuard.minItems}
            onChange={(minItems) => form.update('deletionGuard', { minItems })}
            disabled={readOnly}
          />
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <NumberField
            name="deletionGuard.share"
            label={t('sync.deletionGuard.share.label')}
            hint={t('sync.deletionGuard.share.hint')}
            error={shareIssue ? t('sync.deletionGuard.share.error') : undefined}
            value={Math.round(values.deletionGuard.share * PERCENT)}
            onChange={(percent) => form.update('deletionGuard', { share: percent / PERCENT })}
            disabled={readOnly}
          />
        </Grid.Item>
      </Grid.Root>
    </SectionCard>
  );
}
