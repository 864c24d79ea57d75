// Turns a DeltaStore page into Graph's delta response (value + nextLink or deltaLink), or 410 for a
// token the service no longer has.
import type { GraphCtx } from '../core/graphRoute';
import { graphError, json, type EmResponse } from '../core/http';
import { linkWith } from './odata';
import type { ChangeType, DeltaSource } from './delta';

export interface DeltaRequestSpec {
  scopeKey: string;
  linkPath: string;
  initialParams: Record<string, string>;
  build: (params: Record<string, string>) => DeltaSource;
  context: string;
  headers: Record<string, string>;
  pageSize: { size: number; applied?: string };
  changeTypes?: (params: Record<string, string>) => Set<ChangeType> | undefined;
  /** Query parameters that stay visible in links (Graph keeps e.g. $select in mail delta links). */
  visibleParams?: (params: Record<string, string>) => Record<string, string>;
}

export function respondDelta(ctx: GraphCtx, spec: DeltaRequestSpec): EmResponse {
  const { req, core, user } = ctx;
  const start = core.delta.start(req.query, user.address, spec.scopeKey, spec.initialParams, spec.build, spec.changeTypes);
  if (start.kind === 'gone') {
    const fresh = linkWith(req, spec.linkPath, start.params ?? {});
    return graphError(req, 410, 'syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.', { location: fresh });
  }
  const source = spec.build(start.round.params);
  const size = Number(start.round.params.$top) || spec.pageSize.size;
  const page = core.delta.page(start.round, start.offset, size, source);
  const visible = spec.visibleParams?.(start.round.params) ?? {};
  const body: Record<string, unknown> = { '@odata.context': spec.context, value: page.value };
  // core.linkOrigin (control.setLinkOrigin) makes the links point at another host, as a hostile answer would.
  const origin = core.linkOrigin ?? req.origin;
  if (page.nextToken) body['@odata.nextLink'] = linkWith(req, spec.linkPath, { ...visible, $skiptoken: page.nextToken }, origin);
  else body['@odata.deltaLink'] = linkWith(req, spec.linkPath, { ...visible, $deltatoken: page.deltaToken as string }, origin);
  const applied = [spec.pageSize.applied, spec.headers['preference-applied']].filter(Boolean).join(',');
  const headers = { ...spec.headers };
  if (applied) headers['preference-applied'] = applied;
  return json(200, body, headers);
}
