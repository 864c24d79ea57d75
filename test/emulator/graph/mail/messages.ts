// Mail folders and messages of a mailbox (mailFolder / message as Graph v1.0 shows them).
import type { MailFolderRecord, MessageRecord, UserRecord } from '../../state/model';
import { GraphHttpError } from '../../core/http';
import { changeKey, graphTimestamp, outlookId } from '../../core/ids';
import { itemChanged } from '../../state/changes';

const READ_ONLY = new Set(['id', '@odata.etag', '@odata.context', 'changeKey', 'createdDateTime', 'lastModifiedDateTime', 'parentFolderId', 'bodyPreview', 'webLink', 'hasAttachments']);

export const itemNotFound = () => new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

export interface StoredAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  contentBytes: string;
  isInline: boolean;
}

/** By id or well-known name (inbox, sentitems, drafts, deleteditems, archive, junkemail). */
export function findFolder(user: UserRecord, idOrName: string): MailFolderRecord {
  const byId = user.mailbox.folders.get(idOrName);
  if (byId) return byId;
  const lower = idOrName.toLowerCase();
  for (const f of user.mailbox.folders.values()) if (f.wellKnownName === lower) return f;
  throw itemNotFound();
}

export function renderFolder(user: UserRecord, f: MailFolderRecord): Record<string, unknown> {
  let total = 0;
  let unread = 0;
  for (const m of user.mailbox.messages.values()) {
    if (m.folderId !== f.id) continue;
    total++;
    if (m.data.isRead !== true) unread++;
  }
  return { id: f.id, displayName: f.displayName, parentFolderId: f.parentFolderId, childFolderCount: 0, unreadItemCount: unread, totalItemCount: total, isHidden: false };
}

function preview(body: unknown): string {
  const content = (body as { content?: string } | undefined)?.content ?? '';
  return content.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 255);
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createMessage(user: UserRecord, folder: string, input: Record<string, unknown>): MessageRecord {
  const f = findFolder(user, folder);
  const now = Date.now();
  // Exchange keeps received/sent times to the second; so do we, so filters agree with what clients see.
  const receivedMs = Math.floor((typeof input.receivedDateTime === 'string' ? Date.parse(input.receivedDateTime) : now) / 1000) * 1000;
  if (Number.isNaN(receivedMs)) throw new GraphHttpError(400, 'ErrorInvalidRequest', 'receivedDateTime is not a valid date.');
  const sentMs = typeof input.sentDateTime === 'string' ? Date.parse(input.sentDateTime) : receivedMs;
  const data: Record<string, unknown> = {
    categories: [],
    subject: '',
    importance: 'normal',
    isRead: false,
    isDraft: f.wellKnownName === 'drafts',
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    inferenceClassification: 'focused',
    body: { contentType: 'text', content: '' },
    from: { emailAddress: { name: user.displayName, address: user.address } },
    toRecipients: [],
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
    internetMessageId: `<${outlookId('').slice(0, 24)}@emulator.contoso.onmicrosoft.com>`,
    conversationId: outlookId('AAQkAG'),
    ...Object.fromEntries(Object.entries(input).filter(([k]) => !READ_ONLY.has(k) && !k.startsWith('@'))),
    receivedDateTime: isoSeconds(receivedMs),
    sentDateTime: isoSeconds(sentMs),
  };
  data.sender ??= data.from;
  data.attachments = ((input.attachments as Array<Record<string, unknown>> | undefined) ?? []).map(toAttachment);
  const ts = graphTimestamp(new Date(Math.min(now, receivedMs)));
  const msg: MessageRecord = { id: outlookId('AAMkAGMsg'), folderId: f.id, changeKey: changeKey(), createdDateTime: ts, lastModifiedDateTime: ts, receivedMs, data };
  user.mailbox.messages.set(msg.id, msg);
  itemChanged({ user, kind: 'message', changeType: 'created', id: msg.id, changeKey: msg.changeKey, folderId: msg.folderId });
  return msg;
}

function toAttachment(a: Record<string, unknown>): StoredAttachment {
  const contentBytes = typeof a.contentBytes === 'string' ? a.contentBytes : Buffer.from(`attachment ${String(a.name)}`).toString('base64');
  return {
    id: outlookId('AAMkAGAtt'),
    name: String(a.name ?? 'attachment'),
    contentType: String(a.contentType ?? 'application/octet-stream'),
    size: typeof a.size === 'number' ? a.size : Buffer.from(contentBytes, 'base64').length,
    contentBytes,
    isInline: a.isInline === true,
  };
}

export function findMessage(user: UserRecord, id: string): MessageRecord {
  const m = user.mailbox.messages.get(id);
  if (!m) throw itemNotFound();
  return m;
}

export function updateMessage(user: UserRecord, id: string, patch: Record<string, unknown>): MessageRecord {
  const m = findMessage(user, id);
  for (const [k, v] of Object.entries(patch)) if (!READ_ONLY.has(k) && !k.startsWith('@') && k !== 'attachments') m.data[k] = v;
  m.changeKey = changeKey();
  m.lastModifiedDateTime = graphTimestamp();
  itemChanged({ user, kind: 'message', changeType: 'updated', id: m.id, changeKey: m.changeKey, folderId: m.folderId });
  return m;
}

export function deleteMessage(user: UserRecord, id: string): void {
  const m = findMessage(user, id);
  user.mailbox.messages.delete(id);
  itemChanged({ user, kind: 'message', changeType: 'deleted', id, changeKey: m.changeKey, folderId: m.folderId });
}

/** Moves a message; with ImmutableId semantics the id is kept (the plugin asks for immutable ids). */
export function moveMessage(user: UserRecord, id: string, toFolder: string): MessageRecord {
  const m = findMessage(user, id);
  const fromFolderId = m.folderId;
  m.folderId = findFolder(user, toFolder).id;
  m.changeKey = changeKey();
  m.lastModifiedDateTime = graphTimestamp();
  itemChanged({ user, kind: 'message', changeType: 'updated', id: m.id, changeKey: m.changeKey, folderId: m.folderId, fromFolderId });
  return m;
}

export function renderMessage(m: MessageRecord): Record<string, unknown> {
  const d = m.data;
  const attachments = (d.attachments as StoredAttachment[]) ?? [];
  return {
    '@odata.etag': `W/"${m.changeKey}"`,
    id: m.id,
    createdDateTime: m.createdDateTime,
    lastModifiedDateTime: m.lastModifiedDateTime,
    changeKey: m.changeKey,
    categories: d.categories,
    receivedDateTime: d.receivedDateTime,
    sentDateTime: d.sentDateTime,
    hasAttachments: attachments.some((a) => !a.isInline),
    internetMessageId: d.internetMessageId,
    subject: d.subject,
    bodyPreview: preview(d.body),
    importance: d.importance,
    parentFolderId: m.folderId,
    conversationId: d.conversationId,
    isDeliveryReceiptRequested: d.isDeliveryReceiptRequested,
    isReadReceiptRequested: d.isReadReceiptRequested,
    isRead: d.isRead,
    isDraft: d.isDraft,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(m.id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: d.inferenceClassification,
    body: d.body,
    sender: d.sender,
    from: d.from,
    toRecipients: d.toRecipients,
    ccRecipients: d.ccRecipients,
    bccRecipients: d.bccRecipients,
    replyTo: d.replyTo,
    flag: d.flag,
  };
}

export function renderAttachment(a: StoredAttachment, m: MessageRecord): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    '@odata.mediaContentType': a.contentType,
    id: a.id,
    lastModifiedDateTime: m.lastModifiedDateTime,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    isInline: a.isInline,
    contentId: null,
    contentLocation: null,
    contentBytes: a.contentBytes,
  };
}

export interface ReceivedFilter {
  sinceMs: number;
  inclusive: boolean;
}

/** $filter=receivedDateTime ge|gt <iso>: the only filters message delta supports. */
export function parseReceivedFilter(filter: string | undefined): ReceivedFilter | undefined {
  if (!filter) return undefined;
  const m = /^\s*receivedDateTime\s+(ge|gt)\s+'?([0-9T:.\-+Z]+)'?\s*$/i.exec(filter);
  const ms = m ? Date.parse(m[2]) : NaN;
  if (!m || Number.isNaN(ms)) {
    throw new GraphHttpError(400, 'ErrorInvalidUrlQueryFilter', "The query filter contains one or more invalid nodes. Message delta supports only '$filter=receivedDateTime ge {value}' or 'gt'.");
  }
  return { sinceMs: ms, inclusive: m[1].toLowerCase() === 'ge' };
}

export function passesFilter(receivedMs: number, filter: ReceivedFilter | undefined): boolean {
  if (!filter) return true;
  return filter.inclusive ? receivedMs >= filter.sinceMs : receivedMs > filter.sinceMs;
}

/** sendMail: a copy in the sender's Sent Items and in the inbox of recipients the emulator hosts. */
export function sendMail(sender: UserRecord, body: Record<string, unknown>, findUser: (address: string) => UserRecord | undefined): void {
  const message = body.message as Record<string, unknown> | undefined;
  if (!message || typeof message !== 'object') throw new GraphHttpError(400, 'ErrorInvalidParameter', "The value of the parameter 'Message' is empty.");
  const recipients = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap((k) => (message[k] as Array<{ emailAddress?: { address?: string } }>) ?? []);
  if (recipients.length === 0) throw new GraphHttpError(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid., A message can't be sent because it contains no recipients.");
  const bad = recipients.find((r) => !/^[^@\s]+@[^@\s]+$/.test(r.emailAddress?.address ?? ''));
  if (bad) throw new GraphHttpError(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid., Recipient '" + (bad.emailAddress?.address ?? '') + "' isn't resolved. All recipients must be resolved before a message can be submitted.");
  const now = new Date().toISOString();
  const from = { emailAddress: { name: sender.displayName, address: sender.address } };
  const common = { ...message, from, sender: from, sentDateTime: now, receivedDateTime: now, isRead: true, isDraft: false, conversationId: outlookId('AAQkAG') };
  if (body.saveToSentItems !== false) createMessage(sender, 'sentitems', common);
  const delivered = new Set<string>();
  for (const r of recipients) {
    const target = findUser(r.emailAddress?.address ?? '');
    if (!target || delivered.has(target.id)) continue;
    delivered.add(target.id);
    createMessage(target, 'inbox', { ...common, isRead: false, bccRecipients: [] });
  }
}
