// The subscriptions Graph holds: create (with the validation handshake), renew, delete, expiry, and
// turning an item change into the notifications of the live subscriptions that watch it.
import { GraphHttpError } from '../../core/http';
import { graphTimestamp, guid } from '../../core/ids';
import type { EmulatorState } from '../../state/store';
import type { ItemChange } from '../../state/changes';
import type { NotificationDelivery } from './delivery';
import { MAX_MINUTES, changeSeen, notificationResource, resolveTarget, type Target } from './resources';

export interface SubscriptionRecord {
  id: string;
  tenantId: string;
  applicationId: string;
  creatorId: string;
  resource: string;
  target: Target;
  changeTypes: Set<string>;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  latestSupportedTlsVersion: string;
  expirationMs: number;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
export const LIFECYCLE_EVENTS: LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

const CHANGE_TYPES = ['created', 'updated', 'deleted'];
const TLS_VERSIONS = ['v1_0', 'v1_1', 'v1_2', 'v1_3'];
/** "subscription resource type": clientState is at most 128 characters. */
const MAX_CLIENT_STATE = 128;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const invalid = (message: string) => new GraphHttpError(400, 'InvalidRequest', message);

/**
 * Graph requires an https notificationUrl. The emulator's one concession: http on a loopback host,
 * because the plugin under test listens on plain http.
 */
function checkUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value) throw invalid(`${field} is required.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`The ${field} '${value}' is not a valid absolute URL.`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return value;
  throw invalid(`Subscription validation request failed. ${field} must be an https URL.`);
}

export interface CreateInput {
  tenantId: string;
  applicationId: string;
  creatorId: string;
  body: Record<string, unknown>;
}

export class SubscriptionStore {
  private readonly subs = new Map<string, SubscriptionRecord>();

  constructor(
    private readonly state: EmulatorState,
    private readonly delivery: NotificationDelivery,
    private readonly maxMinutesOverride: () => number,
  ) {}

  clear(): void {
    this.subs.clear();
  }

  /** Live subscriptions; an expired one is gone, as on Graph. */
  all(): SubscriptionRecord[] {
    const now = Date.now();
    for (const [id, s] of this.subs) if (s.expirationMs <= now) this.subs.delete(id);
    return [...this.subs.values()];
  }

  get(id: string): SubscriptionRecord | undefined {
    return this.all().find((s) => s.id.toLowerCase() === id.toLowerCase());
  }

  delete(id: string): boolean {
    const s = this.get(id);
    return s ? this.subs.delete(s.id) : false;
  }

  maxMinutes(target: Target): number {
    return this.maxMinutesOverride() || MAX_MINUTES[target.kind];
  }

  /** expirationDateTime: required, in the future, and no further out than the resource allows. */
  expiration(value: unknown, target: Target): number {
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (typeof value !== 'string' || Number.isNaN(ms)) throw invalid('expirationDateTime is required and must be a date-time with an offset.');
    const now = Date.now();
    if (ms <= now) throw invalid(`Subscription expiration time '${value}' must be in the future.`);
    const max = this.maxMinutes(target);
    if (ms > now + max * 60_000) throw new GraphHttpError(400, 'ExtensionError', `Subscription expiration can only be ${max} minutes in the future.`);
    return ms;
  }

  async create(input: CreateInput): Promise<SubscriptionRecord> {
    const b = input.body;
    const changeType = typeof b.changeType === 'string' ? b.changeType : '';
    const changeTypes = changeType.split(',').map((c) => c.trim());
    if (!changeType || changeTypes.some((c) => !CHANGE_TYPES.includes(c))) throw invalid(`The changeType '${changeType}' is invalid; use one or more of created, updated, deleted, separated by commas.`);
    if (typeof b.resource !== 'string' || !b.resource) throw invalid('resource is required.');
    const notificationUrl = checkUrl(b.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl = b.lifecycleNotificationUrl == null ? null : checkUrl(b.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    const clientState = b.clientState == null ? null : String(b.clientState);
    if (clientState !== null && clientState.length > MAX_CLIENT_STATE) throw invalid(`clientState is ${clientState.length} characters long; the maximum is ${MAX_CLIENT_STATE}.`);
    const tls = b.latestSupportedTlsVersion == null ? 'v1_2' : String(b.latestSupportedTlsVersion);
    if (!TLS_VERSIONS.includes(tls)) throw invalid(`latestSupportedTlsVersion '${tls}' is invalid; use one of ${TLS_VERSIONS.join(', ')}.`);
    if (b.includeResourceData === true) throw invalid('includeResourceData is not supported by the emulator (it needs an encryptionCertificate).');
    const { target } = resolveTarget(this.state, input.tenantId, b.resource, 'Create');
    const expirationMs = this.expiration(b.expirationDateTime, target);
    const id = guid();
    for (const url of [notificationUrl, lifecycleNotificationUrl]) {
      if (!url) continue;
      const result = await this.delivery.validate(url, id);
      if (result === 'timeout') throw invalid('Subscription validation request timed out.');
      if (result !== 'ok') throw invalid('Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    const sub: SubscriptionRecord = {
      id,
      tenantId: input.tenantId,
      applicationId: input.applicationId,
      creatorId: input.creatorId,
      resource: b.resource,
      target,
      changeTypes: new Set(changeTypes),
      changeType: changeTypes.join(','),
      notificationUrl,
      lifecycleNotificationUrl,
      clientState,
      latestSupportedTlsVersion: tls,
      expirationMs,
    };
    this.subs.set(id, sub);
    return sub;
  }

  render(s: SubscriptionRecord): Record<string, unknown> {
    return {
      id: s.id,
      resource: s.resource,
      applicationId: s.applicationId,
      changeType: s.changeType,
      clientState: s.clientState,
      notificationUrl: s.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: s.lifecycleNotificationUrl,
      expirationDateTime: graphTimestamp(new Date(s.expirationMs)),
      creatorId: s.creatorId,
      includeResourceData: false,
      latestSupportedTlsVersion: s.latestSupportedTlsVersion,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  /** Queues a notification for every live subscription that watches this item and this change type. */
  onChange(change: ItemChange): void {
    if (this.subs.size === 0) return; // bulk seeding writes thousands of items with nobody listening
    const named = notificationResource(change);
    for (const s of this.all()) {
      const seen = changeSeen(s.target, change);
      if (!seen || !s.changeTypes.has(seen) || s.tenantId.toLowerCase() !== change.user.tenantId.toLowerCase()) continue;
      this.delivery.enqueue(s.notificationUrl, {
        subscriptionId: s.id,
        subscriptionExpirationDateTime: graphTimestamp(new Date(s.expirationMs)),
        changeType: seen,
        resource: named.resource,
        resourceData: named.resourceData,
        clientState: s.clientState,
        tenantId: s.tenantId,
      });
    }
  }

  /** Sends a lifecycle notification to the subscription's lifecycleNotificationUrl (false when it has none). */
  lifecycle(s: SubscriptionRecord, event: LifecycleEvent): boolean {
    if (!LIFECYCLE_EVENTS.includes(event)) throw new TypeError(`Unknown lifecycle event '${String(event)}'; use one of ${LIFECYCLE_EVENTS.join(', ')}`);
    if (!s.lifecycleNotificationUrl) return false;
    this.delivery.lifecycle(s.lifecycleNotificationUrl, {
      subscriptionId: s.id,
      subscriptionExpirationDateTime: graphTimestamp(new Date(s.expirationMs)),
      tenantId: s.tenantId,
      clientState: s.clientState,
      lifecycleEvent: event,
    });
    return true;
  }
}
