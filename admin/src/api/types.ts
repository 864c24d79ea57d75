// The admin page's view of the plugin's API: the shapes are declared once in shared/, with the server.
export type * from '../../../shared/api';
export type { ConflictResolution, Cloud, Direction, PublicSettings, SettingsPatch } from '../../../shared/settings';
