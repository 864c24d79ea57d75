// The shapes the Content Manager's list API returns for the plugin's entries (the fields asked for).
import type { StoredEvent } from '../../../../../shared/event-occurrences';

export interface MailboxRef {
  documentId: string;
  address: string;
  displayName?: string | null;
}

export type EventEntry = StoredEvent & { mailbox?: MailboxRef | null };

export interface TaskEntry {
  documentId: string;
  title: string | null;
  dueDate: string | null;
  taskStatus: string | null;
  importance: string | null;
  listName: string | null;
  mailbox?: MailboxRef | null;
}

/** How a mailbox is named on the page: its display name, else its address. */
export const mailboxLabel = (mailbox: MailboxRef) => mailbox.displayName || mailbox.address;
