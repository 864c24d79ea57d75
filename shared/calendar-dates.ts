// Plain calendar-date arithmetic on YYYY-MM-DD strings, zone-free (computed in UTC), shared by the
// recurrence expansion, the Graph emulator and the admin's calendar view.

const DAY_MS = 86400000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dateToDays(date: string): number {
  return Math.floor(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

export function daysToDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return daysToDate(dateToDays(date) + n);
}

/** 0 = Sunday … 6 = Saturday */
export function weekdayOf(date: string): number {
  return (((dateToDays(date) % 7) + 7 + 4) % 7);
}

export function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

export function makeDate(year: number, month1: number, day: number): string {
  return `${pad(year, 4)}-${pad(month1)}-${pad(day)}`;
}
