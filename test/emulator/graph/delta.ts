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
  /**
   * Items of the resource outside the view (events outside a calendar view's window). From the second
   * round on, each one added, changed or deleted since the previous round is reported as removed too,
   * as "event: delta" documents; the first round lists none of them.
   */
  outside?(): DeltaItem[];
}

/** How the known map records an item that was outside the view (its version behind this mark). */
const OUTSIDE = 'outside:';

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
// Bounded by count and by the (id, version) pairs they hold, so long benchmarks cannot exhaust memory.
const MAX_STATES = 20_000;
const MAX_KNOWN_PAIRS = 3_000_000;

export class DeltaStore {
  private readonly skipTokens = new Map<string, { round: Round; offset: number }>();
  private readonly states = new Map<string, SyncState>();
  /** How many states share each known-map (quiet rounds reuse their predecessor's). */
  private readonly knownRefs = new Map<Map<string, string>, number>();
  private knownPairs = 0;
  /** Rounds that have skip tokens out, oldest first, with their tokens (evicted together). */
  private readonly pagedRounds = new Map<Round, string[]>();
  private pagedPairs = 0;

  clear(): void {
    this.skipTokens.clear();
    this.pagedRounds.clear();
    this.pagedPairs = 0;
    this.states.clear();
    this.knownRefs.clear();
    this.knownPairs = 0;
  }

  /** Makes every existing token of the mailbox (or all) answer 410 from now on. */
  expire(mailbox?: string): number {
    let n = 0;
    const hit = (m: string) => !mailbox || m === mailbox.toLowerCase();
    for (const s of this.states.values()) {
      if (!hit(s.mailbox) || s.expired) continue;
      s.expired = true;
      n++;
    }
    for (const { round } of this.skipTokens.values()) {
      if (!hit(round.mailbox) || round.expired) continue;
      round.expired = true;
      n++;
    }
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
    const removals: string[] = [];
    for (const item of source.outside?.() ?? []) {
      const version = OUTSIDE + item.version;
      nextKnown.set(item.id, version);
      if (deltaToken && known.get(item.id) !== version) removals.push(item.id);
    }
    for (const id of known.keys()) if (!nextKnown.has(id)) removals.push(id);
    if (!wanted || wanted.has('deleted')) for (const id of removals) entries.push({ id, op: 'remove' });
    const unchanged = nextKnown.size === known.size && [...known].every(([id, v]) => nextKnown.get(id) === v);
    const round: Round = { mailbox: mailbox.toLowerCase(), scopeKey, params, entries, nextKnown: unchanged ? known : nextKnown, expired: false };
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
      this.trackPaged(round, token);
      return { value, nextToken: token };
    }
    if (!round.deltaToken) {
      round.deltaToken = opaqueToken();
      this.states.set(round.deltaToken, { mailbox: round.mailbox, scopeKey: round.scopeKey, params: round.params, known: round.nextKnown, expired: false });
      this.retain(round.nextKnown);
      this.evictStates();
    }
    return { value, deltaToken: round.deltaToken };
  }

  private retain(known: Map<string, string>): void {
    const refs = this.knownRefs.get(known) ?? 0;
    if (refs === 0) this.knownPairs += known.size;
    this.knownRefs.set(known, refs + 1);
  }

  private release(known: Map<string, string>): void {
    const refs = (this.knownRefs.get(known) ?? 1) - 1;
    if (refs > 0) {
      this.knownRefs.set(known, refs);
      return;
    }
    this.knownRefs.delete(known);
    this.knownPairs -= known.size;
  }

  /** Drops the oldest sync states beyond the count or size budget (never the newest one). */
  private evictStates(): void {
    while (this.states.size > 1 && (this.states.size > MAX_STATES || this.knownPairs > MAX_KNOWN_PAIRS)) {
      const [token, state] = this.states.entries().next().value as [string, SyncState];
      this.states.delete(token);
      this.release(state.known);
    }
  }

  private trackPaged(round: Round, token: string): void {
    const tokens = this.pagedRounds.get(round);
    if (tokens) {
      tokens.push(token);
    } else {
      this.pagedRounds.set(round, [token]);
      this.pagedPairs += round.entries.length + round.nextKnown.size;
    }
    // Oldest rounds lose their skip tokens first; the round being paged now is kept.
    while (this.pagedRounds.size > 1 && (this.skipTokens.size > MAX_STATES || this.pagedPairs > MAX_KNOWN_PAIRS)) {
      const [oldest, oldTokens] = this.pagedRounds.entries().next().value as [Round, string[]];
      this.pagedRounds.delete(oldest);
      this.pagedPairs -= oldest.entries.length + oldest.nextKnown.size;
      for (const t of oldTokens) this.skipTokens.delete(t);
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
