// Delta query machinery shared by events, To Do and mail. Like Graph it keeps sync state on the server:
// a delta token names the set of (id, version) pairs the client has seen, so the next round is a diff
// against the current view (new/changed items, and @removed for items gone or moved out). Skip tokens
// name an immutable page of one round, so retrying a page after a failure returns the same page.
import { opaqueToken } from '../core/ids';

export interface DeltaItem {
  id: string;
  version: string;
}

export interface DeltaSource {
  /** The current view, in the order pages should list it. */
  snapshot(): DeltaItem[];
  /** The item as it is now, or undefined when it vanished since the snapshot. */
  render(id: string): Record<string, unknown> | undefined;
  /** The entry standing for an item that left the view. */
  removed(id: string): Record<string, unknown>;
}

export type ChangeType = 'created' | 'updated' | 'deleted';

interface Entry {
  id: string;
  op: 'upsert' | 'remove';
}

interface Round {
  mailbox: string;
  scopeKey: string;
  params: Record<string, string>;
  entries: Entry[];
  nextKnown: Map<string, string>;
  deltaToken?: string;
  expired: boolean;
}

interface SyncState {
  mailbox: string;
  scopeKey: string;
  params: Record<string, string>;
  known: Map<string, string>;
  expired: boolean;
}

export type DeltaStart =
  | { kind: 'page'; round: Round; offset: number }
  | { kind: 'gone'; params?: Record<string, string> };

export interface DeltaPage {
  value: Array<Record<string, unknown>>;
  nextToken?: string;
  deltaToken?: string;
}

// Outlook keeps a bounded cache of sync states; so do we (old ones answer 410 like an evicted token).
const MAX_STATES = 20_000;

export class DeltaStore {
  private readonly skipTokens = new Map<string, { round: Round; offset: number }>();
  private readonly states = new Map<string, SyncState>();

  clear(): void {
    this.skipTokens.clear();
    this.states.clear();
  }

  /** Makes every existing token of the mailbox (or all) answer 410 from now on. */
  expire(mailbox?: string): number {
    let n = 0;
    const hit = (m: string) => !mailbox || m === mailbox.toLowerCase();
    for (const s of this.states.values()) if (hit(s.mailbox) && !s.expired) ((s.expired = true), n++);
    for (const { round } of this.skipTokens.values()) if (hit(round.mailbox) && !round.expired) ((round.expired = true), n++);
    return n;
  }

  /** Resolves the request's $skiptoken / $deltatoken (or starts a full round with initialParams). */
  start(
    query: URLSearchParams,
    mailbox: string,
    scopeKey: string,
    initialParams: Record<string, string>,
    build: (params: Record<string, string>) => DeltaSource,
    changeTypes?: (params: Record<string, string>) => Set<ChangeType> | undefined,
  ): DeltaStart {
    const skip = query.get('$skiptoken') ?? query.get('$skipToken');
    if (skip) {
      const page = this.skipTokens.get(skip);
      if (!page || page.round.scopeKey !== scopeKey) return { kind: 'gone' };
      if (page.round.expired) return { kind: 'gone', params: page.round.params };
      return { kind: 'page', round: page.round, offset: page.offset };
    }
    const deltaToken = query.get('$deltatoken') ?? query.get('$deltaToken');
    let known = new Map<string, string>();
    let params = initialParams;
    if (deltaToken) {
      const state = this.states.get(deltaToken);
      if (!state || state.scopeKey !== scopeKey) return { kind: 'gone' };
      if (state.expired) return { kind: 'gone', params: state.params };
      known = state.known;
      params = state.params;
    }
    const source = build(params);
    const current = source.snapshot();
    const wanted = changeTypes?.(params);
    const entries: Entry[] = [];
    const nextKnown = new Map<string, string>();
    for (const item of current) {
      nextKnown.set(item.id, item.version);
      const before = known.get(item.id);
      if (before === item.version) continue;
      const type: ChangeType = before === undefined ? 'created' : 'updated';
      if (!wanted || wanted.has(type)) entries.push({ id: item.id, op: 'upsert' });
    }
    if (!wanted || wanted.has('deleted')) {
      for (const id of known.keys()) if (!nextKnown.has(id)) entries.push({ id, op: 'remove' });
    }
    const round: Round = { mailbox: mailbox.toLowerCase(), scopeKey, params, entries, nextKnown, expired: false };
    return { kind: 'page', round, offset: 0 };
  }

  /** Renders one page of a round and issues the next skip token or the round's delta token. */
  page(round: Round, offset: number, pageSize: number, source: DeltaSource): DeltaPage {
    const slice = round.entries.slice(offset, offset + pageSize);
    const value = slice.map((e) => (e.op === 'remove' ? source.removed(e.id) : source.render(e.id) ?? source.removed(e.id)));
    const nextOffset = offset + slice.length;
    if (nextOffset < round.entries.length) {
      const token = opaqueToken();
      this.skipTokens.set(token, { round, offset: nextOffset });
      this.evict(this.skipTokens);
      return { value, nextToken: token };
    }
    if (!round.deltaToken) {
      round.deltaToken = opaqueToken();
      this.states.set(round.deltaToken, { mailbox: round.mailbox, scopeKey: round.scopeKey, params: round.params, known: round.nextKnown, expired: false });
      this.evict(this.states);
    }
    return { value, deltaToken: round.deltaToken };
  }

  private evict(map: Map<string, unknown>): void {
    while (map.size > MAX_STATES) {
      const first = map.keys().next().value;
      if (first === undefined) break;
      map.delete(first);
    }
  }
}

/** Page size from Prefer: odata.maxpagesize or $top, else the default. */
export function requestedPageSize(prefer: string | undefined, top: string | null | undefined, fallback: number): { size: number; applied?: string } {
  const m = prefer ? /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer) : null;
  if (m) {
    const n = Math.max(1, Number(m[1]));
    return { size: n, applied: `odata.maxpagesize=${n}` };
  }
  if (top && /^\d+$/.test(top)) return { size: Math.max(1, Number(top)) };
  return { size: fallback };
}
