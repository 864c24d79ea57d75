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
add('PUT', '/apps/{clientId}/password-credentials', (c, b, p) => c.setPasswordCredentials(p.clientId, (b as { credentials?: never }).credentials as never, str(b.tenantId)));
add('PUT', '/apps/{clientId}/secret-end-date', (c, b, p) => c.setSecretEndDate(String(b.endDateTime ?? ''), p.clientId, str(b.tenantId)));
add('GET', '/state', (c) => c.getState());
add('GET', '/config', (c) => c.config());
add('PUT', '/config', (c, b) => c.configure(b as never));
add('PUT', '/link-origin', (c, b) => c.setLinkOrigin((b as { origin?: string | null })?.origin ?? null));
add('GET', '/faults', (c) => c.faults());
add('POST', '/faults', (c, b) => c.addFault(b as never));
add('DELETE', '/faults', (c) => c.clearFaults());
add('GET', '/requests', (c) => c.requests());
add('DELETE', '/requests', (c) => c.clearRequests());
add('GET', '/stats', (c) => c.stats());
add('POST', '/delta/expire', (c, b) => ({ expired: c.expireDeltaTokens(str(b.mailbox)) }));

add('GET', '/subscriptions', (c) => c.subscriptions());
add('POST', '/subscriptions/{id}/expire', (c, _b, p) => c.expireSubscription(p.id));
add('POST', '/subscriptions/{id}/remove', (c, _b, p) => c.removeSubscription(p.id));
add('POST', '/subscriptions/{id}/lifecycle', (c, b, p) => c.sendLifecycleEvent(p.id, String(b.lifecycleEvent ?? b.event) as never));
add('PUT', '/notification-delivery', (c, b) => c.setNotificationDelivery(b as never));
add('DELETE', '/notification-delivery', (c) => c.resetNotificationDelivery());
add('GET', '/notifications', (c) => c.notificationLog());
add('POST', '/notifications/idle', async (c) => {
  await c.notificationsIdle();
});

add('GET', '/users/{mailbox}/events', (c, _b, p) => c.listEvents(p.mailbox));
add('POST', '/users/{mailbox}/events', (c, b, p) => c.createEvent(p.mailbox, b));
add('POST', '/users/{mailbox}/events/seed', (c, b, p) => ({ created: c.seedEvents(p.mailbox, Number(b.n), b as never) }));
add('GET', '/users/{mailbox}/events/{id}', (c, _b, p) => c.getEvent(p.mailbox, p.id) ?? null);
add('PATCH', '/users/{mailbox}/events/{id}', (c, b, p) => c.updateEvent(p.mailbox, p.id, b));
add('DELETE', '/users/{mailbox}/events/{id}', (c, _b, p) => c.deleteEvent(p.mailbox, p.id));
add('GET', '/users/{mailbox}/meeting-messages', (c, _b, p) => c.meetingMessages(p.mailbox));

add('GET', '/users/{mailbox}/todo/lists', (c, _b, p) => c.todoLists(p.mailbox));
add('POST', '/users/{mailbox}/todo/lists', (c, b, p) => c.createTodoList(p.mailbox, String(b.displayName ?? b.name ?? '')));
add('GET', '/users/{mailbox}/todo/lists/{listId}/tasks', (c, _b, p) => c.listTasks(p.mailbox, p.listId));
add('POST', '/users/{mailbox}/todo/lists/{listId}/tasks', (c, b, p) => c.createTask(p.mailbox, p.listId, b));
add('GET', '/users/{mailbox}/todo/tasks/{taskId}', (c, _b, p) => c.getTask(p.mailbox, p.taskId) ?? null);
add('PATCH', '/users/{mailbox}/todo/tasks/{taskId}', (c, b, p) => c.updateTask(p.mailbox, p.taskId, b));
add('DELETE', '/users/{mailbox}/todo/tasks/{taskId}', (c, _b, p) => c.deleteTask(p.mailbox, p.taskId));
add('POST', '/users/{mailbox}/todo/tasks/{taskId}/move', (c, b, p) => c.moveTask(p.mailbox, p.taskId, String(b.toListId)));

add('GET', '/users/{mailbox}/mailFolders/{folder}/messages', (c, _b, p) => c.listMessages(p.mailbox, p.folder));
add('POST', '/users/{mailbox}/mailFolders/{folder}/messages/seed', (c, b, p) => ({ created: c.seedMessages(p.mailbox, p.folder, Number(b.n), b as never) }));
add('POST', '/users/{mailbox}/mailFolders/{folder}/messages', (c, b, p) => c.createMessage(p.mailbox, p.folder, b));
add('GET', '/users/{mailbox}/messages/{id}', (c, _b, p) => c.getMessage(p.mailbox, p.id) ?? null);
add('PATCH', '/users/{mailbox}/messages/{id}', (c, b, p) => c.updateMessage(p.mailbox, p.id, b));
add('DELETE', '/users/{mailbox}/messages/{id}', (c, _b, p) => c.deleteMessage(p.mailbox, p.id));
add('POST', '/users/{mailbox}/messages/{id}/move', (c, b, p) => c.moveMessage(p.mailbox, p.id, String(b.toFolder ?? b.destinationId)));

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
