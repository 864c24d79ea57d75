// Pure validation of a settings patch (PUT body), shared by the server and the admin page.
// Every bad field yields its own entry, so the page can show each error beside its field.
import { CLOUDS, CONFLICT_RESOLUTIONS, DIRECTIONS, type FieldError } from './settings';
import { anything, boolean, custom, list, nullable, number, object, oneOf, text, validator, type Rule } from './validation/schema';

export { isPlainObject } from './validation/schema';

/** Machine-readable reason, so the admin can translate it; `message` is the English text the API returns. */
export interface SettingsIssue extends FieldError {
  code: IssueCode;
  params?: Record<string, string | number>;
}

export type IssueCode =
  | 'body'
  | 'object'
  | 'text'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'enum'
  | 'unknown'
  | 'tenant'
  | 'tenant-multi'
  | 'guid'
  | 'secret-empty'
  | 'too-long'
  | 'folders-empty'
  | 'folders-many'
  | 'folder'
  | 'duplicate';

const MESSAGES: Record<IssueCode, string> = {
  body: 'The request body must be a JSON object of settings',
  object: 'Must be an object',
  text: 'Must be a text',
  boolean: 'Must be true or false',
  integer: 'Must be a whole number from {min} to {max}',
  number: 'Must be a number from {min} to {max}',
  enum: 'Must be one of: {values}',
  unknown: 'Is not a known setting',
  tenant: 'Must be a directory (tenant) ID (a GUID) or a verified domain such as contoso.onmicrosoft.com',
  'tenant-multi': "'{value}' is not allowed: app-only access needs your own tenant ID or domain",
  guid: 'Must be an application (client) ID: a GUID such as 11111111-2222-3333-4444-555555555555',
  'secret-empty': 'Must not be empty: omit it or send null to keep the stored secret',
  'too-long': 'Must be at most {max} characters',
  'folders-empty': 'Needs at least one folder',
  'folders-many': 'At most {max} folders',
  folder: 'Must be a well-known folder name (inbox, sentitems, drafts, archive, deleteditems, junkemail) or a folder ID',
  duplicate: 'Is listed more than once',
};

export const WELL_KNOWN_FOLDERS = [
  'inbox',
  'sentitems',
  'drafts',
  'archive',
  'deleteditems',
  'junkemail',
  'outbox',
  'clutter',
  'conversationhistory',
  'scheduled',
] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A verified domain: at least two DNS labels, no scheme, no path.
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// Outlook folder IDs are long base64url-like strings.
const FOLDER_ID = /^[A-Za-z0-9=_\-+/]{16,512}$/;
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);

const tenantId = text({
  max: 253,
  trim: true,
  check: (value) => {
    if (value === '') return null;
    if (MULTI_TENANT.has(value.toLowerCase())) return { code: 'tenant-multi', params: { value } };
    return GUID.test(value) || DOMAIN.test(value) ? null : { code: 'tenant' };
  },
});
const clientId = text({ max: 36, trim: true, check: (value) => (value === '' || GUID.test(value) ? null : { code: 'guid' }) });
/** null keeps the stored secret; an empty one is refused rather than taken to mean "keep". */
const SECRET_MAX = 1024;
const clientSecret = nullable(
  custom<string>((value) => {
    if (typeof value !== 'string') return { code: 'text' };
    if (value.trim() === '') return { code: 'secret-empty' };
    return value.length > SECRET_MAX ? { code: 'too-long', params: { max: SECRET_MAX } } : { value };
  }),
);
const folder = text({
  trim: true,
  check: (name) => (isWellKnownFolder(name) || FOLDER_ID.test(name) ? null : { code: 'folder' }),
});

export const LIMITS = {
  intervalMinutes: { min: 1, max: 1440 },
  pastDays: { min: 0, max: 3650 },
  futureDays: { min: 1, max: 3650 },
  initialDays: { min: 1, max: 3650 },
  deletionMinItems: { min: 0, max: 1_000_000 },
  deletionShare: { min: 0, max: 1 },
  folders: 20,
} as const;

const whole = (limits: { min: number; max: number }) => number({ ...limits, integer: true });
const group = <F extends Record<string, Rule<unknown>>>(fields: F) => object(fields, { unknownKeys: 'inline', notObject: 'object' });
const direction = oneOf(DIRECTIONS);
const conflictResolution = oneOf(CONFLICT_RESOLUTIONS);

// A settings body is a patch: every key optional, each checked where it stands in the body.
const SETTINGS = object(
  {
    azure: group({ tenantId, clientId, clientSecret, clientSecretSet: anything(), cloud: oneOf(CLOUDS) }),
    integrations: group({ email: boolean(), calendar: boolean(), tasks: boolean() }),
    sync: group({ intervalMinutes: whole(LIMITS.intervalMinutes) }),
    calendar: group({ direction, conflictResolution, pastDays: whole(LIMITS.pastDays), futureDays: whole(LIMITS.futureDays), sendInvitations: boolean() }),
    tasks: group({ direction, conflictResolution }),
    email: group({
      folders: list(folder, {
        code: 'object',
        tooFew: { count: 1, problem: { code: 'folders-empty' } },
        tooMany: { count: LIMITS.folders, problem: { code: 'folders-many', params: { max: LIMITS.folders } } },
        unique: { key: (name) => (isWellKnownFolder(name) ? name.toLowerCase() : name), code: 'duplicate' },
      }),
      initialDays: whole(LIMITS.initialDays),
    }),
    deletionGuard: group({ minItems: whole(LIMITS.deletionMinItems), share: number(LIMITS.deletionShare) }),
    alerts: group({ email: boolean() }),
  },
  { unknownKeys: 'inline', notObject: 'body' },
);

const validateSettings = validator(SETTINGS, MESSAGES, { codes: true, params: true });

function isWellKnownFolder(name: string): boolean {
  return (WELL_KNOWN_FOLDERS as readonly string[]).includes(name.toLowerCase());
}

/** Validates a (partial) settings body. Returns every problem found; an empty list means valid. */
export function validateSettingsPatch(input: unknown): SettingsIssue[] {
  return validateSettings(input).issues as SettingsIssue[];
}
