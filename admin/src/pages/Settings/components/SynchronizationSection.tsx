// Section 3: how often the scheduled sync runs.
import { Grid } from '@strapi/design-system';
import { LIMITS } from '../../../../../server/src/settings/validation';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { NumberField } from './fields';
import { SectionCard } from './SectionCard';
import type { SectionProps } from './sectionProps';

export function SynchronizationSection({ form, values, readOnly }: SectionProps) {
  const t = useT();
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
      </Grid.Root>
    </SectionCard>
  );
}
