// Microsoft Graph's enumerations the plugin stores, declared once for the content-type schemas and the
// resource adapters. Each list is checked by the compiler against the type @microsoft/microsoft-graph-types
// generates from Graph's v1.0 schema: a value Graph does not have, or one of Graph's values left out,
// fails to compile.
import type * as Graph from '@microsoft/microsoft-graph-types';

/** The values of a Graph enumeration, all of them and no other (checked at compile time). */
export function graphEnum<G extends string>() {
  return <const L extends readonly G[]>(values: L & ([Exclude<G, L[number]>] extends [never] ? unknown : { missing: Exclude<G, L[number]> })): L => values;
}

/**
 * Compile-time: a shape the plugin keeps in its own canonical form (stricter than Graph's, every member
 * it uses required) is still one Graph's schema accepts. `Accepts<Ours, Graph's>` fails to compile otherwise.
 */
export type Accepts<Ours extends Theirs, Theirs> = Ours;

export const IMPORTANCES = graphEnum<Graph.Importance>()(['low', 'normal', 'high']);
export const SHOW_AS = graphEnum<Graph.FreeBusyStatus>()(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']);
export const SENSITIVITIES = graphEnum<Graph.Sensitivity>()(['normal', 'personal', 'private', 'confidential']);
export const RESPONSES = graphEnum<Graph.ResponseType>()(['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded']);
export const TASK_STATUSES = graphEnum<Graph.TaskStatus>()(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']);
export const BODY_TYPES = graphEnum<Graph.BodyType>()(['html', 'text']);
export const ATTENDEE_TYPES = graphEnum<Graph.AttendeeType>()(['required', 'optional', 'resource']);
export const PATTERN_TYPES = graphEnum<Graph.RecurrencePatternType>()(['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly']);
export const RANGE_TYPES = graphEnum<Graph.RecurrenceRangeType>()(['endDate', 'noEnd', 'numbered']);
export const DAYS_OF_WEEK = graphEnum<Graph.DayOfWeek>()(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);
export const WEEK_INDEXES = graphEnum<Graph.WeekIndex>()(['first', 'second', 'third', 'fourth', 'last']);
