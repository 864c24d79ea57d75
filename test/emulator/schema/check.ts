// Holds bodies to Graph's published schema (graph-v1.0.json, generated from Microsoft's CSDL):
// requests the emulator accepts and bodies it renders. Graph answers a request body that names an
// unknown property, carries a wrong type or an unknown enum member with 400 RequestBodyRead.
import schemaJson from './graph-v1.0.json';
import type { GraphSchema, SchemaProperty, SchemaType } from './types';

export const GRAPH_SCHEMA = schemaJson as GraphSchema;

export interface SchemaViolation {
  /** JSON path of the offending value, e.g. attendees[0].type */
  path: string;
  /** Graph's wording for the same fault. */
  message: string;
}

/** What a route's body holds: an entity or complex type, or a bound action's parameters. */
export type BodyShape = { type: string } | { action: string };

const ODATA_TYPE_PREFIX = '#microsoft.graph.';
const elementOf = (type: string) => /^Collection\((.+)\)$/.exec(type)?.[1];

const PRIMITIVES: Record<string, (v: unknown) => boolean> = {
  'Edm.String': (v) => typeof v === 'string',
  'Edm.Boolean': (v) => typeof v === 'boolean',
  'Edm.Int32': (v) => Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31,
  'Edm.Int64': (v) => Number.isInteger(v),
  'Edm.Double': (v) => typeof v === 'number',
  'Edm.DateTimeOffset': (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,7})?)?(Z|[+-]\d\d:\d\d)$/.test(v),
  'Edm.Date': (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v),
  'Edm.TimeOfDay': (v) => typeof v === 'string' && /^\d\d:\d\d(:\d\d(\.\d{1,7})?)?$/.test(v),
  'Edm.Duration': (v) => typeof v === 'string' && /^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(v),
  'Edm.Guid': (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  'Edm.Binary': (v) => typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v),
};

const membersCache = new WeakMap<GraphSchema, Map<string, Map<string, SchemaProperty>>>();

/** Every property of a type, its base types' included (navigation properties too: deep inserts); built once per type. */
function membersOf(schema: GraphSchema, name: string): Map<string, SchemaProperty> {
  let byType = membersCache.get(schema);
  if (!byType) membersCache.set(schema, (byType = new Map()));
  const cached = byType.get(name);
  if (cached) return cached;
  const members = new Map<string, SchemaProperty>();
  byType.set(name, members);
  for (let type: SchemaType | undefined = schema.types[name], guard = 0; type && guard < 10; type = type.base ? schema.types[type.base] : undefined, guard++) {
    for (const [k, p] of Object.entries(type.properties)) if (!members.has(k)) members.set(k, p);
    for (const [k, p] of Object.entries(type.navigation)) if (!members.has(k)) members.set(k, p);
  }
  return members;
}

function derivesFrom(schema: GraphSchema, name: string, ancestor: string): boolean {
  for (let t: string | undefined = name, guard = 0; t && guard < 10; t = schema.types[t]?.base, guard++) if (t === ancestor) return true;
  return false;
}

const literal = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Annotations a body may carry: @odata.type in requests; Graph adds etag, context, @removed and link annotations to answers. */
function isAnnotation(key: string, rendering: boolean): boolean {
  if (key === '@odata.type') return true;
  if (!rendering) return false;
  if (key === '@odata.etag' || key === '@odata.context' || key === '@odata.id' || key === '@odata.mediaContentType' || key === '@removed') return true;
  // Property annotations Graph adds to an entity ("Get event": calendar@odata.navigationLink).
  return /^\w+@odata\.(associationLink|navigationLink)$/.test(key);
}

class Walker {
  readonly found: SchemaViolation[] = [];
  constructor(
    private readonly schema: GraphSchema,
    private readonly rendering: boolean,
  ) {}

  /** `set` replaces the value in its parent: requests are rewritten to the schema's spelling as Graph reads them. */
  value(declared: SchemaProperty, v: unknown, path: string, set: (canonical: unknown) => void): void {
    if (v === null) {
      if (declared.nullable === false && !elementOf(declared.type)) this.add(path, `The property '${path}' cannot be null.`);
      return;
    }
    const element = elementOf(declared.type);
    if (element) {
      if (!Array.isArray(v)) return this.add(path, `A node of type 'PrimitiveValue' or 'StartObject' was read for the collection property '${path}'; a 'StartArray' node was expected.`);
      v.forEach((item, i) => (item === null && declared.nullable === false ? this.add(`${path}[${i}]`, `The collection '${path}' cannot hold null.`) : this.value({ type: element }, item, `${path}[${i}]`, (c) => (v[i] = c))));
      return;
    }
    const primitive = PRIMITIVES[declared.type];
    if (primitive) {
      if (!primitive(v)) this.add(path, `Cannot convert the literal '${literal(v)}' to the expected type '${declared.type}'.`);
      return;
    }
    const en = this.schema.enums[declared.type];
    if (en) {
      const members = en.flags && typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [v];
      // Graph reads enum members in any case (its own examples send "Text" and "HTML") and writes them as declared.
      const declaredAs = (m: unknown) => (typeof m !== 'string' ? undefined : this.rendering ? en.members.find((e) => e === m) : en.members.find((e) => e.toLowerCase() === m.toLowerCase()));
      const canonical = members.map(declaredAs);
      if (canonical.some((m) => m === undefined)) this.add(path, `Cannot convert the literal '${literal(v)}' to the expected type 'microsoft.graph.${declared.type}'.`);
      else if (!this.rendering) set(canonical.join(','));
      return;
    }
    if (this.schema.types[declared.type]) return this.object(declared.type, v, path);
    // Edm.Stream and types the subset does not describe (navigation targets the emulator never serves).
    this.add(path, `The emulator does not model values of type '${declared.type}'.`);
  }

  object(declaredType: string, v: unknown, path: string): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      return this.add(path, `Cannot convert the literal '${literal(v)}' to the expected type 'microsoft.graph.${declaredType}'.`);
    }
    const record = v as Record<string, unknown>;
    let typeName = declaredType;
    const odataType = record['@odata.type'];
    if (odataType !== undefined) {
      const named = typeof odataType === 'string' && odataType.startsWith(ODATA_TYPE_PREFIX) ? odataType.slice(ODATA_TYPE_PREFIX.length) : '';
      if (!this.schema.types[named] || !derivesFrom(this.schema, named, declaredType)) {
        return this.add(at(path, '@odata.type'), `A type named '${literal(odataType)}' could not be resolved by the model, or is not derived from 'microsoft.graph.${declaredType}'.`);
      }
      typeName = named;
    } else if (this.schema.types[declaredType]?.abstract && !this.rendering && this.schema.types[declaredType].kind === 'entity' && path) {
      // A nested value of an abstract type (an attachment) must say which concrete type it is.
      return this.add(path, `Cannot create an abstract entity of type 'microsoft.graph.${declaredType}'; name a derived type with @odata.type.`);
    }
    const members = membersOf(this.schema, typeName);
    for (const [key, value] of Object.entries(record)) {
      if (isAnnotation(key, this.rendering)) continue;
      const member = members.get(key);
      if (!member) {
        this.add(at(path, key), `The property '${key}' does not exist on type 'microsoft.graph.${typeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
        continue;
      }
      this.value(member, value, at(path, key), (c) => (record[key] = c));
    }
  }

  /** Action parameters: matched case-insensitively, as Graph binds them (sendMail takes message or Message). */
  parameters(action: string, v: unknown): void {
    const parameters = this.schema.actions[action];
    if (!parameters) return this.add('', `The emulator does not model the action '${action}'.`);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.add('', 'The parameters payload must be a JSON object.');
    const byLowerName = new Map(Object.entries(parameters).map(([k, p]) => [k.toLowerCase(), p]));
    const record = v as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      const parameter = byLowerName.get(key.toLowerCase());
      if (!parameter) {
        this.add(key, `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action.split('.')[1]}'.`);
        continue;
      }
      // Handlers read parameters as Microsoft's pages spell them: message, saveToSentItems.
      const documented = key.charAt(0).toLowerCase() + key.slice(1);
      if (documented !== key) {
        delete record[key];
        record[documented] = value;
      }
      this.value(parameter, value, key, (c) => (record[documented] = c));
    }
  }

  private add(path: string, message: string): void {
    this.found.push({ path, message });
  }
}

/**
 * Violations of a request body (POST, PATCH): properties are all optional, as Graph reads them. A body
 * without violations is rewritten in place to the schema's spelling (enum members as declared,
 * action parameters as documented), as Graph stores what it reads.
 */
export function checkRequestBody(shape: BodyShape, body: unknown, schema: GraphSchema = GRAPH_SCHEMA): SchemaViolation[] {
  const walker = new Walker(schema, false);
  if ('action' in shape) walker.parameters(shape.action, body);
  else walker.object(shape.type, body, '');
  return walker.found;
}

/** Violations of a rendered entity, or of each item of a collection answer ({ value: [...] }). */
export function checkRenderedBody(type: string, body: unknown, schema: GraphSchema = GRAPH_SCHEMA): SchemaViolation[] {
  const walker = new Walker(schema, true);
  const record = body as Record<string, unknown> | null;
  if (record && Array.isArray(record.value)) {
    for (const key of Object.keys(record)) {
      if (!['value', '@odata.context', '@odata.nextLink', '@odata.deltaLink'].includes(key)) walker.found.push({ path: key, message: `Graph's collection answers carry no '${key}'.` });
    }
    record.value.forEach((item, i) => walker.object(type, item, `value[${i}]`));
  } else walker.object(type, body, '');
  return walker.found;
}

/** Splits an OData option list at top-level commas: "a,b($select=c,d)" → ["a", "b($select=c,d)"]. */
function topLevelItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    current += ch;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

/**
 * The first property a $select or $expand names that the type lacks. Graph resolves them on the
 * declared type only: a derived type's property (fileAttachment's contentId on attachments) fails too.
 */
export function unknownQueryProperty(type: string, select: string | null, expand: string | null, schema: GraphSchema = GRAPH_SCHEMA): { property: string; type: string } | undefined {
  const members = membersOf(schema, type);
  for (const name of select ? topLevelItems(select) : []) {
    if (name !== '*' && !members.has(name)) return { property: name, type };
  }
  for (const item of expand ? topLevelItems(expand) : []) {
    const m = /^([^(]+)(?:\((.*)\))?$/.exec(item);
    const name = m?.[1].trim() ?? item;
    const navigation = members.get(name);
    if (!navigation) return { property: name, type };
    const target = elementOf(navigation.type) ?? navigation.type;
    const nestedSelect = /(?:^|;)\s*\$select=([^;]*)/i.exec(m?.[2] ?? '')?.[1] ?? null;
    if (schema.types[target]) {
      const nested = unknownQueryProperty(target, nestedSelect, null, schema);
      if (nested) return nested;
    }
  }
  return undefined;
}
