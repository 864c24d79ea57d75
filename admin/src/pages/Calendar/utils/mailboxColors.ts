// One design-system colour family per mailbox, so "All mailboxes" tells them apart; the theme's shades
// of each family follow Strapi's light and dark themes.
export const MAILBOX_COLORS = ['primary', 'success', 'warning', 'alternative', 'secondary', 'danger'] as const;
export type MailboxColor = (typeof MAILBOX_COLORS)[number];

/** The colour of a mailbox by its place in the picker's list (unknown mailboxes share the first). */
export function mailboxColor(order: readonly string[], documentId: string | undefined): MailboxColor {
  const index = documentId ? order.indexOf(documentId) : -1;
  return MAILBOX_COLORS[Math.max(0, index) % MAILBOX_COLORS.length];
}
