// HTTP face of the control API (/_emulator/...): JSON in, JSON out, no auth. For out-of-process users
// such as benchmarks and the playground.
import type { EmulatorControl } from './control';
import { json, noContent, type EmRequest, type EmResponse } from '../core/http';
import { Router } from '../core/router';

type Handler = (c: EmulatorControl, body: Record<string, unknown>, params: Record<string, string>, req: EmRequest) => unknown;

const router = new Router<Handler>();
const add = (method: string, path: string, h: Handler) => router.add(method, `/_emulator${path}`, h);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

add('POST', '/reset', (c, b) => c.reset((str(b.seed) as 'demo' | 'empty' | undefined) ?? 'empty'));
add('POST', '/tenants', (c, b) => c.addTenant(b as never));
add('POST', '/users', (c, b) => {
  const u = c.addUser(b as never);
  return { id: u.id, address: u.address };
});
add('GET', '/state', (c) => c.getState());
add('GET', '/config', (c) => c.config());
add('PUT', '/config', (c, b) => c.configure(b as never));
add('GET', '/faults', (c) => c.faults());
add('POST', '/faults', (c, b) => c.addFault(b as never));
add('DELETE', '/faults', (c) => c.clearFaults());
add('GET', '/requests', (c) => c.requests());
add('DELETE', '/requests', (c) => c.clearRequests());
add('GET', '/stats', (c) => c.stats());
add('POST', '/delta/expire', (c, b) => ({ expired: c.expireDeltaTokens(str(b.mailbox)) }));

add('GET', '/users/{mailbox}/events', (c, _b, p) => c.listEvents(p.mailbox));
add('POST', '/users/{mailbox}/events', (c, b, p) => c.createEvent(p.mailbox, b));
add('POST', '/users/{mailbox}/events/seed', (c, b, p) => ({ created: c.seedEvents(p.mailbox, Number(b.n), b as never) }));
add('GET', '/users/{mailbox}/events/{id}', (c, _b, p) => c.getEvent(p.mailbox, p.id) ?? null);
add('PATCH', '/users/{mailbox}/events/{id}', (c, b, p) => c.updateEvent(p.mailbox, p.id, b));
add('DELETE', '/users/{mailbox}/events/{id}', (c, _b, p) => c.deleteEvent(p.mailbox, p.id));

export function registerControlRoute(method: string, path: string, h: Handler): void {
  add(method, path, h);
}

export async function handleControlRequest(control: EmulatorControl, req: EmRequest): Promise<EmResponse> {
  const { found, methodMismatch } = router.match(req);
  if (!found) return json(methodMismatch ? 405 : 404, { error: `No control endpoint ${req.method} ${req.path}` });
  const body = req.body && typeof req.body === 'object' && !(req.body instanceof URLSearchParams) ? (req.body as Record<string, unknown>) : {};
  try {
    const result = await found.route.handler(control, body, found.params, req);
    if (result === undefined) return noContent();
    return json(req.method === 'POST' ? 201 : 200, result);
  } catch (err) {
    const status = (err as { status?: number }).status ?? 400;
    const code = (err as { code?: string }).code;
    return json(status, { error: err instanceof Error ? err.message : String(err), ...(code ? { code } : {}) });
  }
}
