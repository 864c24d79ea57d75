// Pure validation of a mailbox body (POST creates, PUT updates). Shared with the admin page.
import type { FieldError } from './settings';
import { boolean, custom, notBlank, nullable, object, required, text, validator } from './validation/schema';

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
// RFC 5321's limit for an address in a mail path; also under the varchar(255) Strapi gives a string.
export const ADDRESS_MAX_LENGTH = 254;

const address = notBlank(text({ max: ADDRESS_MAX_LENGTH, trim: true, check: (value) => (ADDRESS.test(value) ? null : { code: 'address' }) }), 'required');
const fields = {
  displayName: nullable(text({ max: 256 })),
  owner: nullable(custom<number>((value) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? { value } : { code: 'owner' }))),
  enabled: boolean(),
  calendar: boolean(),
  tasks: boolean(),
  email: boolean(),
};
const options = { unknownKeys: 'first', notObject: 'body' } as const;
// A create needs the address; an update may leave it out, but not blank it.
const validateCreate = validator(object({ address: required(address, { code: 'required' }), ...fields }, options), MAILBOX_MESSAGES, { codes: true });
const validateUpdate = validator(object({ address, ...fields }, options), MAILBOX_MESSAGES, { codes: true });

export function mailboxIssue(path: string[], code: MailboxIssueCode): MailboxIssue {
  return { path, code, message: MAILBOX_MESSAGES[code] };
}

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** Every problem with the body; `creating` makes the address required. */
export function validateMailboxInput(input: unknown, creating: boolean): MailboxIssue[] {
  return (creating ? validateCreate : validateUpdate)(input).issues as MailboxIssue[];
}
