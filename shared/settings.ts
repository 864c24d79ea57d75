// Pure types shared by the server and the admin page (no imports on purpose: the admin bundles this file).

export const DIRECTIONS = ['strapi-to-microsoft', 'microsoft-to-strapi', 'bidirectional'] as const;
export const CONFLICT_RESOLUTIONS = ['strapi-wins', 'microsoft-wins', 'newest-wins'] as const;
export const CLOUDS = ['global', 'usgov', 'usgov-dod', 'china'] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];
export type Cloud = (typeof CLOUDS)[number];

export interface AzureSettings {
  tenantId: string;
  clientId: string;
  /** Write-only: accepted by PUT, never returned. */
  clientSecret?: string | null;
  /** Read-only: true when a secret is stored. */
  clientSecretSet?: boolean;
  cloud: Cloud;
}

export interface Settings {
  azure: AzureSettings;
  integrations: { email: boolean; calendar: boolean; tasks: boolean };
  sync: { intervalMinutes: number };
  calendar: {
    direction: Direction;
    conflictResolution: ConflictResolution;
    pastDays: number;
    futureDays: number;
    /** Whether Strapi may send attendees to Microsoft (Graph then mails them invitations); off: attendees are kept in Strapi only. */
    sendInvitations: boolean;
  };
  tasks: { direction: Direction; conflictResolution: ConflictResolution };
  email: { folders: string[]; initialDays: number };
  /** A run holds a mailbox × resource's deletions on one side when they are more than minItems and more than share of its items. */
  deletionGuard: { minItems: number; share: number };
  /** email: alerts (README "Alerts") are also emailed to the mailbox's owner and the super admins through the email plugin. */
  alerts: { email: boolean };
}

/** What GET returns: the secret is never part of it. */
export type PublicSettings = Omit<Settings, 'azure'> & {
  azure: Omit<AzureSettings, 'clientSecret'> & { clientSecretSet: boolean };
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type SettingsPatch = DeepPartial<Settings>;

/** One entry of Strapi's ValidationError details. */
export interface FieldError {
  path: string[];
  message: string;
}
