// Graph message → the synced fields → `email-message` entry data. Pure. Import only (Microsoft → Strapi).
import { IMPORTANCES, type BODY_TYPES } from '../../../../../shared/enums';
import type { Graph, SelectOf, Untrusted } from '../graph-answer';

export interface EmailAddressFields {
  [field: string]: string;
  name: string;
  address: string;
}

export interface AttachmentMeta {
  [field: string]: string | number;
  name: string;
  contentType: string;
  size: number;
}

/** Every field but folder may be undefined when a delta update did not carry its property. */
export interface EmailFields {
  [field: string]: unknown;
  subject: string;
  from: EmailAddressFields | null;
  to: EmailAddressFields[];
  cc: EmailAddressFields[];
  bcc: EmailAddressFields[];
  receivedAt: string | null;
  sentAt: string | null;
  bodyPreview: string;
  body: string;
  bodyType: (typeof BODY_TYPES)[number];
  internetMessageId: string | null;
  conversationId: string | null;
  folder: string;
  isRead: boolean;
  importance: 'low' | 'normal' | 'high';
  hasAttachments: boolean;
  /** Metadata only. Undefined when the entry did not carry them (fetch them: see email.ts attachmentRequest). */
  attachments?: AttachmentMeta[];
}

/** The message properties the plugin stores, and those the runner needs (ids, versions, folder). */
export const MESSAGE_SELECT = [
  'subject',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'receivedDateTime',
  'sentDateTime',
  'bodyPreview',
  'body',
  'internetMessageId',
  'conversationId',
  'parentFolderId',
  'isRead',
  'importance',
  'hasAttachments',
  'changeKey',
  'lastModifiedDateTime',
] as const satisfies SelectOf<Graph.Message>;

export const ATTACHMENT_SELECT = ['name', 'contentType', 'size', 'isInline'] as const satisfies SelectOf<Graph.Attachment>;

export const EMAIL_LOCAL_FIELDS = [
  'subject',
  'from',
  'to',
  'cc',
  'bcc',
  'receivedAt',
  'sentAt',
  'bodyPreview',
  'body',
  'bodyType',
  'internetMessageId',
  'conversationId',
  'folder',
  'isRead',
  'importance',
  'hasAttachments',
  'attachments',
] as const;

/** Graph recipient { emailAddress: { name, address } } → { name, address }; null when it has no address. */
export function recipientFromGraph(value: unknown): EmailAddressFields | null {
  const email = (value as Untrusted<Graph.Recipient> | null)?.emailAddress as Untrusted<Graph.EmailAddress> | undefined;
  const address = typeof email?.address === 'string' ? email.address.trim() : '';
  if (!address) return null;
  const name = typeof email?.name === 'string' ? email.name.trim() : '';
  return { name, address };
}

function recipientsFromGraph(value: unknown): EmailAddressFields[] {
  if (!Array.isArray(value)) return [];
  return value.map(recipientFromGraph).filter((r): r is EmailAddressFields => r !== null);
}

/** Graph's 'Z' times to Strapi's millisecond ISO; null when absent or unparsable. */
function instant(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const orNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** Graph attachment list (from $expand or /attachments) → metadata of the attachments a reader sees (not inline images). */
export function attachmentsFromGraph(value: unknown): AttachmentMeta[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((a) => a && typeof a === 'object' && (a as Untrusted<Graph.Attachment>).isInline !== true)
    .map((a) => {
      const att = a as Untrusted<Graph.Attachment>;
      return {
        name: text(att.name),
        contentType: text(att.contentType) || 'application/octet-stream',
        size: typeof att.size === 'number' && Number.isFinite(att.size) ? att.size : 0,
      };
    });
}

/** Graph message → synced fields. `folder` is the configured folder the message was pulled from. */
export function emailFieldsFromGraph(message: Untrusted<Graph.Message>, folder: string): EmailFields {
  const body = message.body as Untrusted<Graph.ItemBody> | undefined;
  const hasAttachments = message.hasAttachments === true;
  const importance = IMPORTANCES.includes(message.importance as (typeof IMPORTANCES)[number]) ? (message.importance as EmailFields['importance']) : 'normal';
  const fields: EmailFields = {
    subject: text(message.subject),
    from: recipientFromGraph(message.from),
    to: recipientsFromGraph(message.toRecipients),
    cc: recipientsFromGraph(message.ccRecipients),
    bcc: recipientsFromGraph(message.bccRecipients),
    receivedAt: instant(message.receivedDateTime),
    sentAt: instant(message.sentDateTime),
    bodyPreview: text(message.bodyPreview),
    body: text(body?.content),
    bodyType: String(body?.contentType ?? '').toLowerCase() === 'text' ? 'text' : 'html',
    internetMessageId: orNull(message.internetMessageId),
    conversationId: orNull(message.conversationId),
    folder,
    isRead: message.isRead === true,
    importance,
    hasAttachments,
  };
  // hasAttachments counts non-inline attachments only, so false means an empty list for certain.
  if (!hasAttachments) fields.attachments = [];
  else if (Array.isArray(message.attachments)) fields.attachments = attachmentsFromGraph(message.attachments);
  // A delta update may carry only the properties that changed: what it lacks stays as stored.
  for (const [field, property] of Object.entries(GRAPH_PROPERTY)) {
    if (!(property in message)) delete fields[field];
  }
  if (!('hasAttachments' in message) && !Array.isArray(message.attachments)) delete fields.attachments;
  return fields;
}

/** Synced field → the Graph property it comes from. */
const GRAPH_PROPERTY: Record<string, keyof Graph.Message> = {
  subject: 'subject',
  from: 'from',
  to: 'toRecipients',
  cc: 'ccRecipients',
  bcc: 'bccRecipients',
  receivedAt: 'receivedDateTime',
  sentAt: 'sentDateTime',
  bodyPreview: 'bodyPreview',
  body: 'body',
  bodyType: 'body',
  internetMessageId: 'internetMessageId',
  conversationId: 'conversationId',
  isRead: 'isRead',
  importance: 'importance',
  hasAttachments: 'hasAttachments',
};

function addressFromLocal(value: unknown): EmailAddressFields | null {
  const v = value as { name?: unknown; address?: unknown } | null;
  if (!v || typeof v !== 'object' || typeof v.address !== 'string' || !v.address) return null;
  return { name: typeof v.name === 'string' ? v.name : '', address: v.address };
}

const addressesFromLocal = (value: unknown) => (Array.isArray(value) ? value.map(addressFromLocal).filter((a): a is EmailAddressFields => a !== null) : []);

/** `email-message` entry → synced fields (what Strapi holds, to tell whether an import changed anything). */
export function emailFieldsFromLocal(entry: Record<string, unknown>): EmailFields {
  const importance = IMPORTANCES.includes(entry.importance as (typeof IMPORTANCES)[number]) ? (entry.importance as EmailFields['importance']) : 'normal';
  return {
    subject: text(entry.subject),
    from: addressFromLocal(entry.from),
    to: addressesFromLocal(entry.to),
    cc: addressesFromLocal(entry.cc),
    bcc: addressesFromLocal(entry.bcc),
    receivedAt: instant(entry.receivedAt instanceof Date ? entry.receivedAt.toISOString() : entry.receivedAt),
    sentAt: instant(entry.sentAt instanceof Date ? entry.sentAt.toISOString() : entry.sentAt),
    bodyPreview: text(entry.bodyPreview),
    body: text(entry.body),
    bodyType: entry.bodyType === 'text' ? 'text' : 'html',
    internetMessageId: orNull(entry.internetMessageId),
    conversationId: orNull(entry.conversationId),
    folder: text(entry.folder),
    isRead: entry.isRead === true,
    importance,
    hasAttachments: entry.hasAttachments === true,
    attachments: Array.isArray(entry.attachments) ? attachmentsFromGraph(entry.attachments) : [],
  };
}

/** Synced fields → `email-message` data; fields the entry did not carry (undefined) are left as stored. */
export function emailFieldsToLocal(fields: EmailFields): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of EMAIL_LOCAL_FIELDS) if (fields[key] !== undefined) data[key] = fields[key];
  if (fields.from !== undefined) data.fromDisplay = fromDisplay(fields.from);
  return data;
}

const DISPLAY_MAX = 255;

/**
 * `from` as one line for the Content Manager's list ("Name <address>", or the address). Derived, not a
 * synced field: it is not hashed, so adding it changed no stored hash.
 */
export function fromDisplay(from: EmailAddressFields | null): string | null {
  if (!from) return null;
  const line = from.name && from.name !== from.address ? `${from.name} <${from.address}>` : from.address;
  return line.length > DISPLAY_MAX ? `${line.slice(0, DISPLAY_MAX - 1)}…` : line;
}
