// The mailbox email resource: Graph message → plugin::microsoft-365.email-message, one scope per
// configured folder. Import only: Microsoft → Strapi. Pure mapping plus Graph URLs.
import { OUTLOOK_SUBSCRIPTION_MINUTES } from '../subscription-limits';
import type { RemoteEntry, RemoteSnapshot, RemoteWrite, ResourceAdapter, ResourceSettings, Scope, SyncedFields } from '../types';
import { ATTACHMENT_SELECT, EMAIL_LOCAL_FIELDS, MESSAGE_SELECT, attachmentsFromGraph, emailFieldsFromGraph, emailFieldsFromLocal, emailFieldsToLocal, type EmailFields } from './fields';
import { UID } from '../../../../../shared/plugin';

export const DEFAULT_EMAIL_FOLDERS = ['inbox', 'sentitems'];

/** ResourceSettings for email: the folders from settings.email.folders, the first-run window from initialDays. */
export interface EmailResourceSettings extends ResourceSettings {
  folders?: readonly string[];
}

export interface EmailAdapterOptions {
  /**
   * Ask for attachment metadata inside the delta (`$expand=attachments($select=…)`, which message
   * delta documents as supported). Off by default: then the runner fetches
   * `attachmentRequest()` for each message with attachments (batchable, 20 per $batch).
   */
  expandAttachments?: boolean;
}

export interface DetailRequest {
  /** What the answer is merged as (see details.merge). */
  key: 'attachments';
  url: string;
}

export type EmailAdapter = ResourceAdapter & {
  /** Nothing is written to Microsoft: the run has no push step for email. */
  readonly importOnly: true;
  /** Attachment metadata, read separately when delta does not expand it. */
  readonly details: {
    requests(mailbox: string, entry: RemoteEntry): DetailRequest[];
    merge(entry: RemoteEntry, details: Partial<Record<DetailRequest['key'], unknown>>): RemoteEntry;
  };
  /** The GET that reads one message: its delete URL would throw, email being import-only. */
  itemUrl(mailbox: string, remoteId: string): string;
  /** What makes two entries of one mailbox the same message (the same mail in two folders, a re-import): its internetMessageId. */
  readonly identity: { key(snapshot: RemoteSnapshot): string | null; readonly attribute: 'internetMessageId' };
  /**
   * Messages keep their (immutable) id when moved between folders. scopeUrl reads a configured folder's
   * id (a folder named by its well-known name is listed by id in parentFolderId); parentIdOf is the
   * folder a message read by id lives in (it moved when that is another configured folder).
   */
  readonly moves: { readonly keepsId: true; scopeUrl(mailbox: string, scope: Scope): string; parentIdOf(entry: RemoteEntry): string | null };
};

const users = (mailbox: string) => `/users/${encodeURIComponent(mailbox)}`;

/** Graph's $filter wants an ISO instant without milliseconds. */
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function readOnly(what: string): never {
  throw new Error(`email-message is imported from Microsoft 365 only: ${what} is not applicable. Sync email with direction "microsoft-to-strapi"; send mail with the mail service.`);
}

export function createEmailAdapter(options: EmailAdapterOptions = {}): EmailAdapter {
  return {
    resource: 'email',
    uid: UID.emailMessage,
    localFields: EMAIL_LOCAL_FIELDS,
    importOnly: true,

    /** One scope per configured folder: a well-known name (inbox, sentitems…) or a folder id, both valid in the URL. */
    changeNotifications: {
      resource: (mailbox: string, scope: Scope) => `users/${mailbox}/mailFolders('${encodeURIComponent(scope.remoteParentId ?? scope.key)}')/messages`,
      maxMinutes: OUTLOOK_SUBSCRIPTION_MINUTES,
    },

    fixedScopes(settings: EmailResourceSettings): Scope[] {
      const folders = settings.folders && settings.folders.length > 0 ? settings.folders : DEFAULT_EMAIL_FOLDERS;
      const seen = new Set<string>();
      const scopes: Scope[] = [];
      for (const raw of folders) {
        const folder = String(raw).trim();
        if (!folder || seen.has(folder.toLowerCase())) continue;
        seen.add(folder.toLowerCase());
        scopes.push({ key: folder, remoteParentId: folder, label: folder });
      }
      return scopes;
    },

    /**
     * The first delta request of a folder: only the stored properties, and only messages received
     * since the window's start (initialDays before the first run). Graph bakes both into the
     * next/delta links, so later rounds stay within them.
     */
    initialDeltaUrl(mailbox: string, scope: Scope, settings: ResourceSettings): string {
      const folder = scope.remoteParentId ?? scope.key;
      const params = [`$select=${MESSAGE_SELECT.join(',')}`];
      if (options.expandAttachments) params.push(`$expand=attachments($select=${ATTACHMENT_SELECT.join(',')})`);
      if (settings.window) params.push(`$filter=receivedDateTime ge ${isoSeconds(settings.window.start)}`);
      return `${users(mailbox)}/mailFolders/${encodeURIComponent(folder)}/messages/delta?${params.join('&')}`;
    },

    fromRemote(entry: RemoteEntry, scope: Scope): RemoteSnapshot | null {
      if (entry['@removed']) return null;
      const etag = entry['@odata.etag'];
      return {
        id: entry.id,
        changeKey: typeof entry.changeKey === 'string' ? entry.changeKey : typeof etag === 'string' ? etag : null,
        modifiedAt: typeof entry.lastModifiedDateTime === 'string' ? entry.lastModifiedDateTime : null,
        fields: emailFieldsFromGraph(entry, scope.label ?? scope.key),
      };
    },

    details: {
      requests(mailbox: string, entry: RemoteEntry): DetailRequest[] {
        if (entry['@removed'] || entry.hasAttachments !== true || Array.isArray(entry.attachments)) return [];
        return [{ key: 'attachments', url: `${users(mailbox)}/messages/${encodeURIComponent(entry.id)}/attachments?$select=${ATTACHMENT_SELECT.join(',')}` }];
      },

      merge(entry: RemoteEntry, details: Partial<Record<DetailRequest['key'], unknown>>): RemoteEntry {
        const body = details.attachments as { value?: unknown } | unknown[] | undefined;
        if (body === undefined) return entry;
        const list = Array.isArray(body) ? body : Array.isArray(body?.value) ? body.value : [];
        return { ...entry, attachments: list };
      },
    },

    /**
     * Reads one stored message (the same $select as delta). Without it the runner could not check the
     * messages a full round (after a 410) no longer lists, so one deleted while the delta token was
     * lost would stay in Strapi for good; it also lets a one-way revert restore an entry edited or
     * deleted in Strapi from Outlook's copy instead of leaving it changed.
     */
    itemUrl(mailbox: string, remoteId: string): string {
      return `${users(mailbox)}/messages/${encodeURIComponent(remoteId)}?$select=${MESSAGE_SELECT.join(',')}`;
    },

    identity: {
      key(snapshot: RemoteSnapshot): string | null {
        const id = snapshot.fields.internetMessageId;
        return typeof id === 'string' && id ? id : null;
      },
      attribute: 'internetMessageId',
    },

    moves: {
      keepsId: true,
      scopeUrl(mailbox: string, scope: Scope): string {
        return `${users(mailbox)}/mailFolders/${encodeURIComponent(scope.remoteParentId ?? scope.key)}?$select=id`;
      },
      parentIdOf(entry: RemoteEntry): string | null {
        return typeof entry.parentFolderId === 'string' && entry.parentFolderId ? entry.parentFolderId : null;
      },
    },

    fromLocal: (entry) => emailFieldsFromLocal(entry),
    toLocalData: (fields: SyncedFields) => emailFieldsToLocal(fields as EmailFields),

    createRemote: (): RemoteWrite => readOnly('creating a message in Microsoft 365'),
    updateRemote: (): RemoteWrite => readOnly('updating a message in Microsoft 365'),
    deleteRemote: (): RemoteWrite => readOnly('deleting a message in Microsoft 365'),
  };
}

export const emailAdapter = createEmailAdapter();
export { attachmentsFromGraph };
