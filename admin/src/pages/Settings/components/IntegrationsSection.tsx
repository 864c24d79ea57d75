// Section 2: which kinds of items are synchronized at all.
import { Grid } from '@strapi/design-system';
import type { PublicSettings } from '../../../api/types';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { ToggleField } from './fields';
import { SectionCard } from './SectionCard';
import type { SectionProps } from './sectionProps';

const INTEGRATIONS: ReadonlyArray<keyof PublicSettings['integrations']> = ['email', 'calendar', 'tasks'];

export function IntegrationsSection({ form, values, readOnly }: SectionProps) {
  const t = useT();
  return (
    <SectionCard id="integrations" title={t('integrations.title')} subtitle={t('integrations.subtitle')}>
      <Grid.Root gap={5}>
        {INTEGRATIONS.map((integration) => (
          <Grid.Item key={integration} col={4} s={12} direction="column" alignItems="stretch">
            <ToggleField
              name={`integrations.${integration}`}
              label={t(`integrations.${integration}.label`)}
              hint={t(`integrations.${integration}.hint`)}
              error={describeIssue(t, 'settings', issueAt(form.errors, `integrations.${integration}`))}
              value={values.integrations[integration]}
              onChange={(on) => form.update('integrations', { [integration]: on })}
              disabled={readOnly}
            />
          </Grid.Item>
        ))}
      </Grid.Root>
    </SectionCard>
  );
}
