import { GatewayError, toGatewayError } from './errors';
import type { RequestCounter } from './types';
import type { Client } from '@microsoft/microsoft-graph-client';
import type * as Graph from '@microsoft/microsoft-graph-types';

export type AddressInput = string | string[];

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface MailMessage {
  /** The sending mailbox (email or UPN); the app needs Mail.Send. */
  from: string;
  to?: AddressInput;
  cc?: AddressInput;
  bcc?: AddressInput;
  subject: string;
  text?: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Keep a copy in the sender's Sent Items (default true). */
  saveToSentItems?: boolean;
}

export interface EmailAddress {
  address: string;
  name?: string;
}

/** Graph rejects sendMail requests over 4 MB; base64 inflates by 4/3, so cap the raw bytes lower. */
export const MAX_INLINE_ATTACHMENT_BYTES = 3 * 1024 * 1024;

// Checked without a backtracking expression (/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/ is quadratic on
// "a@.a.a.a…"): one '@', nothing forbidden, and a dot inside the domain.
const FORBIDDEN_IN_ADDRESS = /[\s@<>",;]/;

function isAddress(text: string): boolean {
  const at = text.indexOf('@');
  if (at < 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  return !FORBIDDEN_IN_ADDRESS.test(local) && !FORBIDDEN_IN_ADDRESS.test(domain) && domain.length >= 3 && domain.slice(1, -1).includes('.');
}

/** Like /^(.*?)\s*<([^<>]+)>$/.exec(text): the name before and the address inside the last angle brackets. */
function splitAngled(text: string): { name: string; address: string } | null {
  if (!text.endsWith('>')) return null;
  const open = text.lastIndexOf('<');
  const inner = open === -1 ? '' : text.slice(open + 1, -1);
  if (inner === '' || inner.includes('>')) return null;
  const name = text.slice(0, open).trimEnd();
  // `.` matches no line terminator.
  if (/[\n\r\u2028\u2029]/.test(name)) return null;
  return { name, address: inner };
}

function invalid(field: string, message: string): GatewayError {
  return new GatewayError({ code: 'invalid_request', field, message: `${field}: ${message}` });
}

/** Splits "A <a@x>, \"Doe, J\" <j@x>, b@y" on commas or semicolons outside quotes and angle brackets. */
export function splitAddressList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<' && !quoted) angled = true;
    else if (ch === '>' && !quoted) angled = false;
    if ((ch === ',' || ch === ';') && !quoted && !angled) {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** "Name <addr>", "<addr>" or "addr"; throws naming the field when it is not an address. */
export function parseAddress(value: string, field: string): EmailAddress {
  const text = value.trim();
  const angled = splitAngled(text);
  const address = (angled ? angled.address : text).trim();
  if (!isAddress(address)) throw invalid(field, `"${value}" is not an email address.`);
  const quoted = angled?.name.trim();
  const name = (quoted && quoted.length >= 2 && quoted.startsWith('"') && quoted.endsWith('"') ? quoted.slice(1, -1) : quoted)?.trim();
  return name ? { address, name } : { address };
}

export function parseAddresses(value: AddressInput | undefined, field: string): EmailAddress[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: EmailAddress[] = [];
  list.forEach((entry, i) => {
    const where = Array.isArray(value) ? `${field}[${i}]` : field;
    if (typeof entry !== 'string') throw invalid(where, 'must be a string such as "Name <name@example.com>".');
    for (const part of splitAddressList(entry)) out.push(parseAddress(part, where));
  });
  return out;
}

/** Validates the message and builds Graph's sendMail body. */
export function buildSendMailPayload(message: MailMessage): { sender: EmailAddress; payload: { message: Graph.Message; saveToSentItems: boolean } } {
  if (!message || typeof message !== 'object') throw invalid('message', 'is required.');
  if (typeof message.from !== 'string' || !message.from.trim()) throw invalid('from', 'the sending mailbox is required.');
  const sender = parseAddress(message.from, 'from');
  const to = parseAddresses(message.to, 'to');
  const cc = parseAddresses(message.cc, 'cc');
  const bcc = parseAddresses(message.bcc, 'bcc');
  if (to.length + cc.length + bcc.length === 0) throw invalid('to', 'at least one recipient (to, cc or bcc) is required.');
  if (typeof message.subject !== 'string' || !message.subject.trim()) throw invalid('subject', 'is required.');
  if (message.text !== undefined && typeof message.text !== 'string') throw invalid('text', 'must be a string.');
  if (message.html !== undefined && typeof message.html !== 'string') throw invalid('html', 'must be a string.');

  const attachments = (message.attachments ?? []).map((a, i) => {
    const field = `attachments[${i}]`;
    if (!a || typeof a !== 'object') throw invalid(field, 'must be { filename, content, contentType? }.');
    if (typeof a.filename !== 'string' || !a.filename.trim()) throw invalid(`${field}.filename`, 'is required.');
    if (!(Buffer.isBuffer(a.content) || typeof a.content === 'string')) throw invalid(`${field}.content`, 'must be a Buffer or a string.');
    const bytes = Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content, 'utf8');
    return {
      size: bytes.length,
      graph: {
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: a.filename.trim(),
        contentType: a.contentType || 'application/octet-stream',
        contentBytes: bytes.toString('base64'),
      },
    };
  });
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  if (total > MAX_INLINE_ATTACHMENT_BYTES) {
    throw invalid('attachments', `total ${total} bytes exceeds the ${MAX_INLINE_ATTACHMENT_BYTES} bytes Graph accepts in one sendMail request.`);
  }

  const recipients = (list: EmailAddress[]) => list.map((emailAddress) => ({ emailAddress }));
  const html = message.html !== undefined && message.html !== '';
  // bodyType's values as Graph's schema spells them (Graph also reads "HTML" and "Text").
  const graphMessage: Graph.Message = {
    subject: message.subject,
    body: { contentType: html ? 'html' : 'text', content: html ? message.html : (message.text ?? '') },
    toRecipients: recipients(to),
  };
  if (cc.length) graphMessage.ccRecipients = recipients(cc);
  if (bcc.length) graphMessage.bccRecipients = recipients(bcc);
  if (attachments.length) graphMessage.attachments = attachments.map((a) => a.graph);
  return { sender, payload: { message: graphMessage, saveToSentItems: message.saveToSentItems !== false } };
}

/**
 * POST /users/{from}/sendMail (Graph answers 202). Not repeated after a timeout: a second attempt
 * could deliver the mail twice; 429/503 are retried since Graph did not accept the first one.
 */
export async function sendMail(gateway: { getClient(counter?: RequestCounter): Client }, message: MailMessage, counter?: RequestCounter): Promise<void> {
  const { sender, payload } = buildSendMailPayload(message);
  const url = `/users/${encodeURIComponent(sender.address)}/sendMail`;
  try {
    await gateway.getClient(counter).api(url).post(payload);
  } catch (err) {
    const mapped = toGatewayError(err, { method: 'POST', url });
    if (mapped.code === 'mailbox_not_found') {
      throw new GatewayError({ ...mapped, code: 'mailbox_not_found', message: `Cannot send as ${sender.address}: no such mailbox in this tenant. Use an existing mailbox (email or UPN) as "from".`, cause: mapped });
    }
    throw mapped;
  }
}
