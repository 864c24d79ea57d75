// Graph's answers as the adapters read them. The property names come from @microsoft/microsoft-graph-types
// (generated from Graph's v1.0 schema), so a misspelt or invented property fails to compile; every value
// stays `unknown` until the adapter checks it, since an answer is data from outside.
import type * as Graph from '@microsoft/microsoft-graph-types';

/** A Graph object as received: T's property names, none of its promises about the values. */
export type Untrusted<T> = { readonly [K in keyof T]?: unknown };

/** The properties a `$select` names, checked against the type it selects on. */
export type SelectOf<T> = ReadonlyArray<Extract<keyof T, string>>;

export type { Graph };
