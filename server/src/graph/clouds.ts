import type { Cloud } from './types';

export interface CloudEndpoints {
  /** Identity platform root, no trailing slash, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** Graph service root without the version, e.g. `https://graph.microsoft.com`. */
  graphBaseUrl: string;
}

/**
 * Microsoft's national clouds (learn.microsoft.com/graph/deployments). US Gov L4 and DoD share the
 * identity host but not the Graph host. China also answers on login.partner.microsoftonline.cn; the
 * Graph deployments page names login.chinacloudapi.cn, which msal-node knows as well.
 */
export const CLOUDS: Readonly<Record<Cloud, CloudEndpoints>> = Object.freeze({
  global: { authorityHost: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://graph.microsoft.us' },
  'usgov-dod': { authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://dod-graph.microsoft.us' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn' },
});

export const GRAPH_VERSION = 'v1.0';

export interface ResolvedEndpoints extends CloudEndpoints {
  cloud: Cloud;
  /** Version segment appended to graphBaseUrl for every call. */
  graphVersion: string;
  /** `${graphBaseUrl}/${graphVersion}`: what nextLinks and $batch are resolved against. */
  graphApiRoot: string;
  /**
   * The `.default` scope of the cloud's Graph resource. It names the resource the token is for, so it
   * follows the cloud even when graphBaseUrl points somewhere else (an emulator, a proxy).
   */
  graphScope: string;
  /** True when the identity host is not one msal-node knows (so instance discovery must be off). */
  customAuthority: boolean;
}

const KNOWN_AUTHORITY_HOSTS = new Set(Object.values(CLOUDS).map((c) => new URL(c.authorityHost).host));

export function isCloud(value: unknown): value is Cloud {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CLOUDS, value);
}

/** Config overrides win over the cloud's table entry; both are normalised to an https origin. */
export function resolveEndpoints(input: { cloud?: Cloud; authorityHost?: string; graphBaseUrl?: string }): ResolvedEndpoints {
  const cloud = input.cloud ?? 'global';
  if (!isCloud(cloud)) throw new Error(`Unknown cloud "${String(cloud)}": use one of ${Object.keys(CLOUDS).join(', ')}.`);
  const table = CLOUDS[cloud];
  const authorityHost = normaliseOrigin(input.authorityHost?.trim() || table.authorityHost, 'authorityHost');
  const graph = splitGraphBase(input.graphBaseUrl?.trim() || table.graphBaseUrl);
  return {
    cloud,
    authorityHost,
    graphBaseUrl: graph.root,
    graphVersion: graph.version,
    graphApiRoot: `${graph.root}/${graph.version}`,
    graphScope: `${table.graphBaseUrl}/.default`,
    customAuthority: !KNOWN_AUTHORITY_HOSTS.has(new URL(authorityHost).host),
  };
}

function normaliseOrigin(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${field} "${value}" is not a URL.`);
  }
  // msal-node refuses non-https authorities, and Graph tokens must never travel in clear text.
  if (url.protocol !== 'https:') throw new Error(`${field} must use https (got ${url.protocol}//${url.host}).`);
  return url.origin;
}

/** Accepts `https://host[:port]`, optionally followed by `/v1.0` or `/beta`. */
function splitGraphBase(value: string): { root: string; version: string } {
  const origin = normaliseOrigin(value, 'graphBaseUrl');
  const path = new URL(value).pathname.replace(/\/+$/, '');
  if (path === '') return { root: origin, version: GRAPH_VERSION };
  const version = path.replace(/^\//, '');
  if (version === 'v1.0' || version === 'beta') return { root: origin, version };
  // The Graph client parses "https://host/<version>/<path>", so a prefix path would break nextLinks.
  throw new Error(`graphBaseUrl must be an origin such as https://graph.microsoft.com (got a path "${path}").`);
}
