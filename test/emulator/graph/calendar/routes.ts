// Graph calendar endpoints: events CRUD (transactionId, If-Match), instances, calendarView and its delta.
import type { EmulatorCore } from '../../core/core';
import { GraphHttpError, json, noContent, graphError, queryParam, type EmRequest } from '../../core/http';
import { ROLES, type GraphCtx } from '../../core/graphRoute';
import { preferredTimeZone, resolveTimeZone, localToUtc } from '../../core/time';
import { applySelect, contextUrl, linkWith, parseJsonBody, preferenceApplied } from '../odata';
import { requestedPageSize, type DeltaSource } from '../delta';
import { cancelledOccurrencesOf, checkIfMatch, createEvent, noteMeetingMessage, deleteInstance, instancesInWindow, renderEvent, requireInstance, updateInstance, findInstance } from './events';
import type { UserRecord } from '../../state/model';
import { respondDelta } from '../deltaResponse';

function outZone(req: EmRequest): string | undefined {
  const tz = preferredTimeZone(req.headers.prefer);
  if (tz && !resolveTimeZone(tz)) {
    throw new GraphHttpError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${tz}'.`);
  }
  return tz;
}

/** startDateTime/endDateTime of a calendar view; without an offset they are read in the Prefer zone or UTC. */
function windowOf(params: Record<string, string | null>, req: EmRequest): { from: number; to: number } {
  const start = params.startDateTime;
  const end = params.endDateTime;
  if (!start || !end) {
    throw new GraphHttpError(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
  }
  const zone = resolveTimeZone(preferredTimeZone(req.headers.prefer)) ?? 'UTC';
  try {
    const from = localToUtc(start, zone);
    const to = localToUtc(end, zone);
    return { from, to };
  } catch {
    throw new GraphHttpError(400, 'ErrorInvalidParameter', 'The parameter \'StartDateTime\' or \'EndDateTime\' does not have a valid value.');
  }
}

function eventsSource(user: UserRecord, from: number, to: number, req: EmRequest): DeltaSource {
  const tz = outZone(req);
  let inWindow: Set<string> = new Set();
  return {
    snapshot: () => {
      const instances = instancesInWindow(user, from, to);
      inWindow = new Set(instances.map((i) => i.master.id));
      return instances.map((i) => ({ id: i.id, version: i.version }));
    },
    // Singles and whole series outside the window ("event: delta": changes to them come as @removed).
    outside: () => [...user.mailbox.events.values()].filter((ev) => !inWindow.has(ev.id)).map((ev) => ({ id: ev.id, version: ev.changeKey })),
    render: (id) => {
      const inst = findInstance(user, id);
      return inst ? { '@odata.type': '#microsoft.graph.event', ...renderEvent(user, inst, tz) } : undefined;
    },
    removed: (id) => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } }),
  };
}

/** "event: delta" (v1.0): on a calendar view $select, $orderby, $filter, $search and $expand are not supported, nor $top (page size is Prefer: odata.maxpagesize). */
const UNSUPPORTED_ON_CALENDAR_VIEW_DELTA = ['$select', '$orderby', '$filter', '$search', '$expand', '$top'];

function calendarViewDelta(ctx: GraphCtx) {
  const { req, user, core } = ctx;
  const unsupported = [...req.query.keys()].filter((k) => UNSUPPORTED_ON_CALENDAR_VIEW_DELTA.includes(k.toLowerCase()));
  if (unsupported.length) {
    throw new GraphHttpError(400, 'ErrorInvalidUrlQuery', `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${unsupported.join(', ')}'.`);
  }
  const initial: Record<string, string> = {};
  const startDateTime = queryParam(req, 'startDateTime');
  const endDateTime = queryParam(req, 'endDateTime');
  const hasToken = req.query.has('$skiptoken') || req.query.has('$deltatoken') || req.query.has('$deltaToken') || req.query.has('$skipToken');
  if (!hasToken) {
    windowOf({ startDateTime, endDateTime }, req); // validates
    initial.startDateTime = startDateTime as string;
    initial.endDateTime = endDateTime as string;
  }
  const path = `/v1.0/users/${encodeURIComponent(user.id)}/calendarView/delta`;
  return respondDelta(ctx, {
    scopeKey: `calendarView|${user.id}`,
    linkPath: path,
    initialParams: initial,
    build: (params) => {
      const w = windowOf(params, req);
      return eventsSource(user, w.from, w.to, req);
    },
    context: contextUrl(req, 'Collection(event)'),
    headers: preferenceApplied(req),
    pageSize: requestedPageSize(req.headers.prefer, null, core.config.defaultPageSize),
  });
}

function listPage(req: EmRequest, items: Array<Record<string, unknown>>, path: string, context: string, fallback: number, extraParams: Record<string, string> = {}) {
  const top = Number(req.query.get('$top') ?? 0) || 0;
  const skip = Number(req.query.get('$skip') ?? 0) || 0;
  const pref = requestedPageSize(req.headers.prefer, null, top || fallback);
  const size = top ? Math.min(top, pref.size) : pref.size;
  const page = items.slice(skip, skip + size);
  const body: Record<string, unknown> = { '@odata.context': context, value: page.map((i) => applySelect(i, req.query.get('$select'))) };
  if (skip + size < items.length) {
    const params: Record<string, string> = { ...extraParams, $skip: String(skip + size) };
    if (top) params.$top = String(top);
    if (req.query.get('$select')) params.$select = req.query.get('$select') as string;
    body['@odata.nextLink'] = linkWith(req, path, params);
  }
  return json(200, body, preferenceApplied(req, pref.applied ? [pref.applied] : []));
}

function calendarView(ctx: GraphCtx) {
  const { req, user, core } = ctx;
  const params = { startDateTime: queryParam(req, 'startDateTime'), endDateTime: queryParam(req, 'endDateTime') };
  const w = windowOf(params, req);
  const tz = outZone(req);
  const items = instancesInWindow(user, w.from, w.to).map((i) => renderEvent(user, { master: i.master, date: i.date }, tz));
  return listPage(req, items, `/v1.0/users/${encodeURIComponent(user.id)}/calendarView`, contextUrl(req, `users('${user.id}')/calendarView`), core.config.defaultPageSize, params as Record<string, string>);
}

function listEvents(ctx: GraphCtx) {
  const { req, user, core } = ctx;
  const tz = outZone(req);
  const items = [...user.mailbox.events.values()].map((ev) => renderEvent(user, { master: ev }, tz));
  return listPage(req, items, `/v1.0/users/${encodeURIComponent(user.id)}/events`, contextUrl(req, `users('${user.id}')/events`), core.config.defaultPageSize);
}

function postEvent(ctx: GraphCtx) {
  const { req, user } = ctx;
  const tz = outZone(req);
  const { event, created } = createEvent(user, parseJsonBody(req));
  if (created) noteMeetingMessage(user, { master: event }, 'request');
  // A retried create with the same transactionId answers like the first one did.
  return json(201, { '@odata.context': contextUrl(req, `users('${user.id}')/events/$entity`), ...renderEvent(user, { master: event }, tz) }, {
    location: `${req.origin}/v1.0/users/${encodeURIComponent(user.id)}/events/${encodeURIComponent(event.id)}`,
    ...preferenceApplied(req),
  });
}

/** True when $select names the property (matched as applySelect matches). */
function selects(req: EmRequest, property: string): boolean {
  const select = req.query.get('$select');
  return Boolean(select && select.split(',').some((s) => s.trim() === property));
}

function getEvent(ctx: GraphCtx, params: Record<string, string>) {
  const { req, user } = ctx;
  const inst = requireInstance(user, params.id);
  const body = renderEvent(user, inst, outZone(req));
  // Only a series master read by its own id, and only on $select.
  if (!inst.date && inst.master.data.recurrence && selects(req, 'cancelledOccurrences')) body.cancelledOccurrences = cancelledOccurrencesOf(inst.master);
  return json(200, { '@odata.context': contextUrl(req, `users('${user.id}')/events/$entity`), ...applySelect(body, req.query.get('$select')) }, { etag: String(body['@odata.etag']), ...preferenceApplied(req) });
}

function patchEvent(ctx: GraphCtx, params: Record<string, string>) {
  const { req, user } = ctx;
  const patch = parseJsonBody(req);
  const inst = updateInstance(user, params.id, patch, req.headers['if-match']);
  noteMeetingMessage(user, inst, 'update', patch);
  return json(200, { '@odata.context': contextUrl(req, `users('${user.id}')/events/$entity`), ...renderEvent(user, inst, outZone(req)) }, preferenceApplied(req));
}

function deleteEvent(ctx: GraphCtx, params: Record<string, string>) {
  const inst = requireInstance(ctx.user, params.id);
  checkIfMatch(inst, ctx.req.headers['if-match']);
  noteMeetingMessage(ctx.user, inst, 'cancellation');
  deleteInstance(ctx.user, params.id, ctx.req.headers['if-match']);
  return noContent();
}

function instances(ctx: GraphCtx, params: Record<string, string>) {
  const { req, user, core } = ctx;
  const inst = requireInstance(user, params.id);
  if (inst.date || !inst.master.data.recurrence) {
    return graphError(req, 400, 'ErrorInvalidRequest', 'The specified item is not a recurring series master.');
  }
  const q = { startDateTime: queryParam(req, 'startDateTime'), endDateTime: queryParam(req, 'endDateTime') };
  const w = windowOf(q, req);
  const tz = outZone(req);
  const items = instancesInWindow(user, w.from, w.to, inst.master).map((i) => renderEvent(user, { master: i.master, date: i.date }, tz));
  return listPage(req, items, `/v1.0/users/${encodeURIComponent(user.id)}/events/${encodeURIComponent(params.id)}/instances`, contextUrl(req, 'Collection(event)'), core.config.defaultPageSize, q as Record<string, string>);
}

/** The primary calendar: connection checks read it to prove calendar access to a mailbox. */
function primaryCalendar(ctx: GraphCtx) {
  const { user, req } = ctx;
  return json(200, {
    '@odata.context': contextUrl(req, `users('${user.id}')/calendar/$entity`),
    id: `AAMkAGCal${Buffer.from(user.id).toString('base64url')}`,
    name: 'Calendar',
    color: 'auto',
    hexColor: '',
    isDefaultCalendar: true,
    changeKey: 'nfZyf7VcrEKLNoU37KWlkQAAAAACBQ==',
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness',
    isTallyingResponses: true,
    isRemovable: false,
    owner: { name: user.displayName, address: user.address },
  });
}

export function registerCalendarRoutes(core: EmulatorCore): void {
  const read = { service: 'calendar' as const, anyRole: [...ROLES.calendarsRead] };
  const write = { service: 'calendar' as const, anyRole: [...ROLES.calendarsWrite] };
  const r = core.graphRouter;
  r.add('GET', '/v1.0/users/{user}/calendar', { spec: read, handler: primaryCalendar, renders: 'calendar' });
  for (const prefix of ['/v1.0/users/{user}', '/v1.0/users/{user}/calendar']) {
    r.add('GET', `${prefix}/calendarView/delta`, { spec: read, handler: calendarViewDelta, renders: 'event' });
    r.add('GET', `${prefix}/calendarView`, { spec: read, handler: calendarView, renders: 'event' });
    r.add('GET', `${prefix}/events`, { spec: read, handler: listEvents, renders: 'event' });
    r.add('POST', `${prefix}/events`, { spec: write, handler: postEvent, accepts: { type: 'event' }, renders: 'event' });
    r.add('GET', `${prefix}/events/{id}/instances`, { spec: read, handler: instances, renders: 'event' });
    r.add('GET', `${prefix}/events/{id}`, { spec: read, handler: getEvent, renders: 'event' });
    r.add('PATCH', `${prefix}/events/{id}`, { spec: write, handler: patchEvent, accepts: { type: 'event' }, renders: 'event' });
    r.add('DELETE', `${prefix}/events/{id}`, { spec: write, handler: deleteEvent });
  }
}
