/**
 * Outlook ids change when an item moves between folders unless every request, writes included,
 * says `Prefer: IdType="ImmutableId"` (an id returned by a create must match the one the next delta
 * returns). To Do ignores the preference. Preferences are merged, never replaced, so a caller's
 * `odata.maxpagesize` or `outlook.timezone` survives.
 */
export const IMMUTABLE_ID_PREFERENCE = 'IdType="ImmutableId"';

/** Adds each preference (comma-separated) to a Prefer value unless one of the same name is there. */
export function withPreference(existing: string | undefined, preferences: string): string {
  const split = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  const nameOf = (p: string) => p.split('=')[0].trim().toLowerCase();
  const parts = split(existing);
  for (const preference of split(preferences)) {
    if (!parts.some((p) => nameOf(p) === nameOf(preference))) parts.push(preference);
  }
  return parts.join(', ');
}

/** Case-insensitive lookup and merge of the Prefer header in a plain header record. */
export function mergePreferHeader(headers: Record<string, string>, preference: string): Record<string, string> {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'prefer');
  const merged = withPreference(key ? headers[key] : undefined, preference);
  const out = { ...headers };
  if (key) delete out[key];
  out.Prefer = merged;
  return out;
}
