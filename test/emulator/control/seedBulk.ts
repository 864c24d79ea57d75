// Bulk seeding for benchmarks: thousands of items in milliseconds, bypassing per-item validation paths
// that only matter for client input.
import type { UserRecord } from '../state/model';
import { createEvent } from '../graph/calendar/events';
import { createMessage } from '../graph/mail/messages';

export interface SeedEventsOptions {
  /** First event start (ISO, default: now rounded to the hour). */
  start?: string;
  /** Minutes between consecutive event starts (default 60). */
  spacingMinutes?: number;
  durationMinutes?: number;
  subjectPrefix?: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '').replace(/\.(\d{3})$/, '.$10000');

export function seedEvents(user: UserRecord, n: number, opts: SeedEventsOptions = {}): number {
  const base = opts.start ? Date.parse(opts.start) : Math.floor(Date.now() / 3600000) * 3600000;
  const spacing = (opts.spacingMinutes ?? 60) * 60000;
  const duration = (opts.durationMinutes ?? 30) * 60000;
  const prefix = opts.subjectPrefix ?? 'Seeded event';
  for (let i = 0; i < n; i++) {
    const s = base + i * spacing;
    createEvent(user, {
      subject: `${prefix} ${i + 1}`,
      body: { contentType: 'text', content: `Seeded event number ${i + 1}` },
      start: { dateTime: iso(s), timeZone: 'UTC' },
      end: { dateTime: iso(s + duration), timeZone: 'UTC' },
    });
  }
  return n;
}

export interface SeedMessagesOptions {
  /** receivedDateTime of the newest message (ISO, default now); older ones step back. */
  newest?: string;
  spacingMinutes?: number;
  subjectPrefix?: string;
  from?: string;
}

export function seedMessages(user: UserRecord, folder: string, n: number, opts: SeedMessagesOptions = {}): number {
  const newest = opts.newest ? Date.parse(opts.newest) : Date.now();
  const spacing = (opts.spacingMinutes ?? 10) * 60000;
  const prefix = opts.subjectPrefix ?? 'Seeded message';
  const from = { emailAddress: { name: 'Seeder', address: opts.from ?? 'seeder@fabrikam.example' } };
  for (let i = 0; i < n; i++) {
    createMessage(user, folder, {
      subject: `${prefix} ${i + 1}`,
      body: { contentType: 'text', content: `Seeded message number ${i + 1}` },
      from,
      toRecipients: [{ emailAddress: { name: user.displayName, address: user.address } }],
      receivedDateTime: new Date(newest - i * spacing).toISOString(),
    });
  }
  return n;
}
