// Which failures are an admin's to fix and which pass by themselves. Only the first kind changes a
// mailbox's health at once: a Microsoft outage, throttling or a network fault must never read as a
// broken connection (HubSpot once disconnected thousands of inboxes by taking an outage for revoked
// consent). A transient streak becomes "degraded" only after a while (mailboxes/health.ts).
import { isGatewayError, type GatewayErrorCode } from '../graph';

/** Codes the gateway gives when only an admin can mend things: a secret, a permission, a mailbox, a policy. */
const NEEDS_AN_ADMIN: ReadonlySet<GatewayErrorCode> = new Set<GatewayErrorCode>([
  'invalid_config',
  'invalid_secret',
  'expired_secret',
  'invalid_certificate',
  'unknown_client',
  'unknown_tenant',
  'auth_failed',
  'token_rejected',
  'missing_permission',
  'mailbox_blocked',
  'mailbox_not_found',
]);

export type FailureClass = { kind: 'needs-admin'; code: GatewayErrorCode } | { kind: 'transient' };

/**
 * The class of an error that stopped a mailbox × resource. Anything not known to need an admin is
 * transient (retried by the next runs): a 5xx from the identity platform, however it is worded, too.
 */
export function failureClass(error: unknown): FailureClass {
  if (isGatewayError(error) && NEEDS_AN_ADMIN.has(error.code) && !error.transient && !(error.status !== undefined && error.status >= 500)) {
    return { kind: 'needs-admin', code: error.code };
  }
  return { kind: 'transient' };
}
