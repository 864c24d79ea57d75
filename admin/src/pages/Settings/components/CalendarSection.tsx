// Section 4: calendar direction, conflict policy, the synchronized window and whether attendees are invited.
import { Grid } from '@strapi/design-system';
import { LIMITS } from '../../../../../shared/settings-validation';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { DirectionSection } from './DirectionSection';
import { NumberField, ToggleField } from './fields';
import type { SectionProps } from './sectionProps';

export function CalendarSection(props: SectionProps) {
  const { form, values, readOnly } = props;
  const t = useT();
  const errorAt = (key: string) => describeIssue(t, 'settings', issueAt(form.errors, `calendar.${key}`));
  return (
    <DirectionSection {...props} section="calendar">
      <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
        <NumberField
          name="calendar.pastDays"
          label={t('calendar.pastDays.label')}
          hint={t('calendar.pastDays.hint', LIMITS.pastDays)}
          error={errorAt('pastDays')}
          value={values.calendar.pastDays}
          onChange={(pastDays) => form.update('calendar', { pastDays })}
          disabled={readOnly}
        />
      </Grid.Item>
      <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
        <NumberField
          name="calendar.futureDays"
          label={t('calendar.futureDays.label')}
          hint={t('calendar.futureDays.hint', LIMITS.futureDays)}
          error={errorAt('futureDays')}
          value={values.calendar.futureDays}
          onChange={(futureDays) => form.update('calendar', { futureDays })}
          disabled={readOnly}
        />
      </Grid.Item>
      <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
        <ToggleField
          name="calendar.sendInvitations"
          label={t('calendar.sendInvitations.label')}
          hint={t('calendar.sendInvitations.hint')}
          error={errorAt('sendInvitations')}
          value={values.calendar.sendInvitations}
          onChange={(sendInvitations) => form.update('calendar', { sendInvitations })}
          disabled={readOnly}
        />
      </Grid.Item>
    </DirectionSection>
  );
}
