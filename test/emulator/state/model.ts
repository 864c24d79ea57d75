// The emulator's in-memory model of tenants, app registrations and mailbox contents.

/** A client secret of an app registration (Graph's passwordCredential), with the value the token endpoint checks. */
export interface PasswordCredentialRecord {
  keyId: string;
  displayName: string | null;
  /** The first three characters of the secret, as Graph gives them. */
  hint: string | null;
  startDateTime: string;
  endDateTime: string;
  /** The secret's value: never rendered (Graph returns secretText only when addPassword creates it). */
  value?: string;
}

export interface AppRegistration {
  clientId: string;
  /** The application object's id (Object ID in the portal), not the client ID. */
  objectId: string;
  displayName: string;
  secret?: string;
  secretExpired: boolean;
  /** The app's client secrets as GET /applications renders them; the one whose value is `secret` is the one in use. */
  passwordCredentials: PasswordCredentialRecord[];
  /** SHA-1 or SHA-256 thumbprint (hex or base64url) of a certificate credential. */
  certificateThumbprint?: string;
  /** Application roles granted with admin consent, e.g. 'Calendars.ReadWrite'. */
  permissions: string[];
  /** Mailboxes an Exchange application access policy keeps this app away from (lower-case). */
  blockedMailboxes: string[];
}

export interface Tenant {
  tenantId: string;
  domain: string;
  apps: Map<string, AppRegistration>;
}

export interface StoredEvent {
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  /** Graph event properties as last written (start/end as given, with their time zones). */
  data: Record<string, unknown>;
  startMs: number;
  endMs: number;
  /** IANA zone of start: recurrence expands in it. */
  zone: string;
  /** Occurrence edits keyed by the occurrence's original local start date (YYYY-MM-DD). */
  exceptions: Map<string, OccurrenceException>;
  /** Cancelled (deleted) occurrences by original local start date; Graph lists them in cancelledOccurrences. */
  cancelled: Map<string, { lastModifiedDateTime: string; changeKey: string }>;
  /**
   * The version calendarView delta gives the series' plain occurrences: it follows the series'
   * content, so cancelling one occurrence (a change to the master) does not re-list its siblings.
   */
  occurrenceVersion: string;
}

export interface OccurrenceException {
  changeKey: string;
  lastModifiedDateTime: string;
  patch: Record<string, unknown>;
  startMs: number;
  endMs: number;
}

export interface TaskRecord {
  id: string;
  listId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  data: Record<string, unknown>;
}

export interface TodoListRecord {
  id: string;
  displayName: string;
  wellknownListName: 'defaultList' | 'flaggedEmails' | 'none';
  changeKey: string;
  lastModifiedDateTime: string;
  tasks: Map<string, TaskRecord>;
}

export interface MailFolderRecord {
  id: string;
  displayName: string;
  wellKnownName?: string;
  parentFolderId: string;
}

export interface MessageRecord {
  id: string;
  folderId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  receivedMs: number;
  data: Record<string, unknown>;
}

/** A mail Exchange sends a meeting's attendees on the organizer's behalf (never a message in this mailbox's folders). */
export interface MeetingMessage {
  kind: 'request' | 'update' | 'cancellation';
  eventId: string;
  subject: string;
  to: string[];
  sentDateTime: string;
}

export interface MailboxData {
  events: Map<string, StoredEvent>;
  /** Meeting requests, updates and cancellations the Graph API's writes made Exchange send, oldest first. */
  meetingMessages: MeetingMessage[];
  eventIdByTransaction: Map<string, string>;
  todoLists: Map<string, TodoListRecord>;
  folders: Map<string, MailFolderRecord>;
  messages: Map<string, MessageRecord>;
}

export interface UserRecord {
  id: string;
  tenantId: string;
  /** userPrincipalName and mail (the same here). */
  address: string;
  displayName: string;
  shared: boolean;
  mailbox: MailboxData;
}
