// Pure validation of a settings patch (PUT body), shared by the server and the admin page.
// Every bad field yields its own entry, so the page can show each error beside its field.
import { CLOUDS, CONFLICT_RESOLUTIONS, DIRECTIONS, type FieldError } from './settings';

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

type Rule =
  | { kind: 'object'; fields: Record<string, Rule> }
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'text'; maxLength: number; check?: (value: string) => Omit<SettingsIssue, 'path' | 'message'> | null }
  | { kind: 'secret'; maxLength: number }
  | { kind: 'folders'; maxItems: number }
  | { kind: 'readonly' };

function checkTenant(value: string) {
  if (value === '') return null;
  if (MULTI_TENANT.has(value.toLowerCase())) return { code: 'tenant-multi' as const, params: { value } };
  return GUID.test(value) || DOMAIN.test(value) ? null : { code: 'tenant' as const };
}

function checkGuid(value: string) {
  return value === '' || GUID.test(value) ? null : { code: 'guid' as const };
}

const direction: Rule = { kind: 'enum', values: DIRECTIONS };
const conflictResolution: Rule = { kind: 'enum', values: CONFLICT_RESOLUTIONS };

export const LIMITS = {
  intervalMinutes: { min: 1, max: 1440 },
  pastDays: { min: 0, max: 3650 },
  futureDays: { min: 1, max: 3650 },
  initialDays: { min: 1, max: 3650 },
  deletionMinItems: { min: 0, max: 1_000_000 },
  deletionShare: { min: 0, max: 1 },
  folders: 20,
} as const;

const SETTINGS_RULE: Rule = {
  kind: 'object',
  fields: {
    azure: {
      kind: 'object',
      fields: {
        tenantId: { kind: 'text', maxLength: 253, check: checkTenant },
        clientId: { kind: 'text', maxLength: 36, check: checkGuid },
        clientSecret: { kind: 'secret', maxLength: 1024 },
        clientSecretSet: { kind: 'readonly' },
        cloud: { kind: 'enum', values: CLOUDS },
      },
    },
    integrations: {
      kind: 'object',
      fields: { email: { kind: 'boolean' }, calendar: { kind: 'boolean' }, tasks: { kind: 'boolean' } },
    },
    sync: { kind: 'object', fields: { intervalMinutes: { kind: 'integer', ...LIMITS.intervalMinutes } } },
    calendar: {
      kind: 'object',
      fields: {
        direction,
        conflictResolution,
        pastDays: { kind: 'integer', ...LIMITS.pastDays },
        futureDays: { kind: 'integer', ...LIMITS.futureDays },
        sendInvitations: { kind: 'boolean' },
      },
    },
    tasks: { kind: 'object', fields: { direction, conflictResolution } },
    email: {
      kind: 'object',
      fields: {
        folders: { kind: 'folders', maxItems: LIMITS.folders },
        initialDays: { kind: 'integer', ...LIMITS.initialDays },
      },
    },
    deletionGuard: {
      kind: 'object',
      fields: {
        minItems: { kind: 'integer', ...LIMITS.deletionMinItems },
        share: { kind: 'number', ...LIMITS.deletionShare },
      },
    },
    alerts: { kind: 'object', fields: { email: { kind: 'boolean' } } },
  },
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(path: string[], code: IssueCode, params?: Record<string, string | number>): SettingsIssue {
  const message = MESSAGES[code].replace(/\{(\w+)\}/g, (_, key: string) => String(params?.[key] ?? ''));
  return params ? { path, code, params, message } : { path, code, message };
}

function check(rule: Rule, value: unknown, path: string[], out: SettingsIssue[]): void {
  switch (rule.kind) {
    case 'readonly':
      return;
    case 'object':
      if (!isPlainObject(value)) {
        out.push(issue(path, path.length === 0 ? 'body' : 'object'));
        return;
      }
      for (const [key, child] of Object.entries(value)) {
        const childRule = Object.hasOwn(rule.fields, key) ? rule.fields[key] : undefined;
        if (!childRule) out.push(issue([...path, key], 'unknown'));
        else check(childRule, child, [...path, key], out);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(issue(path, 'boolean'));
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
        out.push(issue(path, 'integer', { min: rule.min, max: rule.max }));
      }
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < rule.min || value > rule.max) {
        out.push(issue(path, 'number', { min: rule.min, max: rule.max }));
      }
      return;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        out.push(issue(path, 'enum', { values: rule.values.join(', ') }));
      }
      return;
    case 'text': {
      if (typeof value !== 'string') return void out.push(issue(path, 'text'));
      const trimmed = value.trim();
      if (trimmed.length > rule.maxLength) return void out.push(issue(path, 'too-long', { max: rule.maxLength }));
      const problem = rule.check?.(trimmed);
      if (problem) out.push(issue(path, problem.code, problem.params));
      return;
    }
    case 'secret':
      if (value === null) return;
      if (typeof value !== 'string') return void out.push(issue(path, 'text'));
      if (value.trim() === '') return void out.push(issue(path, 'secret-empty'));
      if (value.length > rule.maxLength) out.push(issue(path, 'too-long', { max: rule.maxLength }));
      return;
    case 'folders':
      checkFolders(rule.maxItems, value, path, out);
      return;
  }
}

function checkFolders(maxItems: number, value: unknown, path: string[], out: SettingsIssue[]): void {
  if (!Array.isArray(value)) return void out.push(issue(path, 'object'));
  if (value.length === 0) return void out.push(issue(path, 'folders-empty'));
  if (value.length > maxItems) return void out.push(issue(path, 'folders-many', { max: maxItems }));
  const seen = new Set<string>();
  value.forEach((folder, index) => {
    const at = [...path, String(index)];
    if (typeof folder !== 'string') return void out.push(issue(at, 'text'));
    const name = folder.trim();
    const known = (WELL_KNOWN_FOLDERS as readonly string[]).includes(name.toLowerCase());
    if (!known && !FOLDER_ID.test(name)) return void out.push(issue(at, 'folder'));
    const key = known ? name.toLowerCase() : name;
    if (seen.has(key)) out.push(issue(at, 'duplicate'));
    seen.add(key);
  });
}

/** Validates a (partial) settings body. Returns every problem found; an empty list means valid. */
export function validateSettingsPatch(input: unknown): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  check(SETTINGS_RULE, input, [], issues);
  return issues;
}
