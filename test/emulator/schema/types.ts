// The shape of graph-v1.0.json (written by generate.ts from Graph's published CSDL).

export interface SchemaProperty {
  /** An Edm primitive (Edm.String), a schema type name (dateTimeTimeZone) or Collection(…) of either. */
  type: string;
  /** false when the schema says Nullable="false" (for a collection: its elements). */
  nullable?: false;
}

export interface SchemaType {
  kind: 'entity' | 'complex';
  base?: string;
  abstract?: true;
  properties: Record<string, SchemaProperty>;
  navigation: Record<string, SchemaProperty>;
}

export interface GraphSchema {
  source: { repository: string; path: string; commit: string };
  types: Record<string, SchemaType>;
  enums: Record<string, { members: string[]; flags?: true }>;
  /** Bound actions, keyed binding.name (user.sendMail): their body parameters. */
  actions: Record<string, Record<string, SchemaProperty>>;
}
