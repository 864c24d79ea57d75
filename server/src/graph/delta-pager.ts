import type { Client } from '@microsoft/microsoft-graph-client';
import { GatewayError, toGatewayError } from './errors';
import { IMMUTABLE_ID_PREFERENCE, mergePreferHeader, withPreference } from './prefer';

export interface DeltaPage<T = Record<string, unknown>> {
  items: T[];
  /** More pages follow in this round; store it as the cursor once `items` are stored. */
  nextLink?: string;
  /** The round is complete; store it as the cursor for the next sync once `items` are stored. */
  deltaLink?: string;
}

export interface DeltaPagesOptions {
  /**
   * Where to start: an initial delta URL (relative to the Graph version, e.g.
   * `/users/a@b.c/calendarView/delta?startDateTime=…&endDateTime=…`) or a stored nextLink/deltaLink.
   */
  url: string;
  /** `Prefer: odata.maxpagesize=N` (Graph may still send fewer). */
  maxPageSize?: number;
  /** `Prefer: IdType="ImmutableId"` so Outlook ids survive folder moves (default true; ignored by To Do). */
  immutableIds?: boolean;
  /** Extra headers, sent on every page. */
  headers?: Record<string, string>;
  /**
   * Ask for the next page as soon as a page is handed out, so its round trip overlaps the caller's
   * work on this one (default false). Pages still come out one at a time and in order, and a page is
   * handed out only when the caller asks for it, i.e. after it stored the previous page and its
   * cursor: a crash loses at most the fetched-ahead page, which the stored cursor asks for again.
   */
  prefetch?: boolean;
  /**
   * The Graph origin (`https://graph.microsoft.com`) every link must point at; the gateway sets it.
   * A nextLink or deltaLink on any other origin is refused before its page is handed out, so neither
   * the page nor the link is stored and the cursor stays where it was.
   */
  graphOrigin?: string;
}

export function deltaPreferHeader(options: Pick<DeltaPagesOptions, 'maxPageSize' | 'immutableIds'>): string | undefined {
  // One Prefer header with comma-separated preferences is equivalent to several (RFC 7240 §2).
  let prefer: string | undefined;
  if (options.maxPageSize && options.maxPageSize > 0) prefer = withPreference(prefer, `odata.maxpagesize=${Math.floor(options.maxPageSize)}`);
  if (options.immutableIds !== false) prefer = withPreference(prefer, IMMUTABLE_ID_PREFERENCE);
  return prefer;
}

/**
 * Walks a delta round page by page. Without `prefetch` it asks for the next page only when the caller
 * asks for it; with it, one request ahead. Either way the caller stores each page and then its cursor
 * before it receives the next: a crash loses at most a page that will be replayed. Prefer headers are
 * sent again on every page (Graph bakes the query into the links, but not the headers).
 *
 * Throws FullResyncRequired on 410 Gone or a syncStateNotFound/resyncRequired-style error code; any
 * other failure is thrown as a GatewayError. A failure of a fetched-ahead page is thrown when that
 * page is asked for, never earlier.
 */
export async function* deltaPages<T = Record<string, unknown>>(client: Client, options: DeltaPagesOptions): AsyncGenerator<DeltaPage<T>, void, void> {
  const prefer = deltaPreferHeader(options);
  const headers: Record<string, string> = prefer ? mergePreferHeader(options.headers ?? {}, prefer) : { ...(options.headers ?? {}) };
  const seen = new Set<string>();
  const fetchPage = (link: string, signal?: AbortSignal): Promise<DeltaPage<T>> => {
    if (seen.has(link)) return Promise.reject(new Error(`Graph returned the same delta link twice (${redactToken(link)}); stopping to avoid a loop.`));
    seen.add(link);
    return fetchDeltaPage<T>(client, link, headers, signal).then((page) => {
      if (options.graphOrigin) for (const next of [page.nextLink, page.deltaLink]) if (next) assertGraphLink(next, options.graphOrigin);
      return page;
    });
  };
  // A stored cursor is a link Graph gave earlier: checked the same way before it is followed.
  if (options.graphOrigin) assertGraphLink(options.url, options.graphOrigin);
  let next: Promise<DeltaPage<T>> | null = fetchPage(options.url);
  // The request for the page fetched ahead, while the caller holds the current one.
  let ahead: AbortController | null = null;
  try {
    while (next) {
      const page: DeltaPage<T> = await next;
      next = null;
      ahead = null;
      if (page.nextLink && options.prefetch) {
        ahead = new AbortController();
        next = fetchPage(page.nextLink, ahead.signal);
        // Held until the caller asks; if it stops first, the page is dropped unseen and its failure
        // must not go unhandled.
        next.catch(() => undefined);
      }
      yield page;
      if (!next && page.nextLink) next = fetchPage(page.nextLink);
    }
  } finally {
    // The caller stopped early: the page fetched ahead must not go on retrying in the background,
    // holding one of the mailbox's request slots after the run is over.
    ahead?.abort();
  }
}

async function fetchDeltaPage<T>(client: Client, link: string, headers: Record<string, string>, signal?: AbortSignal): Promise<DeltaPage<T>> {
  let body: { value?: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
  try {
    const request = client.api(link).headers(headers);
    body = await (signal ? request.option('signal', signal) : request).get();
  } catch (err) {
    // 410 and the resync codes come out as FullResyncRequired (a GatewayError subclass).
    throw toGatewayError(err, { method: 'GET', url: link });
  }
  const page: DeltaPage<T> = { items: Array.isArray(body?.value) ? body.value : [] };
  if (body?.['@odata.nextLink']) page.nextLink = body['@odata.nextLink'];
  else if (body?.['@odata.deltaLink']) page.deltaLink = body['@odata.deltaLink'];
  return page;
}

/** Throws unless `link` is relative or on the Graph origin (scheme, host and port). */
export function assertGraphLink(link: string, graphOrigin: string): void {
  if (!isGraphLink(link, graphOrigin)) {
    throw new GatewayError({ code: 'foreign_link', message: `Refused a link to ${originLabel(link)}: Microsoft Graph links must stay on ${new URL(graphOrigin).origin}.` });
  }
}

export function isGraphLink(link: string, graphOrigin: string): boolean {
  // A path ("/users/…") resolves against the Graph root; "//host/…" would not.
  if (link.startsWith('/') && !link.startsWith('//')) return true;
  try {
    return new URL(link).origin === new URL(graphOrigin).origin;
  } catch {
    return false;
  }
}

function originLabel(link: string): string {
  try {
    return new URL(link).origin;
  } catch {
    return 'a malformed address';
  }
}

function redactToken(link: string): string {
  return link.replace(/(\$(?:skip|delta)token=)[^&]+/gi, '$1…');
}
