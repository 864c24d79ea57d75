// Registry of tenants and users; mailbox contents hang off each user.
import type { MailboxData, Tenant, UserRecord, MailFolderRecord } from './model';
import { guid, outlookId, changeKey, graphTimestamp } from '../core/ids';
import { watchMailbox, type ChangeListener } from './changes';

export const WELL_KNOWN_FOLDERS: Array<{ name: string; displayName: string }> = [
  { name: 'inbox', displayName: 'Inbox' },
  { name: 'sentitems', displayName: 'Sent Items' },
  { name: 'drafts', displayName: 'Drafts' },
  { name: 'deleteditems', displayName: 'Deleted Items' },
  { name: 'archive', displayName: 'Archive' },
  { name: 'junkemail', displayName: 'Junk Email' },
];

function emptyMailbox(): MailboxData {
  const rootId = outlookId('AAMkAGRoot');
  const folders = new Map<string, MailFolderRecord>();
  for (const wk of WELL_KNOWN_FOLDERS) {
    const id = outlookId('AAMkAGFld');
    folders.set(id, { id, displayName: wk.displayName, wellKnownName: wk.name, parentFolderId: rootId });
  }
  const listId = outlookId('AAMkAGTdl');
  const now = graphTimestamp();
  return {
    events: new Map(),
    meetingMessages: [],
    eventIdByTransaction: new Map(),
    todoLists: new Map([[listId, { id: listId, displayName: 'Tasks', wellknownListName: 'defaultList', changeKey: changeKey(), lastModifiedDateTime: now, tasks: new Map() }]]),
    folders,
    messages: new Map(),
  };
}

export class EmulatorState {
  readonly tenants = new Map<string, Tenant>();
  private readonly tenantByDomain = new Map<string, Tenant>();
  private readonly usersByKey = new Map<string, UserRecord>();
  /** Told of every item write in any mailbox (the change-notification service listens). */
  onChange: ChangeListener | undefined;

  clear(): void {
    this.tenants.clear();
    this.tenantByDomain.clear();
    this.usersByKey.clear();
  }

  /** By GUID or verified domain, case-insensitive. */
  findTenant(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.tenants.get(key) ?? this.tenantByDomain.get(key);
  }

  putTenant(tenant: Tenant): Tenant {
    const existing = this.tenants.get(tenant.tenantId.toLowerCase());
    if (existing) {
      for (const [id, app] of tenant.apps) existing.apps.set(id, app);
      if (tenant.domain && existing.domain !== tenant.domain) {
        existing.domain = tenant.domain;
        this.tenantByDomain.set(tenant.domain.toLowerCase(), existing);
      }
      return existing;
    }
    this.tenants.set(tenant.tenantId.toLowerCase(), tenant);
    if (tenant.domain) this.tenantByDomain.set(tenant.domain.toLowerCase(), tenant);
    return tenant;
  }

  /** By object id or userPrincipalName, case-insensitive. */
  findUser(idOrAddress: string): UserRecord | undefined {
    return this.usersByKey.get(decodeURIComponent(idOrAddress).toLowerCase());
  }

  requireUser(idOrAddress: string): UserRecord {
    const user = this.findUser(idOrAddress);
    if (!user) throw new Error(`Unknown mailbox '${idOrAddress}'`);
    return user;
  }

  addUser(input: { tenantId: string; address: string; displayName: string; shared?: boolean; id?: string }): UserRecord {
    const existing = this.findUser(input.address);
    if (existing) {
      existing.displayName = input.displayName;
      existing.shared = input.shared ?? existing.shared;
      return existing;
    }
    const user: UserRecord = {
      id: input.id ?? guid(),
      tenantId: input.tenantId,
      address: input.address,
      displayName: input.displayName,
      shared: input.shared ?? false,
      mailbox: emptyMailbox(),
    };
    watchMailbox(user.mailbox, (change) => this.onChange?.(change));
    this.usersByKey.set(user.id.toLowerCase(), user);
    this.usersByKey.set(user.address.toLowerCase(), user);
    return user;
  }

  usersOf(tenantId: string): UserRecord[] {
    const seen = new Set<UserRecord>();
    for (const u of this.usersByKey.values()) if (u.tenantId.toLowerCase() === tenantId.toLowerCase()) seen.add(u);
    return [...seen].sort((a, b) => a.address.localeCompare(b.address));
  }

  allUsers(): UserRecord[] {
    return [...new Set(this.usersByKey.values())];
  }
}
