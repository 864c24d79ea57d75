// Graph's dateTimeTimeZone ⇄ the task's UTC instants and plain due dates. Pure: no clock, no I/O.
// Graph names zones the Windows way ("Eastern Standard Time") unless asked otherwise; To Do answers
// in UTC by default. Only the zones To Do users commonly have are mapped; an unknown zone is an
// item error (thrown), never a silent shift.

export interface GraphDateTime {
  dateTime: string;
  timeZone?: string | null;
}

/** Windows zone name → IANA (CLDR's windowsZones "001" territory). */
const WINDOWS_ZONES: Record<string, string> = {
  'Dateline Standard Time': 'Etc/GMT+12',
  'UTC-11': 'Etc/GMT+11',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'SA Pacific Standard Time': 'America/Bogota',
  'Eastern Standard Time': 'America/New_York',
  'US Eastern Standard Time': 'America/Indianapolis',
  'Atlantic Standard Time': 'America/Halifax',
  'SA Western Standard Time': 'America/La_Paz',
  'Pacific SA Standard Time': 'America/Santiago',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Buenos_Aires',
  'SA Eastern Standard Time': 'America/Cayenne',
  'UTC-02': 'Etc/GMT+2',
  'Azores Standard Time': 'Atlantic/Azores',
  'Cape Verde Standard Time': 'Atlantic/Cape_Verde',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'GTB Standard Time': 'Europe/Bucharest',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Egypt Standard Time': 'Africa/Cairo',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Arab Standard Time': 'Asia/Riyadh',
  'Russian Standard Time': 'Europe/Moscow',
  'E. Africa Standard Time': 'Africa/Nairobi',
  'Iran Standard Time': 'Asia/Tehran',
  'Arabian Standard Time': 'Asia/Dubai',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Calcutta',
  'Nepal Standard Time': 'Asia/Katmandu',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'W. Australia Standard Time': 'Australia/Perth',
  'Taipei Standard Time': 'Asia/Taipei',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'AUS Central Standard Time': 'Australia/Darwin',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'Tasmania Standard Time': 'Australia/Hobart',
  'UTC+12': 'Etc/GMT-12',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Fiji Standard Time': 'Pacific/Fiji',
  'Tonga Standard Time': 'Pacific/Tongatapu',
  'Samoa Standard Time': 'Pacific/Apia',
  'Line Islands Standard Time': 'Pacific/Kiritimati',
};

const validZones = new Map<string, boolean>();

function isIanaZone(name: string): boolean {
  let ok = validZones.get(name);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(name, ok);
  }
  return ok;
}

/** IANA name for a Graph zone (Windows or IANA); missing means UTC, as Graph answers by default. */
export function resolveZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  const mapped = WINDOWS_ZONES[zone];
  if (mapped) return mapped;
  if (isIanaZone(zone)) return zone;
  throw new RangeError(`Unsupported time zone "${zone}": use an IANA name or a Windows zone name Microsoft Graph uses.`);
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

function parseWall(value: string): Wall {
  const m = WALL.exec(value.trim());
  if (!m) throw new RangeError(`"${value}" is not a Graph date-time (YYYY-MM-DDTHH:mm:ss[.fffffff]).`);
  // Graph writes 7 fractional digits; Strapi keeps milliseconds.
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return { y: +m[1], mo: +m[2], d: +m[3], h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), ms };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallIn(ms: number, zone: string): Wall {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year, mo: parts.month, d: parts.day, h: parts.hour, mi: parts.minute, s: parts.second, ms: ((ms % 1000) + 1000) % 1000 };
}

const wallAsUtc = (w: Wall) => Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms);

/** The UTC instant of a wall-clock time in an IANA zone (a DST gap resolves forward, an overlap to its first instant). */
export function wallToUtcMs(value: string, zone: string): number {
  const wall = parseWall(value);
  const guess = wallAsUtc(wall);
  const offsetAt = (ms: number) => wallAsUtc(wallIn(ms, zone)) - ms;
  // The offsets in force a day either side cover any single transition near this time.
  const before = guess - offsetAt(guess - 86_400_000);
  const after = guess - offsetAt(guess + 86_400_000);
  const valid = [before, after].filter((ms) => wallAsUtc(wallIn(ms, zone)) === guess).sort((a, b) => a - b);
  return valid.length > 0 ? valid[0] : before;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateOf = (w: Wall) => `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;

/** Graph dateTimeTimeZone → UTC ISO with milliseconds (Strapi's datetime shape); null stays null. */
export function graphToIso(value: GraphDateTime | null | undefined): string | null {
  if (!value || typeof value.dateTime !== 'string') return null;
  return new Date(wallToUtcMs(value.dateTime, resolveZone(value.timeZone))).toISOString();
}

/** A Strapi datetime (ISO string or Date) → Graph dateTimeTimeZone in UTC with Graph's 7 digits. */
export function isoToGraph(value: string | Date | null | undefined): GraphDateTime | null {
  const iso = normaliseIso(value);
  if (!iso) return null;
  return { dateTime: iso.replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
}

/** Any datetime a Strapi entry may hold → canonical ISO with milliseconds, or null. */
export function normaliseIso(value: string | Date | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`"${String(value)}" is not a date-time.`);
  return new Date(ms).toISOString();
}

/** A Strapi `date` (YYYY-MM-DD, or a Date/ISO some databases hand back) → YYYY-MM-DD, or null. */
export function normaliseDate(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  if (!m) throw new RangeError(`"${value}" is not a date (YYYY-MM-DD).`);
  return m[1];
}

/**
 * UTC hour from which a UTC-stamped due time is read as the next day's local midnight. To Do keeps a
 * due *date*, stored as midnight in the user's zone and answered in UTC: 2020-08-25 in New York
 * comes back as 2020-08-25T04:00Z, in Berlin as 2020-08-24T22:00Z. Zones UTC-10..UTC+0 land on
 * 00:00..10:00 of the same day, zones UTC+1..UTC+13 on 11:00..23:00 of the day before; only
 * UTC-11/-12 and UTC+14 (a few Pacific islands) are misread without a hint zone.
 */
export const NEXT_DAY_FROM_UTC_HOUR = 11;

/**
 * Graph dueDateTime → the due date (YYYY-MM-DD) with no time-zone drift:
 * 1. midnight in the zone Graph names → that date (our own writes, or answers in a Prefer'd zone);
 * 2. another time in a named non-UTC zone → the wall date there (the date the user picked);
 * 3. a UTC time that is not midnight → the mailbox's zone if known (`hintZone`), else the nearest
 *    local midnight by NEXT_DAY_FROM_UTC_HOUR.
 */
export function graphToDueDate(value: GraphDateTime | null | undefined, hintZone?: string): string | null {
  if (!value || typeof value.dateTime !== 'string') return null;
  const zone = resolveZone(value.timeZone);
  const wall = parseWall(value.dateTime);
  if (wall.h === 0 && wall.mi === 0 && wall.s === 0 && wall.ms === 0) return dateOf(wall);
  const utcMs = wallToUtcMs(value.dateTime, zone);
  if (zone !== 'UTC' && zone !== 'Etc/UTC') return dateOf(wallIn(utcMs, zone));
  if (hintZone) return dateOf(wallIn(utcMs, resolveZone(hintZone)));
  const shifted = wall.h >= NEXT_DAY_FROM_UTC_HOUR ? utcMs + 24 * 3600_000 : utcMs;
  return new Date(shifted).toISOString().slice(0, 10);
}

/** Due date → Graph dueDateTime: midnight of that date in `zone` (UTC unless the mailbox's zone is known). */
export function dueDateToGraph(date: string | null | undefined, zone = 'UTC'): GraphDateTime | null {
  const day = normaliseDate(date ?? null);
  if (!day) return null;
  resolveZone(zone);
  return { dateTime: `${day}T00:00:00.0000000`, timeZone: zone };
}
