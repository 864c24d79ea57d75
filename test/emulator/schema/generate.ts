// Generates graph-v1.0.json: the part of Microsoft Graph's published v1.0 schema (CSDL) that the
// plugin and the emulator touch. Run it again when Microsoft publishes a new schema:
//
//   git --git-dir <msgraph-metadata>/.git show <commit>:clean_v10_metadata/cleanMetadata.xml > /tmp/v1.xml
//   node --import tsx test/emulator/schema/generate.ts /tmp/v1.xml <commit>
//
// Source: https://github.com/microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml
// (the same schema as cleanMetadataWithDescriptionsv1.0.xml without the descriptions).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphSchema, SchemaProperty, SchemaType } from './types';

/** The types the emulator serves or accepts; everything they reference is followed. */
const ROOT_TYPES = ['user', 'application', 'calendar', 'event', 'todoTaskList', 'todoTask', 'mailFolder', 'message', 'attachment', 'fileAttachment', 'itemAttachment', 'referenceAttachment', 'subscription'];
/** Bound actions the emulator serves: name → binding type. */
const ROOT_ACTIONS: Array<[string, string]> = [['sendMail', 'user'], ['move', 'message']];

interface Tag {
  name: string;
  attrs: Record<string, string>;
  closing: boolean;
  selfClosing: boolean;
}

// CSDL is flat and regular: a tag scanner is enough, and needs no XML dependency.
function* tags(xml: string): Generator<Tag> {
  const re = /<(\/?)([A-Za-z][\w:.]*)((?:\s+[\w:.]+="[^"]*")*)\s*(\/?)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w:.]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    yield { name: m[2], attrs, closing: m[1] === '/', selfClosing: m[4] === '/' };
  }
}

/** "graph.x" → "x", "Collection(graph.x)" → "Collection(x)"; Edm types stay as they are. */
const localName = (type: string) => type.replace(/\b(microsoft\.)?graph\./g, '');
const elementOf = (type: string) => /^Collection\((.+)\)$/.exec(type)?.[1] ?? type;

interface Parsed {
  types: Map<string, SchemaType>;
  enums: Map<string, { members: string[]; flags: boolean }>;
  actions: Map<string, { binding: string; parameters: Record<string, SchemaProperty> }>;
}

function parse(xml: string): Parsed {
  const out: Parsed = { types: new Map(), enums: new Map(), actions: new Map() };
  let type: SchemaType | undefined;
  let enumType: { members: string[]; flags: boolean } | undefined;
  let action: { name: string; binding: string; parameters: Record<string, SchemaProperty> } | undefined;
  let schemaNamespace = '';
  for (const t of tags(xml)) {
    if (t.name === 'Schema' && !t.closing) schemaNamespace = t.attrs.Namespace ?? '';
    if (schemaNamespace !== 'microsoft.graph') continue;
    if ((t.name === 'EntityType' || t.name === 'ComplexType') && !t.closing) {
      type = { kind: t.name === 'EntityType' ? 'entity' : 'complex', properties: {}, navigation: {} };
      if (t.attrs.BaseType) type.base = localName(t.attrs.BaseType);
      if (t.attrs.Abstract === 'true') type.abstract = true;
      out.types.set(t.attrs.Name, type);
      if (t.selfClosing) type = undefined;
    } else if ((t.name === 'EntityType' || t.name === 'ComplexType') && t.closing) type = undefined;
    else if (t.name === 'Property' && type && !t.closing) type.properties[t.attrs.Name] = property(t);
    else if (t.name === 'NavigationProperty' && type && !t.closing) type.navigation[t.attrs.Name] = property(t);
    else if (t.name === 'EnumType' && !t.closing) {
      enumType = { members: [], flags: t.attrs.IsFlags === 'true' };
      out.enums.set(t.attrs.Name, enumType);
    } else if (t.name === 'EnumType' && t.closing) enumType = undefined;
    else if (t.name === 'Member' && enumType && !t.closing) enumType.members.push(t.attrs.Name);
    else if (t.name === 'Action' && !t.closing) action = { name: t.attrs.Name, binding: '', parameters: {} };
    else if (t.name === 'Action' && t.closing && action) {
      out.actions.set(`${action.name}@${action.binding}`, { binding: action.binding, parameters: action.parameters });
      action = undefined;
    } else if (t.name === 'Parameter' && action && !t.closing) {
      if (t.attrs.Name === 'bindingParameter') action.binding = localName(t.attrs.Type);
      else action.parameters[t.attrs.Name] = property(t);
    }
  }
  return out;
}

function property(t: Tag): SchemaProperty {
  const p: SchemaProperty = { type: localName(t.attrs.Type) };
  if (t.attrs.Nullable === 'false') p.nullable = false;
  return p;
}

function subset(parsed: Parsed): Omit<GraphSchema, 'source'> {
  const types: Record<string, SchemaType> = {};
  const enums: GraphSchema['enums'] = {};
  const pending = [...ROOT_TYPES];
  const follow = (p: SchemaProperty) => {
    const element = elementOf(p.type);
    if (!element.startsWith('Edm.')) pending.push(element);
  };
  const actions: GraphSchema['actions'] = {};
  for (const [name, binding] of ROOT_ACTIONS) {
    const found = parsed.actions.get(`${name}@${binding}`);
    if (!found) throw new Error(`Action ${name} bound to ${binding} is not in the schema`);
    actions[`${binding}.${name}`] = found.parameters;
    Object.values(found.parameters).forEach(follow);
  }
  const rootSet = new Set(ROOT_TYPES);
  while (pending.length) {
    const name = pending.pop() as string;
    if (types[name] || enums[name]) continue;
    const en = parsed.enums.get(name);
    if (en) {
      enums[name] = en.flags ? { members: en.members, flags: true } : { members: en.members };
      continue;
    }
    const type = parsed.types.get(name);
    if (!type) throw new Error(`Type ${name} is not in the schema`);
    types[name] = type;
    if (type.base) pending.push(type.base);
    Object.values(type.properties).forEach(follow);
    // Navigation targets are described only where the emulator serves them (a message's attachments).
    for (const nav of Object.values(type.navigation)) if (rootSet.has(elementOf(nav.type))) follow(nav);
  }
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { types: sorted(types), enums: sorted(enums), actions: sorted(actions) };
}

function main(): void {
  const [file, commit, output = join(__dirname, 'graph-v1.0.json')] = process.argv.slice(2);
  if (!file || !/^[0-9a-f]{40}$/.test(commit ?? '')) {
    console.error('usage: generate.ts <cleanMetadata.xml> <40-hex commit of msgraph-metadata> [output.json]');
    process.exit(2);
  }
  const schema: GraphSchema = {
    source: { repository: 'https://github.com/microsoftgraph/msgraph-metadata', path: 'clean_v10_metadata/cleanMetadata.xml', commit },
    ...subset(parse(readFileSync(file, 'utf8'))),
  };
  // One type per line: a schema update reads as a small diff.
  const section = (o: Record<string, unknown>) => `{\n${Object.entries(o).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }`;
  const text = `{\n  "source": ${JSON.stringify(schema.source)},\n  "types": ${section(schema.types)},\n  "enums": ${section(schema.enums)},\n  "actions": ${section(schema.actions)}\n}\n`;
  writeFileSync(output, text);
  console.log(`${Object.keys(schema.types).length} types, ${Object.keys(schema.enums).length} enums, ${Object.keys(schema.actions).length} actions from ${commit}`);
}

main();
