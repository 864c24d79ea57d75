// What happened to a mailbox item, as the change-notification service sees it. The data functions
// (calendar/events, todo/tasks, mail/messages) report here so that every write, through Graph or the
// control API, reaches the subscriptions without each caller having to remember it.
import type { MailboxData, UserRecord } from './model';

export type ItemKind = 'event' | 'message' | 'todoTask';
export type ItemChangeType = 'created' | 'updated' | 'deleted';

export interface ItemChange {
  user: UserRecord;
  kind: ItemKind;
  changeType: ItemChangeType;
  id: string;
  /** The item's change key after the write (before it, for a delete). */
  changeKey: string;
  /** Messages: the folder the message is in (after a move: the new one). */
  folderId?: string;
  /** Messages moved by this write: the folder they left. */
  fromFolderId?: string;
  /** To Do tasks: the list. */
  listId?: string;
}

export type ChangeListener = (change: ItemChange) => void;

const listeners = new WeakMap<MailboxData, ChangeListener>();

export function watchMailbox(mailbox: MailboxData, listener: ChangeListener): void {
  listeners.set(mailbox, listener);
}

export function itemChanged(change: ItemChange): void {
  listeners.get(change.user.mailbox)?.(change);
}
