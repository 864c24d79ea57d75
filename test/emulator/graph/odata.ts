// Small OData helpers: $select projection and context URLs.
import type { EmRequest } from '../core/http';
import { GraphHttpError } from '../core/http';

export function contextUrl(req: EmRequest, fragment: string): string {
  return `${req.origin}/v1.0/$metadata#${fragment}`;
}

/** Applies $select (id and @odata.* annotations always kept, as Graph does). */
export function applySelect(item: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (!select) return item;
  const fields = new Set(select.split(',').map((s) => s.trim()).filter(Boolean));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (k === 'id' || k.startsWith('@odata.') || fields.has(k)) out[k] = v;
  return out;
}

export function parseJsonBody(req: EmRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null || req.body === '') {
    throw new GraphHttpError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  }
  if (typeof req.body !== 'object' || Array.isArray(req.body) || req.body instanceof URLSearchParams) {
    throw new GraphHttpError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  return req.body as Record<string, unknown>;
}

/** Preference-Applied for the Prefer values Outlook honours (time zone, immutable ids, page size). */
export function preferenceApplied(req: EmRequest, extra: string[] = [], withTimeZone = true): Record<string, string> {
  const applied = [...extra];
  const tz = withTimeZone ? /outlook\.timezone\s*=\s*"?([^",]+)"?/i.exec(req.headers.prefer ?? '')?.[1]?.trim() : undefined;
  if (tz) applied.push(`outlook.timezone="${tz}"`);
  if (/IdType\s*=\s*"?ImmutableId"?/i.test(req.headers.prefer ?? '')) applied.push('IdType="ImmutableId"');
  return applied.length ? { 'preference-applied': applied.join(',') } : {};
}

export function linkWith(req: EmRequest, path: string, params: Record<string, string>, origin: string = req.origin): string {
  // Graph writes OData system options with a literal '$' ($skiptoken=…), so keep it unescaped.
  const q = new URLSearchParams(params).toString().replace(/(^|&)%24/g, '$1$');
  return `${origin}${path}${q ? `?${q}` : ''}`;
}
