// Sections 4 and 5: direction and conflict policy, shared by calendar and tasks.
import type { ReactNode } from 'react';
import { Grid } from '@strapi/design-system';
import { CONFLICT_RESOLUTIONS, DIRECTIONS } from '../../../../../shared/settings';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { SelectField } from './fields';
import { SectionCard } from './SectionCard';
import type { SectionProps } from './sectionProps';

interface DirectionSectionProps extends SectionProps {
  section: 'calendar' | 'tasks';
  /** More fields of the same section (the calendar's window). */
  children?: ReactNode;
}

export function DirectionSection({ form, values, readOnly, section, children }: DirectionSectionProps) {
  const t = useT();
  const { direction, conflictResolution } = values[section];
  const errorAt = (key: string) => describeIssue(t, 'settings', issueAt(form.errors, `${section}.${key}`));

  return (
    <SectionCard id={section} title={t(`${section}.title`)}>
      <Grid.Root gap={5}>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <SelectField
            name={`${section}.direction`}
            label={t('direction.label')}
            hint={t('direction.hint')}
            error={errorAt('direction')}
            value={direction}
            options={DIRECTIONS.map((value) => ({ value, label: t(`direction.${value}`) }))}
            onChange={(next) => form.update(section, { direction: next })}
            disabled={readOnly}
          />
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          {/* Only a two-way sync can conflict, so the policy is editable only then. */}
          <SelectField
            name={`${section}.conflictResolution`}
            label={t('conflictResolution.label')}
            hint={t('conflictResolution.hint')}
            error={errorAt('conflictResolution')}
            value={conflictResolution}
            options={CONFLICT_RESOLUTIONS.map((value) => ({ value, label: t(`conflictResolution.${value}`) }))}
            onChange={(next) => form.update(section, { conflictResolution: next })}
            disabled={readOnly || direction !== 'bidirectional'}
          />
        </Grid.Item>
        {children}
      </Grid.Root>
    </SectionCard>
  );
}
