// Pure: which of the app's client secrets is the one in use, and what its end date means now.
// Graph lists every secret of the registration with its hint (first three characters) but never its
// value, so the one in use is told apart by the hint of the configured secret; when no current secret
// has that hint (or several do), the soonest-ending current secret is taken: a warning too early beats
// one too late.
import type { PasswordCredential } from '../graph';
import type { SecretNote, SecretStatus } from '../../../shared/api';

const DAY_MS = 86_400_000;

/** What the last look at the secret found (kept in the plugin store, never returned as such). */
export interface SecretCheck {
  /** Which saved app and secret it was made for (a hash, see secret-check.ts): another one makes it stale. */
  app: string;
  checkedAt: string;
  outcome: 'read' | 'expired' | Exclude<SecretNote, 'not-checked'>;
  endsAt: string | null;
  secretName: string | null;
}

export interface SecretInUse {
  credential: PasswordCredential;
  matchedBy: 'hint' | 'soonest';
}

const endMs = (c: PasswordCredential) => (c.endDateTime ? Date.parse(c.endDateTime) : Number.POSITIVE_INFINITY);
const started = (c: PasswordCredential, now: Date) => !c.startDateTime || Date.parse(c.startDateTime) <= now.getTime();

/** The secret in use among the registration's secrets, or null when it has none. */
export function secretInUse(credentials: PasswordCredential[], secret: string | null, now: Date): SecretInUse | null {
  if (credentials.length === 0) return null;
  const soonestFirst = [...credentials].sort((a, b) => endMs(a) - endMs(b));
  const hint = secret ? secret.slice(0, 3) : null;
  const matching = hint ? soonestFirst.filter((c) => c.hint === hint && started(c, now)) : [];
  if (matching.length === 1) return { credential: matching[0]!, matchedBy: 'hint' };
  const current = soonestFirst.filter((c) => started(c, now) && endMs(c) > now.getTime());
  // None current: they have all ended (or not begun); the one that ended last is the best guess.
  const pick = matching[0] ?? current[0] ?? soonestFirst[soonestFirst.length - 1]!;
  return { credential: pick, matchedBy: 'soonest' };
}

/**
 * The secret's state now. `expiredByToken`: the identity platform answered AADSTS7000222 to a run
 * (a mailbox needs attention with expired_secret): expired whether or not the end date could be read.
 */
export function secretStatus(check: SecretCheck | null, app: string, expiredByToken: boolean, now: Date, warningDays: number): SecretStatus {
  const fresh = check && check.app === app ? check : null;
  const base = { endsAt: fresh?.endsAt ?? null, checkedAt: fresh?.checkedAt ?? null, secretName: fresh?.secretName ?? null, warningDays };
  if (expiredByToken || fresh?.outcome === 'expired') return { ...base, state: 'expired', source: 'token', note: fresh && fresh.outcome !== 'read' && fresh.outcome !== 'expired' ? fresh.outcome : null };
  if (!fresh) return { ...base, state: 'unknown', source: null, note: 'not-checked' };
  // An outage keeps the end date an earlier read found (secret-check.ts).
  const known = fresh.outcome === 'read' || (fresh.outcome === 'unreachable' && fresh.endsAt !== null);
  if (!known) return { ...base, state: 'unknown', source: null, note: fresh.outcome as SecretNote };
  const note = fresh.outcome === 'unreachable' ? 'unreachable' : null;
  const ends = fresh.endsAt ? Date.parse(fresh.endsAt) : Number.POSITIVE_INFINITY;
  if (ends <= now.getTime()) return { ...base, state: 'expired', source: 'end-date', note };
  const state = ends - now.getTime() <= warningDays * DAY_MS ? 'expiring' : 'ok';
  return { ...base, state, source: 'end-date', note };
}
