// The control API: set up tenants and mailboxes, act as a Microsoft 365 user, inject faults, read logs.
// Every method is also reachable over HTTP under /_emulator (see control/http.ts and README.md).
import type { EmulatorCore, EmulatorConfig } from '../core/core';
import type { FaultSpec, ActiveFault } from '../core/faults';
import type { RequestRecord, EmulatorStats } from '../core/requestLog';
import { checkRequestBody, type BodyShape } from '../schema/check';
import type { AppRegistration, MeetingMessage, PasswordCredentialRecord, UserRecord } from '../state/model';
import { guid } from '../core/ids';
import { DEMO } from '../demo';
import { createEvent, deleteInstance, findInstance, renderEvent, updateInstance } from '../graph/calendar/events';
import { seedDemoData } from './seedDemo';
import { seedEvents, seedMessages, type SeedEventsOptions, type SeedMessagesOptions } from './seedBulk';
import * as todo from '../graph/todo/tasks';
import * as mail from '../graph/mail/messages';
import type { TodoListRecord } from '../state/model';
import { DEFAULT_CONFIG } from '../core/core';
import type { DeliveryAttempt, DeliveryControl } from '../graph/subscriptions/delivery';
import type { LifecycleEvent, SubscriptionRecord } from '../graph/subscriptions/store';

/** A subscription as the control API lists it (Graph's rendering plus the owning tenant). */
export type SubscriptionSummary = Record<string, unknown> & {
  id: string;
  tenantId: string;
  clientState: string | null;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
};

export interface AddTenantInput {
  tenantId: string;
  domain?: string;
  apps: Array<{
    clientId: string;
    secret?: string;
    secretExpired?: boolean;
    certificateThumbprint?: string;
    permissions: string[];
    blockedMailboxes?: string[];
    /** The app's client secrets; by default one for `secret`, valid for two years (already ended when secretExpired). */
    passwordCredentials?: PasswordCredentialInput[];
  }>;
}

/** A client secret of an app registration as a test sets it: `value` is the secret the token endpoint compares. */
export interface PasswordCredentialInput {
  endDateTime: string;
  startDateTime?: string;
  displayName?: string | null;
  value?: string;
  keyId?: string;
}

const DAY_MS = 86_400_000;

export interface AddUserInput {
  tenantId?: string;
  address: string;
  displayName: string;
  shared?: boolean;
}

export interface MailboxSummary {
  address: string;
  id: string;
  tenantId: string;
  shared: boolean;
  events: number;
  todoLists: Array<{ id: string; displayName: string; tasks: number }>;
  mailFolders: Array<{ id: string; wellKnownName?: string; messages: number }>;
}

export class EmulatorControl {
  /** The latency startEmulator was given: reset() returns to it, not to zero. */
  private readonly startLatencyMs: number;

  constructor(private readonly core: EmulatorCore) {
    this.startLatencyMs = core.config.latencyMs;
  }

  /** Forgets everything (data, sync states, faults, request log, config) and loads a seed. */
  reset(seed: 'demo' | 'empty' = 'empty'): void {
    this.core.state.clear();
    this.core.delta.clear();
    this.core.faults.clear();
    this.core.log.clear();
    this.core.linkOrigin = null;
    this.core.subscriptions.clear();
    this.core.notifications.reset();
    this.core.configure({ ...DEFAULT_CONFIG, latencyMs: this.startLatencyMs });
    if (seed === 'demo') seedDemoData(this);
    else if (seed !== 'empty') throw new TypeError(`Unknown seed '${String(seed)}'`);
  }

  addTenant(input: AddTenantInput): void {
    if (!input?.tenantId) throw new TypeError('tenantId is required');
    const apps = new Map<string, AppRegistration>();
    for (const a of input.apps ?? []) {
      apps.set(a.clientId.toLowerCase(), {
        clientId: a.clientId,
        objectId: guid(),
        displayName: 'Strapi Microsoft 365 (emulator)',
        secret: a.secret,
        secretExpired: a.secretExpired ?? false,
        passwordCredentials: (a.passwordCredentials ?? defaultSecret(a.secret, a.secretExpired ?? false)).map(passwordCredential),
        certificateThumbprint: a.certificateThumbprint,
        permissions: [...(a.permissions ?? [])],
        blockedMailboxes: (a.blockedMailboxes ?? []).map((m) => m.toLowerCase()),
      });
    }
    this.core.state.putTenant({ tenantId: input.tenantId, domain: input.domain ?? '', apps });
  }

  /**
   * Replaces an app registration's client secrets (what Certificates & secrets lists): end dates move,
   * secrets are added or removed. A secret whose end date has passed gets AADSTS7000222 at the token endpoint.
   */
  setPasswordCredentials(clientId: string, credentials: PasswordCredentialInput[], tenantId?: string): void {
    if (!Array.isArray(credentials)) throw new TypeError('credentials must be a list of { endDateTime, startDateTime?, displayName?, value? }');
    const app = this.app(clientId, tenantId);
    app.passwordCredentials = credentials.map(passwordCredential);
  }

  /** Moves the end date of the secret the app is used with (the demo app's by default). */
  setSecretEndDate(endDateTime: string, clientId: string = DEMO.clientId, tenantId?: string): void {
    const app = this.app(clientId, tenantId);
    const inUse = app.passwordCredentials.find((c) => c.value !== undefined && c.value === app.secret);
    if (!inUse) throw new TypeError(`App '${clientId}' has no client secret in use`);
    inUse.endDateTime = isoDate(endDateTime, 'endDateTime');
  }

  private app(clientId: string, tenantId?: string): AppRegistration {
    const tenants = tenantId ? [this.core.state.findTenant(tenantId)] : [...this.core.state.tenants.values()];
    for (const tenant of tenants) {
      const app = tenant?.apps.get(clientId.toLowerCase());
      if (app) return app;
    }
    throw new TypeError(`Unknown app '${clientId}'`);
  }

  addUser(input: AddUserInput): UserRecord {
    const tenantId = input.tenantId ?? this.defaultTenantId();
    if (!this.core.state.findTenant(tenantId)) throw new TypeError(`Unknown tenant '${tenantId}'`);
    return this.core.state.addUser({ tenantId: this.core.state.findTenant(tenantId)!.tenantId, address: input.address, displayName: input.displayName, shared: input.shared });
  }

  private defaultTenantId(): string {
    const first = this.core.state.tenants.values().next().value;
    if (!first) throw new TypeError('Add a tenant first');
    return first.tenantId;
  }

  private user(mailbox: string): UserRecord {
    const u = this.core.state.findUser(mailbox);
    if (!u) throw new TypeError(`Unknown mailbox '${mailbox}'`);
    return u;
  }

  // ---- calendar (as the mailbox owner in Outlook) ----
  createEvent(mailbox: string, event: Record<string, unknown>): Record<string, unknown> {
    asGraphWrites('event', event);
    const user = this.user(mailbox);
    const { event: ev } = createEvent(user, event);
    // Graph never takes an organizer from a client; here it makes the event an invitation this mailbox received.
    if (event.organizer) ev.data.organizer = event.organizer;
    return renderEvent(user, { master: ev }, undefined);
  }

  /** Also accepts an occurrence id: the occurrence becomes an exception. */
  updateEvent(mailbox: string, id: string, patch: Record<string, unknown>): Record<string, unknown> {
    asGraphWrites('event', patch);
    const user = this.user(mailbox);
    return renderEvent(user, updateInstance(user, id, patch), undefined);
  }

  /** Also accepts an occurrence id: the occurrence is cancelled. */
  deleteEvent(mailbox: string, id: string): void {
    deleteInstance(this.user(mailbox), id);
  }

  getEvent(mailbox: string, id: string): Record<string, unknown> | undefined {
    const user = this.user(mailbox);
    const inst = findInstance(user, id);
    return inst ? renderEvent(user, inst, undefined) : undefined;
  }

  /** What the Graph API's writes made Exchange mail this mailbox's meeting attendees (requests, updates, cancellations). */
  meetingMessages(mailbox: string): MeetingMessage[] {
    return [...this.user(mailbox).mailbox.meetingMessages];
  }

  listEvents(mailbox: string): Array<Record<string, unknown>> {
    const user = this.user(mailbox);
    return [...user.mailbox.events.values()].map((ev) => renderEvent(user, { master: ev }, undefined));
  }

  seedEvents(mailbox: string, n: number, opts: SeedEventsOptions = {}): number {
    return seedEvents(this.user(mailbox), n, opts);
  }

  // ---- To Do (as the mailbox owner in the To Do app) ----
  /** A list by id, display name or 'defaultList'. */
  private list(user: UserRecord, idOrName: string): TodoListRecord {
    const byId = user.mailbox.todoLists.get(idOrName);
    if (byId) return byId;
    if (idOrName === 'defaultList') return todo.defaultList(user);
    for (const l of user.mailbox.todoLists.values()) if (l.displayName === idOrName) return l;
    throw todo.listNotFound();
  }

  createTodoList(mailbox: string, name: string): Record<string, unknown> {
    return todo.renderList(todo.createList(this.user(mailbox), name));
  }

  todoLists(mailbox: string): Array<Record<string, unknown>> {
    return [...this.user(mailbox).mailbox.todoLists.values()].map(todo.renderList);
  }

  createTask(mailbox: string, listId: string, task: Record<string, unknown>): Record<string, unknown> {
    asGraphWrites('todoTask', task);
    const user = this.user(mailbox);
    return todo.renderTask(todo.createTask(user, this.list(user, listId).id, task));
  }

  updateTask(mailbox: string, taskId: string, patch: Record<string, unknown>): Record<string, unknown> {
    asGraphWrites('todoTask', patch);
    const user = this.user(mailbox);
    return todo.renderTask(todo.updateTask(user, todo.locateTask(user, taskId), patch));
  }

  deleteTask(mailbox: string, taskId: string): void {
    const user = this.user(mailbox);
    todo.deleteTask(user, todo.locateTask(user, taskId));
  }

  /** Like To Do, the task gets a new id in the target list. */
  moveTask(mailbox: string, taskId: string, toListId: string): Record<string, unknown> {
    const user = this.user(mailbox);
    return todo.renderTask(todo.moveTask(user, todo.locateTask(user, taskId), this.list(user, toListId).id));
  }

  getTask(mailbox: string, taskId: string): (Record<string, unknown> & { listId: string }) | undefined {
    const user = this.user(mailbox);
    try {
      const t = todo.locateTask(user, taskId);
      return { ...todo.renderTask(t), listId: t.listId };
    } catch {
      return undefined;
    }
  }

  listTasks(mailbox: string, listId: string): Array<Record<string, unknown>> {
    const user = this.user(mailbox);
    return [...this.list(user, listId).tasks.values()].map(todo.renderTask);
  }

  // ---- mail (as a sender or the mailbox owner in Outlook) ----
  createMessage(mailbox: string, folder: string, message: Record<string, unknown>): Record<string, unknown> {
    asGraphWrites('message', message);
    return mail.renderMessage(mail.createMessage(this.user(mailbox), folder, message));
  }

  updateMessage(mailbox: string, id: string, patch: Record<string, unknown>): Record<string, unknown> {
    asGraphWrites('message', patch);
    return mail.renderMessage(mail.updateMessage(this.user(mailbox), id, patch));
  }

  deleteMessage(mailbox: string, id: string): void {
    mail.deleteMessage(this.user(mailbox), id);
  }

  moveMessage(mailbox: string, id: string, toFolder: string): Record<string, unknown> {
    return mail.renderMessage(mail.moveMessage(this.user(mailbox), id, toFolder));
  }

  getMessage(mailbox: string, id: string): Record<string, unknown> | undefined {
    const m = this.user(mailbox).mailbox.messages.get(id);
    return m ? mail.renderMessage(m) : undefined;
  }

  listMessages(mailbox: string, folder: string): Array<Record<string, unknown>> {
    const user = this.user(mailbox);
    const f = mail.findFolder(user, folder);
    return [...user.mailbox.messages.values()].filter((m) => m.folderId === f.id).sort((a, b) => b.receivedMs - a.receivedMs).map(mail.renderMessage);
  }

  seedMessages(mailbox: string, folder: string, n: number, opts: SeedMessagesOptions = {}): number {
    return seedMessages(this.user(mailbox), folder, n, opts);
  }

  // ---- sync state ----
  /** Existing delta and skip tokens of the mailbox (or all) answer 410 from now on. */
  expireDeltaTokens(mailbox?: string): number {
    return this.core.delta.expire(mailbox ? this.user(mailbox).address : undefined);
  }

  // ---- change-notification subscriptions ----
  /** Every live subscription of every app, with its clientState. */
  subscriptions(): SubscriptionSummary[] {
    return this.core.subscriptions.all().map((s) => ({ ...this.core.subscriptions.render(s), tenantId: s.tenantId }) as SubscriptionSummary);
  }

  private subscription(id: string): SubscriptionRecord {
    const s = this.core.subscriptions.get(id);
    if (!s) throw Object.assign(new TypeError(`Unknown or expired subscription '${id}'`), { status: 404 });
    return s;
  }

  /** The subscription's expirationDateTime passes now: it is gone and delivers nothing. */
  expireSubscription(id: string): void {
    this.subscription(id).expirationMs = Date.now() - 1;
  }

  /** Graph drops the subscription: a subscriptionRemoved lifecycle notification (if it has a lifecycleNotificationUrl), then it is gone. */
  removeSubscription(id: string): void {
    const s = this.subscription(id);
    this.core.subscriptions.lifecycle(s, 'subscriptionRemoved');
    this.core.subscriptions.delete(s.id);
  }

  /** Sends a lifecycle notification; throws when the subscription has no lifecycleNotificationUrl. */
  sendLifecycleEvent(id: string, event: LifecycleEvent): void {
    if (!this.core.subscriptions.lifecycle(this.subscription(id), event)) throw new TypeError(`Subscription '${id}' has no lifecycleNotificationUrl`);
  }

  /** Drop, delay or duplicate the change notifications from now on (merged into the current setting). */
  setNotificationDelivery(control: DeliveryControl): void {
    this.core.notifications.setControl(control);
  }

  resetNotificationDelivery(): void {
    this.core.notifications.resetControl();
  }

  /** Every validation request, notification and lifecycle POST attempted, oldest first. */
  notificationLog(): DeliveryAttempt[] {
    return this.core.notifications.log();
  }

  /** Resolves when no notification is queued, waiting for a retry or in flight. */
  notificationsIdle(): Promise<void> {
    return this.core.notifications.idle();
  }

  // ---- faults, config, log ----
  addFault(spec: FaultSpec): ActiveFault {
    return this.core.faults.add(spec);
  }

  clearFaults(): void {
    this.core.faults.clear();
  }

  faults(): ActiveFault[] {
    return this.core.faults.list();
  }

  configure(patch: Partial<EmulatorConfig>): EmulatorConfig {
    return this.core.configure(patch);
  }

  /**
   * Delta answers write their `@odata.nextLink` / `@odata.deltaLink` on `origin` (e.g.
   * 'https://evil.example') until called with null: what a client must refuse to follow or store.
   */
  setLinkOrigin(origin: string | null): void {
    if (origin !== null && new URL(origin).origin !== origin) throw new TypeError(`setLinkOrigin: '${origin}' is not an origin (scheme://host[:port])`);
    this.core.linkOrigin = origin;
  }

  config(): EmulatorConfig {
    return { ...this.core.config };
  }

  requests(): RequestRecord[] {
    return this.core.log.list();
  }

  stats(): EmulatorStats {
    return this.core.log.stats();
  }

  clearRequests(): void {
    this.core.log.clear();
  }

  getState(): { tenants: Array<{ tenantId: string; domain: string; apps: string[] }>; mailboxes: MailboxSummary[] } {
    const s = this.core.state;
    return {
      tenants: [...s.tenants.values()].map((t) => ({ tenantId: t.tenantId, domain: t.domain, apps: [...t.apps.values()].map((a) => a.clientId) })),
      mailboxes: s.allUsers().map((u) => ({
        address: u.address,
        id: u.id,
        tenantId: u.tenantId,
        shared: u.shared,
        events: u.mailbox.events.size,
        todoLists: [...u.mailbox.todoLists.values()].map((l) => ({ id: l.id, displayName: l.displayName, tasks: l.tasks.size })),
        mailFolders: [...u.mailbox.folders.values()].map((f) => ({
          id: f.id,
          wellKnownName: f.wellKnownName,
          messages: [...u.mailbox.messages.values()].filter((m) => m.folderId === f.id).length,
        })),
      })),
    };
  }

  /** The demo tenant's identifiers (also exported as DEMO). */
  /** The Graph routes served, with the schema types of what they accept and render. */
  graphRoutes(): Array<{ method: string; template: string; accepts?: BodyShape; renders?: string }> {
    return this.core.graphRouter.list().map((r) => ({ method: r.method, template: r.template, accepts: r.handler.accepts, renders: r.handler.renders }));
  }

  demo(): typeof DEMO {
    return DEMO;
  }
}

function defaultSecret(secret: string | undefined, expired: boolean): PasswordCredentialInput[] {
  if (!secret) return [];
  const now = Date.now();
  return [{ value: secret, displayName: 'Strapi', startDateTime: new Date(now - 30 * DAY_MS).toISOString(), endDateTime: new Date(expired ? now - DAY_MS : now + 730 * DAY_MS).toISOString() }];
}

function isoDate(value: unknown, field: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new TypeError(`${field} must be an ISO date-time`);
  return new Date(ms).toISOString();
}

function passwordCredential(input: PasswordCredentialInput): PasswordCredentialRecord {
  return {
    keyId: input.keyId ?? guid(),
    displayName: input.displayName ?? null,
    hint: input.value ? input.value.slice(0, 3) : null,
    startDateTime: input.startDateTime ? isoDate(input.startDateTime, 'startDateTime') : new Date().toISOString(),
    endDateTime: isoDate(input.endDateTime, 'endDateTime'),
    value: input.value,
  };
}

/**
 * What a test makes "the owner do in Outlook" is held to Graph's schema like a request: a test cannot
 * give Microsoft's side a property or value Graph does not have, and then pass against it.
 */
function asGraphWrites(type: string, body: Record<string, unknown>): void {
  const [violation] = checkRequestBody({ type }, body);
  if (violation) throw new TypeError(`Not a Graph ${type}: ${violation.path || 'body'}: ${violation.message}`);
}
