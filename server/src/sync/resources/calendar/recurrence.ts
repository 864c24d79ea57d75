// Graph's patternedRecurrence in one canonical shape, and the checks JSON typed in the Content Manager
// must pass before it is sent to Outlook.
//
// Graph returns every pattern and range member whatever the type ("month": 0, "dayOfMonth": 0,
// "index": "first", "endDate": "0001-01-01", "numberOfOccurrences": 0 …, see the "Create event"
// recurring example), while a person writes only the members that matter. The canonical form keeps
// exactly the members each type uses, with Graph's defaults filled in, so both read the same.
import { canonicalZone } from '../../../../../shared/time/graph-time';
import { isValidDate } from './time';

import type * as Graph from '@microsoft/microsoft-graph-types';
import { DAYS_OF_WEEK, PATTERN_TYPES, RANGE_TYPES, WEEK_INDEXES, type Accepts } from '../../../../../shared/enums';

export { DAYS_OF_WEEK, PATTERN_TYPES, RANGE_TYPES, WEEK_INDEXES };

export type PatternType = (typeof PATTERN_TYPES)[number];
export type RangeType = (typeof RANGE_TYPES)[number];
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];
export type WeekIndex = (typeof WEEK_INDEXES)[number];

export interface RecurrencePattern {
  type: PatternType;
  interval: number;
  daysOfWeek?: DayOfWeek[];
  firstDayOfWeek?: DayOfWeek;
  index?: WeekIndex;
  dayOfMonth?: number;
  month?: number;
}

export interface RecurrenceRange {
  type: RangeType;
  startDate: string;
  endDate?: string;
  numberOfOccurrences?: number;
  /** Only when it differs from the event's own zone (Graph fills it in with the event's zone). */
  recurrenceTimeZone?: string;
}

export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

/** What is sent to Outlook is a patternedRecurrence as Graph's schema defines it. */
export type GraphsRecurrence = Accepts<PatternedRecurrence, Graph.PatternedRecurrence>;

export interface RecurrenceContext {
  /** The series' first date in its zone: the default range.startDate. */
  startDate: string;
  /** Canonical zone of the event (see canonicalZone). */
  eventZone: string;
}

export type RecurrenceResult = { ok: true; value: PatternedRecurrence | null } | { ok: false; problems: string[] };

/** Days in a month for dayOfMonth checks; February allows 29 because yearly series skip short years. */
const MAX_DAY = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === lower);
}

/**
 * Checks and canonicalises a recurrence from either side. null/undefined mean a single event. Problems
 * are listed with their JSON path so a bad Content Manager edit can be reported as an item error.
 */
export function normaliseRecurrence(raw: unknown, ctx: RecurrenceContext): RecurrenceResult {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  let input = raw;
  if (typeof input === 'string') {
    if (input.trim() === '') return { ok: true, value: null };
    try {
      input = JSON.parse(input);
    } catch {
      return { ok: false, problems: ['recurrence: not valid JSON'] };
    }
  }
  if (!isRecord(input)) return { ok: false, problems: ['recurrence: must be an object with pattern and range'] };
  const problems: string[] = [];
  const pattern = patternOf(input.pattern, problems);
  const range = rangeOf(input.range, ctx, problems);
  if (problems.length > 0 || !pattern || !range) return { ok: false, problems };
  return { ok: true, value: { pattern, range } };
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

function patternOf(raw: unknown, problems: string[]): RecurrencePattern | undefined {
  if (!isRecord(raw)) {
    problems.push('recurrence.pattern: required object');
    return undefined;
  }
  const type = pick(PATTERN_TYPES, raw.type);
  if (!type) {
    problems.push(`recurrence.pattern.type: one of ${PATTERN_TYPES.join(', ')}`);
    return undefined;
  }
  const interval = raw.interval === undefined || raw.interval === null ? 1 : positiveInteger(raw.interval);
  if (interval === undefined) problems.push('recurrence.pattern.interval: a whole number from 1');
  const pattern: RecurrencePattern = { type, interval: interval ?? 1 };

  const usesDays = type === 'weekly' || type === 'relativeMonthly' || type === 'relativeYearly';
  const usesDayOfMonth = type === 'absoluteMonthly' || type === 'absoluteYearly';
  const usesMonth = type === 'absoluteYearly' || type === 'relativeYearly';
  const usesIndex = type === 'relativeMonthly' || type === 'relativeYearly';

  if (usesDays) {
    const days = Array.isArray(raw.daysOfWeek) ? raw.daysOfWeek.map((d) => pick(DAYS_OF_WEEK, d)) : [];
    if (days.length === 0 || days.some((d) => d === undefined)) {
      problems.push(`recurrence.pattern.daysOfWeek: a non-empty list of ${DAYS_OF_WEEK.join(', ')} (required for ${type})`);
    } else {
      // Week order, no repeats: Graph does not promise an order, the set is what counts.
      pattern.daysOfWeek = DAYS_OF_WEEK.filter((d) => days.includes(d));
    }
  }
  if (type === 'weekly') {
    const first = raw.firstDayOfWeek === undefined || raw.firstDayOfWeek === null ? 'sunday' : pick(DAYS_OF_WEEK, raw.firstDayOfWeek);
    if (!first) problems.push('recurrence.pattern.firstDayOfWeek: a day name');
    pattern.firstDayOfWeek = first ?? 'sunday';
  }
  if (usesIndex) {
    const index = raw.index === undefined || raw.index === null ? 'first' : pick(WEEK_INDEXES, raw.index);
    if (!index) problems.push(`recurrence.pattern.index: one of ${WEEK_INDEXES.join(', ')}`);
    pattern.index = index ?? 'first';
  }
  if (usesMonth) {
    const month = positiveInteger(raw.month);
    if (month === undefined || month > 12) problems.push(`recurrence.pattern.month: 1 to 12 (required for ${type})`);
    else pattern.month = month;
  }
  if (usesDayOfMonth) {
    const day = positiveInteger(raw.dayOfMonth);
    const max = pattern.month ? MAX_DAY[pattern.month - 1] : 31;
    if (day === undefined || day > max) problems.push(`recurrence.pattern.dayOfMonth: 1 to ${max} (required for ${type})`);
    else pattern.dayOfMonth = day;
  }
  return pattern;
}

function rangeOf(raw: unknown, ctx: RecurrenceContext, problems: string[]): RecurrenceRange | undefined {
  if (!isRecord(raw)) {
    problems.push('recurrence.range: required object');
    return undefined;
  }
  const type = pick(RANGE_TYPES, raw.type);
  if (!type) {
    problems.push(`recurrence.range.type: one of ${RANGE_TYPES.join(', ')}`);
    return undefined;
  }
  const startDate = raw.startDate === undefined || raw.startDate === null || raw.startDate === '' ? ctx.startDate : raw.startDate;
  if (!isValidDate(startDate)) {
    problems.push('recurrence.range.startDate: a date (YYYY-MM-DD)');
    return undefined;
  }
  const range: RecurrenceRange = { type, startDate };
  if (type === 'endDate') {
    if (!isValidDate(raw.endDate)) problems.push('recurrence.range.endDate: a date (YYYY-MM-DD), required for endDate');
    else if (raw.endDate < startDate) problems.push('recurrence.range.endDate: not before startDate');
    else range.endDate = raw.endDate;
  }
  if (type === 'numbered') {
    const count = positiveInteger(raw.numberOfOccurrences);
    if (count === undefined) problems.push('recurrence.range.numberOfOccurrences: a whole number from 1, required for numbered');
    else range.numberOfOccurrences = count;
  }
  if (raw.recurrenceTimeZone !== undefined && raw.recurrenceTimeZone !== null && raw.recurrenceTimeZone !== '') {
    if (typeof raw.recurrenceTimeZone !== 'string') problems.push('recurrence.range.recurrenceTimeZone: a time-zone name');
    else {
      const zone = canonicalZone(raw.recurrenceTimeZone);
      if (zone !== ctx.eventZone) range.recurrenceTimeZone = zone;
    }
  }
  return range;
}
