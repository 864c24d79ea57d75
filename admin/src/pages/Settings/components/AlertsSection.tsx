// Alerts: whether they are also emailed (the banner, the home page widget and the eventHub always have them).
import { Grid } from '@strapi/design-system';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { ToggleField } from './fields';
import { SectionCard } from './SectionCard';
import type { SectionProps } from './sectionProps';

export function AlertsSection({ form, values, readOnly }: SectionProps) {
  const t = useT();
  return (
    <SectionCard id="alerts" title={t('alerts.title')} subtitle={t('alerts.subtitle')}>
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <ToggleField
            name="alerts.email"
            label={t('alerts.email.label')}
            hint={t('alerts.email.hint')}
            error={describeIssue(t, 'settings', issueAt(form.errors, 'alerts.email'))}
            value={values.alerts.email}
            onChange={(email) => form.update('alerts', { email })}
            disabled={readOnly}
          />
        </Grid.Item>
      </Grid.Root>
    </SectionCard>
  );
}
