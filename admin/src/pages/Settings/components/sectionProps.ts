import type { PublicSettings } from '../../../api/types';
import type { SettingsForm } from '../hooks/useSettingsForm';

/** What every settings section gets: the form, its loaded values, and whether it may edit. */
export interface SectionProps {
  form: SettingsForm;
  values: PublicSettings;
  readOnly: boolean;
}
