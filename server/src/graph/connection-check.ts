import { GatewayError, toGatewayError } from './errors';
import type { Gateway } from './index';
import type { GatewayOptions } from './types';
import type { ConnectionCheckName, ConnectionCheck, ConnectionReport } from '../../../shared/api';

export type { ConnectionCheckName, ConnectionCheck, ConnectionReport };

/** Short limits: an admin is waiting on the settings page. */
const CHECK_RETRIES = 1;
const CHECK_TIMEOUT_MS = 15_000;

/**
 * Token first; if it fails, the resource checks are reported as skipped (ok false) with the reason.
 * Then, for the given mailbox (or the first user with a mailbox from GET /users), one cheap read per
 * resource, in parallel: the calendar, To Do lists, the inbox folder.
 */
export async function checkConnection(
  options: GatewayOptions & { mailbox?: string },
  create: (options: GatewayOptions) => Gateway,
): Promise<ConnectionReport> {
  let gateway: Gateway;
  try {
    gateway = create({
      ...options,
      maxRetries: Math.min(options.maxRetries ?? CHECK_RETRIES, CHECK_RETRIES),
      requestTimeoutMs: options.requestTimeoutMs ?? CHECK_TIMEOUT_MS,
    });
  } catch (err) {
    return skippedAfterToken(messageOf(err), codeOf(err));
  }

  try {
    await gateway.getAccessToken();
  } catch (err) {
    return skippedAfterToken(messageOf(err), codeOf(err));
  }
  const token: ConnectionCheck = {
    name: 'token',
    ok: true,
    message: `Signed in as application ${options.clientId} in tenant ${options.tenantId} (${new URL(gateway.endpoints.authorityHost).host}).`,
  };

  let mailbox = options.mailbox?.trim();
  if (!mailbox) {
    try {
      mailbox = await firstMailbox(gateway);
    } catch (err) {
      const reason = `No mailbox was given and the users of the tenant could not be listed: ${messageOf(err)}`;
      return report([token, ...(['calendar', 'tasks', 'mail'] as const).map((name) => ({ name, ok: false, message: reason, code: codeOf(err) }))]);
    }
    if (!mailbox) {
      const reason = 'No mailbox was given and no user with a mailbox was found in the tenant; add a mailbox to test against.';
      return report([token, ...(['calendar', 'tasks', 'mail'] as const).map((name) => ({ name, ok: false, message: reason }))]);
    }
  }

  const m = encodeURIComponent(mailbox);
  const checks = await Promise.all([
    probe(gateway, 'calendar', `/users/${m}/events?$top=1&$select=id`, `The calendar of ${mailbox} can be read.`),
    gateway.endpoints.cloud === 'china'
      ? Promise.resolve<ConnectionCheck>({ name: 'tasks', ok: false, message: 'Microsoft To Do is not offered through Graph in the China cloud; disable the tasks integration.' })
      : probe(gateway, 'tasks', `/users/${m}/todo/lists?$top=1`, `The To Do lists of ${mailbox} can be read.`),
    probe(gateway, 'mail', `/users/${m}/mailFolders/inbox?$select=id`, `The inbox of ${mailbox} can be read.`),
  ]);
  return { ...report([token, ...checks]), mailbox };
}

async function firstMailbox(gateway: Gateway): Promise<string | undefined> {
  const page = await gateway.request<{ value?: Array<{ mail?: string | null; userPrincipalName?: string }> }>({
    method: 'GET',
    url: '/users?$top=10&$select=mail,userPrincipalName',
  });
  const withMail = page.value?.find((u) => u.mail);
  return withMail?.mail ?? undefined;
}

async function probe(gateway: Gateway, name: ConnectionCheckName, url: string, success: string): Promise<ConnectionCheck> {
  try {
    await gateway.request({ method: 'GET', url });
    return { name, ok: true, message: success };
  } catch (err) {
    return { name, ok: false, message: messageOf(err, url), code: codeOf(err) };
  }
}

function skippedAfterToken(message: string, code?: string): ConnectionReport {
  const skipped = `Skipped: no access token (${code ?? 'token failed'}); fix the token check first.`;
  return report([
    { name: 'token', ok: false, message, code },
    ...(['calendar', 'tasks', 'mail'] as const).map((name) => ({ name, ok: false, message: skipped })),
  ]);
}

function report(checks: ConnectionCheck[]): ConnectionReport {
  return { ok: checks.every((c) => c.ok), checks };
}

function messageOf(err: unknown, url?: string): string {
  return (err instanceof GatewayError ? err : toGatewayError(err, { method: 'GET', url })).message;
}

function codeOf(err: unknown): string | undefined {
  return err instanceof GatewayError ? err.code : undefined;
}
