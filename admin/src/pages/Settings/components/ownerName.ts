import type { MailboxOwner } from '../../../api/types';

/** How Strapi names an admin user: first and last name, else username, else email. */
export function ownerName(owner: MailboxOwner): string {
  const full = [owner.firstname, owner.lastname].filter(Boolean).join(' ').trim();
  return full || owner.username || owner.email;
}
