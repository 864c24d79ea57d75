// Expands Graph's patternedRecurrence into occurrence dates (local calendar dates in the recurrence time
// zone): all six pattern types and the three range types, as Outlook interprets them. One copy for the
// Graph emulator (which serves the occurrences) and the admin's calendar view (which draws them).
import { addDays, dateToDays, daysInMonth, makeDate, weekdayOf } from './calendar-dates';

export const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const PATTERN_TYPES = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'];
const RANGE_TYPES = ['endDate', 'noEnd', 'numbered'];
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'];
/** Guards against runaway expansion of noEnd series. */
const MAX_OCCURRENCES = 10_000;

export interface RecurrencePattern {
  type: string;
  interval?: number;
  month?: number;
  dayOfMonth?: number;
  daysOfWeek?: string[];
  firstDayOfWeek?: string;
  index?: string;
}

export interface RecurrenceRange {
  type: string;
  startDate?: string;
  endDate?: string | null;
  recurrenceTimeZone?: string | null;
  numberOfOccurrences?: number;
}

export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Problem with the recurrence, in words close to Graph's, or undefined when valid. */
export function recurrenceProblem(r: PatternedRecurrence): string | undefined {
  const { pattern: p, range } = r ?? ({} as PatternedRecurrence);
  if (!p || !range) return 'Recurrence must have both pattern and range.';
  if (!PATTERN_TYPES.includes(p.type)) return `Recurrence pattern type '${p.type}' is not valid.`;
  if (!RANGE_TYPES.includes(range.type)) return `Recurrence range type '${range.type}' is not valid.`;
  if (!Number.isInteger(p.interval ?? 1) || (p.interval ?? 1) < 1) return 'Recurrence pattern interval must be a positive integer.';
  if (range.startDate && !DATE_RE.test(range.startDate)) return 'Recurrence range startDate must be a date (yyyy-MM-dd).';
  if (range.type === 'endDate' && (!range.endDate || !DATE_RE.test(range.endDate))) return 'Recurrence range endDate is required for an endDate range.';
  if (range.type === 'endDate' && range.startDate && range.endDate && range.endDate < range.startDate) return 'The recurrence range end date must be on or after its start date.';
  if (range.type === 'numbered' && (!Number.isInteger(range.numberOfOccurrences) || (range.numberOfOccurrences ?? 0) < 1)) return 'Recurrence range numberOfOccurrences must be a positive integer.';
  const days = p.daysOfWeek ?? [];
  if (days.some((d) => !DAY_NAMES.includes(d.toLowerCase() as (typeof DAY_NAMES)[number]))) return 'Recurrence pattern daysOfWeek contains an invalid day.';
  if (['weekly', 'relativeMonthly', 'relativeYearly'].includes(p.type) && days.length === 0) return `Recurrence pattern ${p.type} requires daysOfWeek.`;
  if (['absoluteMonthly', 'absoluteYearly'].includes(p.type) && !(Number(p.dayOfMonth) >= 1 && Number(p.dayOfMonth) <= 31)) return `Recurrence pattern ${p.type} requires dayOfMonth between 1 and 31.`;
  if (['absoluteYearly', 'relativeYearly'].includes(p.type) && !(Number(p.month) >= 1 && Number(p.month) <= 12)) return `Recurrence pattern ${p.type} requires month between 1 and 12.`;
  if (['relativeMonthly', 'relativeYearly'].includes(p.type) && p.index && !INDEXES.includes(p.index)) return `Recurrence pattern index '${p.index}' is not valid.`;
  return undefined;
}

function dayNumbers(days: string[] | undefined): number[] {
  return (days ?? []).map((d) => DAY_NAMES.indexOf(d.toLowerCase() as (typeof DAY_NAMES)[number])).filter((n) => n >= 0);
}

/** The index-th (first…fourth, last) date in the month whose weekday is one of `days`. */
function relativeDay(year: number, month1: number, days: number[], index: string | undefined): string | undefined {
  const matches: string[] = [];
  for (let d = 1; d <= daysInMonth(year, month1); d++) {
    const date = makeDate(year, month1, d);
    if (days.includes(weekdayOf(date))) matches.push(date);
  }
  if (matches.length === 0) return undefined;
  if (index === 'last') return matches[matches.length - 1];
  return matches[INDEXES.indexOf(index ?? 'first')];
}

/** Candidate dates of the pattern in ascending order, starting from the range start (unbounded). */
function* candidates(p: RecurrencePattern, start: string): Generator<string> {
  const interval = p.interval ?? 1;
  const sy = Number(start.slice(0, 4));
  const sm = Number(start.slice(5, 7));
  switch (p.type) {
    case 'daily':
      for (let d = dateToDays(start); ; d += interval) yield addDays('1970-01-01', d);
    case 'weekly': {
      const first = DAY_NAMES.indexOf((p.firstDayOfWeek ?? 'sunday').toLowerCase() as (typeof DAY_NAMES)[number]);
      const weekStart = addDays(start, -((weekdayOf(start) - first + 7) % 7));
      const offsets = dayNumbers(p.daysOfWeek).map((d) => (d - first + 7) % 7).sort((a, b) => a - b);
      for (let w = 0; ; w += interval) {
        for (const off of offsets) {
          const date = addDays(weekStart, w * 7 + off);
          if (date >= start) yield date;
        }
      }
    }
    case 'absoluteMonthly':
    case 'relativeMonthly':
      for (let k = 0; ; k += interval) {
        const y = sy + Math.floor((sm - 1 + k) / 12);
        const m = ((sm - 1 + k) % 12) + 1;
        const date =
          p.type === 'absoluteMonthly'
            ? makeDate(y, m, Math.min(Number(p.dayOfMonth), daysInMonth(y, m)))
            : relativeDay(y, m, dayNumbers(p.daysOfWeek), p.index);
        if (date && date >= start) yield date;
      }
    case 'absoluteYearly':
    case 'relativeYearly':
      for (let y = sy; ; y += interval) {
        const m = Number(p.month);
        const date =
          p.type === 'absoluteYearly'
            ? makeDate(y, m, Math.min(Number(p.dayOfMonth), daysInMonth(y, m)))
            : relativeDay(y, m, dayNumbers(p.daysOfWeek), p.index);
        if (date && date >= start) yield date;
      }
    default:
      return;
  }
}

/** Occurrence dates from the range start up to `until` (inclusive, local date), honouring the range. */
export function occurrenceDates(r: PatternedRecurrence, rangeStart: string, until: string): string[] {
  const out: string[] = [];
  const last = r.range.type === 'endDate' && r.range.endDate && r.range.endDate < until ? r.range.endDate : until;
  const count = r.range.type === 'numbered' ? (r.range.numberOfOccurrences ?? 0) : Infinity;
  for (const date of candidates(r.pattern, rangeStart)) {
    if (date > last || out.length >= count || out.length >= MAX_OCCURRENCES) break;
    out.push(date);
  }
  return out;
}
