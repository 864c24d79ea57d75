// Pure validation of a mailbox body (POST creates, PUT updates). Shared with the admin page.
import type { FieldError } from './settings';
import { isPlainObject } from './settings-validation';

export interface MailboxInput {
  address?: string;
  displayName?: string | null;
  owner?: number | null;
  enabled?: boolean;
  calendar?: boolean;
  tasks?: boolean;
  email?: boolean;
}

export type MailboxIssueCode = 'body' | 'required' | 'address' | 'text' | 'too-long' | 'boolean' | 'owner' | 'unknown' | 'duplicate' | 'owner-missing' | 'address-synced';

export interface MailboxIssue extends FieldError {
  code: MailboxIssueCode;
}

export const MAILBOX_MESSAGES: Record<MailboxIssueCode, string> = {
  body: 'The request body must be a JSON object',
  required: 'Is required',
  address: 'Must be an email address or user principal name, such as adele@contoso.com',
  text: 'Must be a text',
  'too-long': 'Is too long',
  boolean: 'Must be true or false',
  owner: 'Must be the id of an admin user, or null',
  unknown: 'Is not a mailbox field',
  duplicate: 'This mailbox is already added',
  'owner-missing': 'No admin user has this id',
  'address-synced': 'This mailbox has synced, so its address cannot change (its entries belong to that mailbox); add a new mailbox for the other address',
};

// user@domain: what both SMTP addresses and UPNs look like in Microsoft 365.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const FLAGS = ['enabled', 'calendar', 'tasks', 'email'] as const;
// RFC 5321's limit for an address in a mail path; also under the varchar(255) Strapi gives a string.
export const ADDRESS_MAX_LENGTH = 254;
const FIELDS = new Set(['address', 'displayName', 'owner', ...FLAGS]);

export function mailboxIssue(path: string[], code: MailboxIssueCode): MailboxIssue {
  return { path, code, message: MAILBOX_MESSAGES[code] };
}

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** Every problem with the body; `creating` makes the address required. */
export function validateMailboxInput(input: unknown, creating: boolean): MailboxIssue[] {
  if (!isPlainObject(input)) return [mailboxIssue([], 'body')];
  const issues: MailboxIssue[] = [];
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) issues.push(mailboxIssue([key], 'unknown'));

  const { address, displayName, owner } = input;
  if (address === undefined || address === null || address === '') {
    if (creating || address !== undefined) issues.push(mailboxIssue(['address'], 'required'));
  } else if (typeof address !== 'string') issues.push(mailboxIssue(['address'], 'text'));
  else if (address.trim().length > ADDRESS_MAX_LENGTH) issues.push(mailboxIssue(['address'], 'too-long'));
  else if (!ADDRESS.test(address.trim())) issues.push(mailboxIssue(['address'], 'address'));

  if (displayName !== undefined && displayName !== null) {
    if (typeof displayName !== 'string') issues.push(mailboxIssue(['displayName'], 'text'));
    else if (displayName.length > 256) issues.push(mailboxIssue(['displayName'], 'too-long'));
  }
  if (owner !== undefined && owner !== null && !(Number.isInteger(owner) && (owner as number) > 0)) {
    issues.push(mailboxIssue(['owner'], 'owner'));
  }
  for (const flag of FLAGS) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') issues.push(mailboxIssue([flag], 'boolean'));
  }
  return issues;
}
