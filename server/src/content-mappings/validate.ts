// Validation of the content mappings an admin saves, against the host app's schema: every problem is
// one entry naming its field (Strapi's ValidationError details), and nothing is stored unless there is
// none. Pure over what it is given (the content types, the mailboxes, the mappings saved before).
import { KIND_ATTRIBUTE_TYPES, MAPPABLE_FIELDS, SYSTEM_ATTRIBUTES, MAPPABLE_RESOURCES, mappableField, type ContentMapping, type MappableResource } from '../../../shared/content-mappings';
import { CONFLICT_RESOLUTIONS, DIRECTIONS, type FieldError } from '../../../shared/settings';
import { isPlainObject } from '../../../shared/validation/schema';
import { PLUGIN_ID, UID } from '../../../shared/plugin';

export interface ContentTypeInfo {
  kind: string;
  attributes: Record<string, { type: string; target?: string; relation?: string; enum?: readonly string[] }>;
  draftAndPublish: boolean;
  localized: boolean;
}

export interface MappingContext {
  contentType(uid: string): ContentTypeInfo | undefined;
  mailboxes: readonly string[];
  saved: readonly ContentMapping[];
}

type Issue = FieldError & { code: string };

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SOURCE_KEYS = new Set(['attribute', 'values', 'value']);
const MAPPING_KEYS = new Set(['id', 'uid', 'resource', 'mailbox', 'fields', 'direction', 'conflictResolution', 'filters', 'locale', 'unpublishDeletes', 'enabled']);

/** The problems of a PUT /content-mappings body ({ mappings: [...] }); [] when it can be saved. */
export function contentMappingIssues(body: unknown, ctx: MappingContext): Issue[] {
  const issues: Issue[] = [];
  const add = (path: Array<string | number>, code: string, message: string) => issues.push({ path: path.map(String), code, message });
  if (!isPlainObject(body) || !Array.isArray(body.mappings)) {
    add(['mappings'], 'list', 'Must be a list of content mappings');
    return issues;
  }
  for (const key of Object.keys(body)) if (key !== 'mappings') add([key], 'unknown', 'Is not a known setting');
  const ids = new Set<string>();
  body.mappings.forEach((raw: unknown, index: number) => {
    const at = (...path: Array<string | number>) => ['mappings', index, ...path];
    if (!isPlainObject(raw)) return add(at(), 'object', 'Must be an object');
    for (const key of Object.keys(raw)) if (!MAPPING_KEYS.has(key)) add(at(key), 'unknown', 'Is not a known setting');
    const m = raw as Partial<ContentMapping> & Record<string, unknown>;

    if (typeof m.id !== 'string' || !ID_PATTERN.test(m.id)) add(at('id'), 'id', 'Must be a key of lower-case letters, digits and dashes (at most 63)');
    else if (ids.has(m.id)) add(at('id'), 'duplicate', 'Is listed more than once');
    else ids.add(m.id);

    const before = ctx.saved.find((s) => s.id === m.id);
    const type = typeof m.uid === 'string' ? ctx.contentType(m.uid) : undefined;
    if (typeof m.uid !== 'string' || !type) add(at('uid'), 'content-type', 'Must be the UID of a collection type of this app, such as api::meeting.meeting');
    else if (type.kind !== 'collectionType') add(at('uid'), 'collection-type', 'Must be a collection type (a single type holds one entry)');
    else if (m.uid.startsWith(`plugin::${PLUGIN_ID}.`)) add(at('uid'), 'own-type', "The plugin's own types sync without a mapping");
    else if (before && before.uid !== m.uid) add(at('uid'), 'type-change', `A mapping's content type cannot change (it syncs ${before.uid}): remove this mapping and add a new one`);

    const resource = m.resource as MappableResource;
    if (!MAPPABLE_RESOURCES.includes(resource)) add(at('resource'), 'enum', `Must be one of: ${MAPPABLE_RESOURCES.join(', ')}`);
    if (!DIRECTIONS.includes(m.direction as never)) add(at('direction'), 'enum', `Must be one of: ${DIRECTIONS.join(', ')}`);
    if (!CONFLICT_RESOLUTIONS.includes(m.conflictResolution as never)) add(at('conflictResolution'), 'enum', `Must be one of: ${CONFLICT_RESOLUTIONS.join(', ')}`);
    for (const flag of ['unpublishDeletes', 'enabled'] as const) if (m[flag] !== undefined && typeof m[flag] !== 'boolean') add(at(flag), 'boolean', 'Must be true or false');
    if (m.filters !== undefined && m.filters !== null && !isPlainObject(m.filters)) add(at('filters'), 'object', 'Must be a Strapi filter object, such as { "category": { "$eq": "public" } }');

    // Strapi's own bookkeeping attributes are not the host's content.
    const attributes = Object.fromEntries(Object.entries(type?.attributes ?? {}).filter(([name]) => !SYSTEM_ATTRIBUTES.includes(name)));
    // The mailbox.
    if (!isPlainObject(m.mailbox)) add(at('mailbox'), 'object', 'Must be { "address": "…" } or { "attribute": "…" }');
    else if ('address' in m.mailbox) {
      const address = String(m.mailbox.address ?? '').toLowerCase();
      if (!ctx.mailboxes.includes(address)) add(at('mailbox', 'address'), 'mailbox', 'Must be the address of a configured mailbox');
    } else if ('attribute' in m.mailbox) {
      const attribute = attributes[String(m.mailbox.attribute)];
      const fits = attribute && (['email', 'string'].includes(attribute.type) || (attribute.type === 'relation' && attribute.target === UID.mailbox && ['manyToOne', 'oneToOne'].includes(attribute.relation ?? '')));
      if (type && !fits) add(at('mailbox', 'attribute'), 'mailbox-attribute', 'Must be an email or text attribute holding the address, or a relation to one mailbox');
    } else add(at('mailbox'), 'object', 'Must be { "address": "…" } or { "attribute": "…" }');

    // Locale and Draft & Publish.
    if (type?.localized && (typeof m.locale !== 'string' || !m.locale)) add(at('locale'), 'locale', 'The type is localized: a mapping syncs one locale, name it');
    if (type && !type.localized && m.locale) add(at('locale'), 'not-localized', 'The type is not localized');
    if (type && !type.draftAndPublish && m.unpublishDeletes) add(at('unpublishDeletes'), 'no-drafts', 'The type has no Draft & Publish');

    // The field map.
    if (!isPlainObject(m.fields)) return add(at('fields'), 'object', 'Must map synced fields to attributes or values');
    if (!MAPPABLE_RESOURCES.includes(resource)) return;
    for (const field of MAPPABLE_FIELDS[resource]) if (field.required && !(field.name in m.fields)) add(at('fields', field.name), 'required', 'Must be mapped: Outlook needs it');
    for (const [name, source] of Object.entries(m.fields)) {
      const path = at('fields', name);
      const field = mappableField(resource, name);
      if (!field) {
        add(path, 'unknown-field', `Is not a field ${resource} syncs (${MAPPABLE_FIELDS[resource].map((f) => f.name).join(', ')})`);
        continue;
      }
      if (!isPlainObject(source) || ('attribute' in source) === ('value' in source)) {
        add(path, 'source', 'Must be { "attribute": "…" } or { "value": … }');
        continue;
      }
      for (const key of Object.keys(source)) if (!SOURCE_KEYS.has(key)) add([...path, key], 'unknown', 'Is not a known setting');
      if ('value' in source) {
        const value = source.value;
        const ok =
          field.kind === 'boolean' ? typeof value === 'boolean' : field.kind === 'integer' ? Number.isInteger(value) : field.kind === 'choice' ? field.values!.includes(String(value)) : typeof value === 'string';
        if (!ok) add([...path, 'value'], 'value', field.values ? `Must be one of: ${field.values.join(', ')}` : `Must be a ${field.kind === 'boolean' ? 'boolean' : field.kind === 'integer' ? 'whole number' : 'text'}`);
        continue;
      }
      if (!type) continue;
      const attribute = attributes[String(source.attribute)];
      const accepted = KIND_ATTRIBUTE_TYPES[field.kind];
      if (!attribute) {
        add([...path, 'attribute'], 'attribute', `${String(source.attribute)} is not an attribute of ${m.uid}`);
        continue;
      }
      if (!accepted.includes(attribute.type)) {
        add([...path, 'attribute'], 'attribute-type', `${String(source.attribute)} is a ${attribute.type} attribute; ${name} takes ${accepted.join(', ')}`);
        continue;
      }
      if (field.kind === 'choice') {
        const hostValues = attribute.type === 'boolean' ? ['true', 'false'] : attribute.enum;
        if (source.values !== undefined) {
          if (!isPlainObject(source.values)) add([...path, 'values'], 'object', 'Must map attribute values to Graph values');
          else
            for (const [hostValue, graphValue] of Object.entries(source.values)) {
              if (hostValues && !hostValues.includes(hostValue)) add([...path, 'values', hostValue], 'host-value', `Is not a value of ${String(source.attribute)} (${hostValues.join(', ')})`);
              if (!field.values!.includes(String(graphValue))) add([...path, 'values', hostValue], 'enum', `Must be one of: ${field.values!.join(', ')}`);
            }
        } else if (hostValues && !hostValues.every((v) => field.values!.includes(v))) {
          add([...path, 'values'], 'values-needed', `The values of ${String(source.attribute)} are not all ${name} values: map them (e.g. { "${hostValues[0]}": "${field.values![0]}" })`);
        }
      } else if (source.values !== undefined) add([...path, 'values'], 'unknown', 'Only choice fields map values');
    }
  });

  // One content type per mailbox × resource.
  const valid = (body.mappings as unknown[]).filter(isPlainObject) as Array<Partial<ContentMapping>>;
  valid.forEach((m, index) => {
    const clash = valid.findIndex((other, j) => j < index && other.resource === m.resource && (other.enabled ?? true) && (m.enabled ?? true) && coversSame(other, m));
    if (clash !== -1) add(['mappings', index, 'mailbox'], 'overlap', `Mapping ${valid[clash]!.id ?? clash} already syncs ${String(m.resource)} of this mailbox: one content type per mailbox and resource`);
  });
  return issues;
}

function coversSame(a: Partial<ContentMapping>, b: Partial<ContentMapping>): boolean {
  const addressOf = (m: Partial<ContentMapping>) => (m.mailbox && 'address' in m.mailbox ? String(m.mailbox.address).toLowerCase() : null);
  const [x, y] = [addressOf(a), addressOf(b)];
  // A mapping whose entries choose their mailbox may cover any mailbox.
  return x === null || y === null || x === y;
}
