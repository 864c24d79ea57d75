// Event bodies: Graph's itemBody { contentType, content } ⇄ Strapi's `body` + `bodyType`.
// Exchange stores HTML bodies as whole documents: what goes in as "<p>Hi</p>" comes back as
// "<html>\r\n<head>\r\n<meta http-equiv=…>\r\n</head>\r\n<body>\r\n<p>Hi</p>\r\n</body>\r\n</html>\r\n"
// (see the "Create event" examples). Only the inside of <body> is kept, with line ends and the
// whitespace Exchange puts between tags evened out, so a round trip through Outlook reads as no change.
// Every step is a linear scan (text-scan.ts): bodies come from anyone who can send an invitation.
import { collapseBreaksBetweenTags, elements, hasHtmlTag, lastIndexOfTag, openTags, trimLineEnds, withoutComments, withoutRanges } from '../text-scan';
import type { BODY_TYPES } from '../../../../../shared/enums';
import type { Graph, Untrusted } from '../graph-answer';

export type BodyType = (typeof BODY_TYPES)[number];

export interface EventBody {
  body: string;
  bodyType: BodyType;
}

export function normaliseText(content: string): string {
  return trimLineEnds(content.replace(/\r\n?/g, '\n')).trim();
}

export function normaliseHtml(content: string): string {
  let html = content.replace(/\r\n?/g, '\n');
  const open = openTags(html, 'body').next();
  if (!open.done) {
    const start = open.value.end;
    const close = lastIndexOfTag(html, '</body>');
    html = html.slice(start, close >= start ? close : undefined);
  } else {
    html = withoutRanges(html, openTags(html, '!doctype', { loose: true }));
    html = withoutRanges(html, elements(html, ['head']));
    html = withoutRanges(html, openTags(html, 'html', { orClosing: true }));
  }
  // Comments are invisible (Exchange adds e.g. "Converted from text/plain format"); whitespace between
  // tags that holds a line break renders the same.
  return trimLineEnds(collapseBreaksBetweenTags(withoutComments(html))).trim();
}

function looksLikeHtml(content: string): boolean {
  return hasHtmlTag(content);
}

export function bodyTypeOf(value: unknown, content: string): BodyType {
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'html' || lower === 'text') return lower;
  }
  return looksLikeHtml(content) ? 'html' : 'text';
}

/** Graph itemBody → synced body (content type kept). */
export function bodyFromGraph(itemBody: unknown): EventBody {
  const raw = itemBody && typeof itemBody === 'object' ? (itemBody as Untrusted<Graph.ItemBody>) : {};
  const content = typeof raw.content === 'string' ? raw.content : '';
  const bodyType = bodyTypeOf(raw.contentType, content);
  return { body: bodyType === 'html' ? normaliseHtml(content) : normaliseText(content), bodyType };
}

/** Strapi body + bodyType → synced body. An entry without bodyType (typed by hand) is HTML if it has tags. */
export function bodyFromLocal(body: unknown, bodyType: unknown): EventBody {
  const content = typeof body === 'string' ? body : '';
  const type = bodyTypeOf(bodyType, content);
  return { body: type === 'html' ? normaliseHtml(content) : normaliseText(content), bodyType: type };
}

export function bodyToGraph(body: EventBody): { contentType: BodyType; content: string } {
  return { contentType: body.bodyType, content: body.body };
}
