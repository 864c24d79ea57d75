// Section 6: which mail folders are imported, and how far back the first import reaches.
import { Grid } from '@strapi/design-system';
import { LIMITS } from '../../../../../shared/settings-validation';
import { describeIssue, issueAt } from '../utils/issues';
import { useT } from '../utils/useT';
import { NumberField } from './fields';
import { FolderInput } from './FolderInput';
import { SectionCard } from './SectionCard';
import type { SectionProps } from './sectionProps';

export function EmailSection({ form, values, readOnly }: SectionProps) {
  const t = useT();
  const folders = values.email.folders;
  const folderIssue = issueAt(form.errors, 'email.folders');
  // An issue about one folder (path email.folders.N) names it, since the tags carry no error mark.
  const index = folderIssue && folderIssue.path.length > 2 ? Number(folderIssue.path[2]) : Number.NaN;
  const folderError = describeIssue(t, 'settings', folderIssue);
  const named = Number.isInteger(index) && folders[index] !== undefined ? `${folders[index]}: ${folderError}` : folderError;

  return (
    <SectionCard id="email" title={t('email.title')} subtitle={t('email.subtitle')}>
      <Grid.Root gap={5}>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <FolderInput
            name="email.folders"
            label={t('email.folders.label')}
            hint={t('email.folders.hint', { max: LIMITS.folders })}
            error={named}
            folders={folders}
            onChange={(next) => form.update('email', { folders: next })}
            disabled={readOnly}
          />
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <NumberField
            name="email.initialDays"
            label={t('email.initialDays.label')}
            hint={t('email.initialDays.hint', LIMITS.initialDays)}
            error={describeIssue(t, 'settings', issueAt(form.errors, 'email.initialDays'))}
            value={values.email.initialDays}
            onChange={(initialDays) => form.update('email', { initialDays })}
            disabled={readOnly}
          />
        </Grid.Item>
      </Grid.Root>
    </SectionCard>
  );
}
