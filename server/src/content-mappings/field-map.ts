// A content mapping's field map as two pure conversions between a host entry and the entry shape of the
// plugin's own type for the resource (calendar-event, task), whose adapter then does the rest: host
// entry → plugin entry (read by the adapter's fromLocal), plugin data (the adapter's toLocalData) → host
// data. Type-aware: a `date` attribute feeding `start` makes all-day events, `blocks` and `richtext`
// bodies are HTML for Outlook, an enumeration's values are mapped to Graph's.
import type { ContentMapping, FieldSource, MappableResource } from '../../../shared/content-mappings';
import { mappableField } from '../../../shared/content-mappings';
import { addDays } from '../sync/resources/calendar/time';
import { htmlToText } from '../sync/resources/tasks/fields';
import { blocksToHtml, blocksToMarkdown, htmlToBlocks, markdownToBlocks } from './rich-text';

/** Outlook's default meeting length, for a host type without an end. */
const DEFAULT_MEETING_MS = 30 * 60_000;

export type AttributeTypes = Record<string, { type: string }>;
type Entry = Record<string, unknown>;

/** The plugin type's attribute each synced field is stored in, where the name differs. */
const PLUGIN_ATTRIBUTE: Record<MappableResource, Record<string, string>> = {
  calendar: {},
  tasks: { status: 'taskStatus' },
};

export interface FieldMap {
  /** Host attributes the map reads (for the local side's select). */
  readonly attributes: readonly string[];
  /** Synced fields the host holds (mapped to an attribute or a constant); the others are never sent on updates. */
  readonly mapped: ReadonlySet<string>;
  toPlugin(entry: Entry): Entry;
  toHost(data: Entry): Entry;
}

const isoDate = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
};
const isoInstant = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** The map of a saved mapping over the host type's attributes (validated before: every attribute exists and fits). */
export function fieldMapOf(mapping: Pick<ContentMapping, 'resource' | 'fields'>, attributes: AttributeTypes): FieldMap {
  const { resource } = mapping;
  const pluginName = (field: string) => PLUGIN_ATTRIBUTE[resource][field] ?? field;
  const entries = Object.entries(mapping.fields) as Array<[string, FieldSource]>;
  const typeOf = (attribute: string) => attributes[attribute]?.type ?? 'string';
  const startIsDate = (() => {
    const start = mapping.fields.start;
    return resource === 'calendar' && start !== undefined && 'attribute' in start && typeOf(start.attribute) === 'date';
  })();

  function readValue(field: string, source: Extract<FieldSource, { attribute: string }>, raw: unknown, out: Entry): void {
    const type = typeOf(source.attribute);
    const kind = mappableField(resource, field)?.kind;
    if (kind === 'body') {
      const html = type === 'blocks' ? blocksToHtml(raw) : type === 'richtext' ? blocksToHtml(markdownToBlocks(String(raw ?? ''))) : null;
      if (resource === 'calendar') {
        out.body = html ?? String(raw ?? '');
        out.bodyType = html === null ? 'text' : 'html';
      } else out.body = html === null ? String(raw ?? '') : htmlToText(html);
      return;
    }
    if (source.values) {
      const mapped = source.values[String(raw)];
      out[pluginName(field)] = mapped ?? raw;
      return;
    }
    if (resource === 'calendar' && (field === 'start' || field === 'end') && type === 'date') {
      const date = isoDate(raw);
      // Strapi's end date is the last day; Graph's all-day end is the day after it.
      out[field] = date ? `${field === 'end' ? addDays(date, 1) : date}T00:00:00.000Z` : null;
      return;
    }
    if (field === 'dueDate' && type === 'datetime') {
      out.dueDate = isoDate(raw);
      return;
    }
    out[pluginName(field)] = raw instanceof Date ? raw.toISOString() : raw;
  }

  function writeValue(field: string, source: Extract<FieldSource, { attribute: string }>, data: Entry, out: Entry): void {
    const type = typeOf(source.attribute);
    const kind = mappableField(resource, field)?.kind;
    const value = data[pluginName(field)];
    if (kind === 'body') {
      const text = String(value ?? '');
      const isHtml = resource === 'calendar' && data.bodyType === 'html';
      if (type === 'blocks') out[source.attribute] = isHtml ? htmlToBlocks(text) : textToBlocks(text);
      else if (type === 'richtext') out[source.attribute] = isHtml ? blocksToMarkdown(htmlToBlocks(text)) : text;
      else out[source.attribute] = isHtml ? htmlToText(text) : text;
      return;
    }
    if (source.values) {
      const hostValue = Object.entries(source.values).find(([, graph]) => graph === value)?.[0];
      out[source.attribute] = hostValue === undefined ? null : type === 'boolean' ? hostValue === 'true' : hostValue;
      return;
    }
    if (resource === 'calendar' && (field === 'start' || field === 'end') && type === 'date') {
      const date = isoDate(value);
      out[source.attribute] = date ? (field === 'end' ? addDays(date, -1) : date) : null;
      return;
    }
    if (type === 'date') out[source.attribute] = isoDate(value);
    else if (type === 'datetime') out[source.attribute] = isoInstant(value);
    else out[source.attribute] = value ?? null;
  }

  return {
    attributes: [...new Set(entries.flatMap(([, source]) => ('attribute' in source ? [source.attribute] : [])))],
    mapped: new Set(entries.map(([field]) => field)),
    toPlugin(entry) {
      const out: Entry = { id: entry.id, documentId: entry.documentId };
      // A task's completion time falls back to updatedAt, which Microsoft's side, read through the map, lacks.
      if (mapping.fields.completedAt) out.updatedAt = entry.updatedAt;
      if (startIsDate) out.isAllDay = true;
      for (const [field, source] of entries) {
        if ('value' in source) out[pluginName(field)] = source.value;
        else readValue(field, source, entry[source.attribute], out);
      }
      // Outlook needs an end: a type without one has meetings of Outlook's default length.
      const startMs = resource === 'calendar' && !mapping.fields.end && !startIsDate ? Date.parse(String(out.start ?? '')) : NaN;
      if (!Number.isNaN(startMs)) out.end = new Date(startMs + DEFAULT_MEETING_MS).toISOString();
      return out;
    },
    toHost(data) {
      const out: Entry = {};
      for (const [field, source] of entries) if ('attribute' in source) writeValue(field, source, data, out);
      return out;
    },
  };
}

/** Plain text as blocks: one paragraph per paragraph of text (line breaks inside kept). */
function textToBlocks(text: string) {
  return text
    .split(/\n{2,}/)
    .filter((part) => part.trim() !== '')
    .map((part) => ({ type: 'paragraph' as const, children: [{ type: 'text' as const, text: part }] }));
}
