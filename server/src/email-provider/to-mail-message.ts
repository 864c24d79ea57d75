// What @strapi/email hands a provider's send() → the plugin mail service's message. Pure but for
// reading an attachment given by local file path (what nodemailer-style callers may pass).
import { readFile } from 'node:fs/promises';
import type { MailAttachment, MailMessage } from '../graph/mail';

/** Nodemailer-style address forms Strapi code and plugins pass around. */
export type ProviderAddress = string | { name?: string; address: string };
export type ProviderAddressList = ProviderAddress | ProviderAddress[] | undefined | null;

export interface ProviderAttachment {
  filename?: string;
  content?: string | Buffer | Uint8Array;
  /** 'base64' | 'hex' | 'utf8' …: how a string `content` is encoded. */
  encoding?: BufferEncoding;
  contentType?: string;
  /** A local file to read (URLs are refused: the provider fetches nothing from the network). */
  path?: string;
}

/** @strapi/email's send options (SendOptions) and the extras nodemailer-minded callers add. */
export interface ProviderSendOptions {
  from?: ProviderAddress;
  to?: ProviderAddressList;
  cc?: ProviderAddressList;
  bcc?: ProviderAddressList;
  replyTo?: ProviderAddressList;
  subject?: string;
  text?: string;
  html?: string;
  attachments?: ProviderAttachment[];
  [extra: string]: unknown;
}

export interface ProviderOptions {
  /** The mailbox to send as when the caller gives no `from`; beats settings.defaultFrom. */
  from?: string;
  /** Keep a copy in the sender's Sent Items (default true). */
  saveToSentItems?: boolean;
}

export interface EmailPluginSettings {
  defaultFrom?: string;
  defaultReplyTo?: string;
}

function addressText(value: ProviderAddress): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value.address === 'string') {
    return value.name ? `"${value.name.replace(/"/g, "'")}" <${value.address}>` : value.address;
  }
  // Left for the mail service's validation, which names the field.
  return value as unknown as string;
}

function addressList(value: ProviderAddressList): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return (Array.isArray(value) ? value : [value]).map(addressText);
}

export class ProviderInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ProviderInputError';
  }
}

async function attachmentOf(a: ProviderAttachment, index: number): Promise<MailAttachment> {
  const field = `attachments[${index}]`;
  if (!a || typeof a !== 'object') throw new ProviderInputError(field, 'must be { filename, content | path, contentType? }.');
  let content: Buffer | string;
  if (a.content !== undefined && a.content !== null) {
    if (typeof a.content === 'string') content = a.encoding && a.encoding !== 'utf8' && a.encoding !== 'utf-8' ? Buffer.from(a.content, a.encoding) : a.content;
    else content = Buffer.from(a.content);
  } else if (typeof a.path === 'string' && a.path) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(a.path) && !a.path.startsWith('file://')) {
      throw new ProviderInputError(`${field}.path`, 'only local files can be attached; pass the bytes as content instead of a URL.');
    }
    const file = a.path.startsWith('file://') ? new URL(a.path) : a.path;
    content = await readFile(file);
  } else {
    throw new ProviderInputError(field, 'needs content or a local path.');
  }
  const filename = a.filename || (typeof a.path === 'string' ? a.path.split(/[\\/]/).pop() : undefined) || `attachment-${index + 1}`;
  return { filename, content, ...(a.contentType ? { contentType: a.contentType } : {}) };
}

/**
 * The sender: the call's `from`, else providerOptions.from, else the email plugin's defaultFrom.
 * providerOptions.from beats defaultFrom because @strapi/email always fills defaultFrom with
 * 'no-reply@strapi.io' when the app sets none, and that is no mailbox of the tenant.
 */
export function senderOf(options: ProviderSendOptions, providerOptions: ProviderOptions, settings: EmailPluginSettings): string | undefined {
  const chosen = options.from ?? providerOptions.from ?? settings.defaultFrom;
  return chosen === undefined ? undefined : addressText(chosen);
}

export async function toMailMessage(options: ProviderSendOptions, providerOptions: ProviderOptions = {}, settings: EmailPluginSettings = {}): Promise<MailMessage> {
  if (!options || typeof options !== 'object') throw new ProviderInputError('options', 'send() needs { to, subject, text | html }.');
  const from = senderOf(options, providerOptions, settings);
  if (!from) throw new ProviderInputError('from', 'no sender: pass from, or set providerOptions.from or settings.defaultFrom to a mailbox of the tenant.');
  const attachments = Array.isArray(options.attachments) ? await Promise.all(options.attachments.map(attachmentOf)) : undefined;
  const message: MailMessage = {
    from,
    to: addressList(options.to),
    cc: addressList(options.cc),
    bcc: addressList(options.bcc),
    subject: options.subject as string,
    ...(options.text !== undefined ? { text: options.text } : {}),
    ...(options.html !== undefined ? { html: options.html } : {}),
    ...(attachments && attachments.length > 0 ? { attachments } : {}),
    ...(providerOptions.saveToSentItems === false ? { saveToSentItems: false } : {}),
  };
  return message;
}

/** Reply-To the caller (or settings.defaultReplyTo) asked for; the mail service cannot send it yet (see docs/email-provider.md). */
export function replyToOf(options: ProviderSendOptions, settings: EmailPluginSettings): string[] | undefined {
  return addressList(options.replyTo ?? settings.defaultReplyTo);
}
