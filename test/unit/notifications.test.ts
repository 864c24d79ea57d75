// Live updates' pure parts: what is subscribed, which notifications are believed, what health says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredMailbox } from '../../shared/api';
import type { PublicSettings } from '../../shared/settings';
import { liveUpdatesOf } from '../../server/src/notifications/live-updates';
import { notificationsOf, verifiedNotifications } from '../../server/src/notifications/receive';
import type { SubscriptionRow } from '../../server/src/notifications/subscription-store';
import { wantedSubscriptions } from '../../server/src/notifications/wanted';
import { defaultSettings } from '../../server/src/settings/defaults';

const settings = (integrations: Partial<PublicSettings['integrations']>, folders?: string[]): PublicSettings => {
  const base = defaultSettings() as unknown as PublicSettings;
  return { ...base, integrations: { ...base.integrations, ...integrations }, ...(folders ? { email: { ...base.email, folders } } : {}) } as PublicSettings;
};

const mailbox = (address: string, extra: Partial<StoredMailbox> = {}): StoredMailbox =>
  ({ id: 1, documentId: address, address, displayName: null, owner: null, enabled: true, calendar: true, tasks: true, email: true, ...extra }) as StoredMailbox;

const row = (patch: Partial<SubscriptionRow>): SubscriptionRow => ({
  id: 1,
  mailbox: 'a@x.com',
  resource: 'calendar',
  scope: 'calendar',
  subscriptionId: 'sub-1',
  graphResource: 'users/a@x.com/events',
  notificationUrl: 'https://cms.example.com/api/microsoft-365/notifications',
  clientStateSealed: 'sealed:secret-1',
  expiresAt: new Date(Date.now() + 86_400_000),
  renewAt: new Date(Date.now() + 3_600_000),
  removed: false,
  dueSince: null,
  notifyCount: 0,
  lastError: null,
  ...patch,
});

describe('wantedSubscriptions', () => {
  test('one per enabled mailbox × resource × scope: the calendar, each mail folder, each To Do list found', () => {
    const wanted = wantedSubscriptions(
      settings({ calendar: true, tasks: true, email: true }, ['inbox', 'sentitems']),
      [mailbox('a@x.com'), mailbox('off@x.com', { enabled: false }), mailbox('cal@x.com', { tasks: false, email: false })],
      (address, resource) => (address === 'a@x.com' && resource === 'tasks' ? [{ key: 'L1', remoteParentId: 'L1', label: 'Tasks' }] : []),
    );
    assert.deepEqual(
      wanted.map((w) => `${w.mailbox} ${w.resource} ${w.scope} ${w.graphResource} ${w.maxMinutes}`),
      [
        'a@x.com calendar calendar users/a@x.com/events 10080',
        'a@x.com tasks L1 users/a@x.com/todo/lists/L1/tasks 4230',
        "a@x.com email inbox users/a@x.com/mailFolders('inbox')/messages 10080",
        "a@x.com email sentitems users/a@x.com/mailFolders('sentitems')/messages 10080",
        'cal@x.com calendar calendar users/cal@x.com/events 10080',
      ],
    );
  });

  test('an integration switched off subscribes nothing of it', () => {
    const wanted = wantedSubscriptions(settings({ calendar: false, tasks: false, email: true }, ['inbox']), [mailbox('a@x.com')], () => []);
    assert.deepEqual(wanted.map((w) => w.resource), ['email']);
  });
});

describe('notifications and their clientState', () => {
  const open = (sealed: string) => (sealed.startsWith('sealed:') ? sealed.slice('sealed:'.length) : null);

  test('a body that is not Graph’s notification collection holds no notifications', () => {
    assert.deepEqual(notificationsOf(null), []);
    assert.deepEqual(notificationsOf('text'), []);
    assert.deepEqual(notificationsOf({ value: 'x' }), []);
    assert.deepEqual(notificationsOf({ value: [{ subscriptionId: 1, clientState: 'x' }, null, 'x'] }), []);
    assert.deepEqual(notificationsOf({ value: [{ subscriptionId: 's', clientState: 'c', lifecycleEvent: 'other' }] }), [{ subscriptionId: 's', clientState: 'c' }]);
    assert.deepEqual(notificationsOf({ value: [{ subscriptionId: 's', clientState: 'c', lifecycleEvent: 'missed' }] }), [{ subscriptionId: 's', clientState: 'c', lifecycleEvent: 'missed' }]);
  });

  test('only a known subscription with its own clientState is believed', () => {
    const mine = row({});
    const other = row({ id: 2, subscriptionId: 'sub-2', clientStateSealed: 'sealed:secret-2' });
    const unreadable = row({ id: 3, subscriptionId: 'sub-3', clientStateSealed: 'garbage' });
    const verified = verifiedNotifications(
      [
        { subscriptionId: 'sub-1', clientState: 'secret-1' },
        { subscriptionId: 'sub-1', clientState: 'secret-1' },
        { subscriptionId: 'sub-1', clientState: 'secret-2' }, // another subscription's secret
        { subscriptionId: 'sub-2', clientState: 'secret-2x' },
        { subscriptionId: 'sub-3', clientState: '' },
        { subscriptionId: 'sub-9', clientState: 'secret-1' },
      ],
      [mine, other, unreadable],
      open,
    );
    assert.deepEqual([...verified.keys()], [mine]);
    assert.equal(verified.get(mine)!.length, 2);
  });
});

describe('liveUpdatesOf', () => {
  test('off without a notification URL; on with every subscription live, until the earliest expiry', () => {
    assert.equal(liveUpdatesOf(false, [row({})]).state, 'off');
    const soon = new Date(Date.now() + 3_600_000);
    const live = liveUpdatesOf(true, [row({}), row({ id: 2, expiresAt: soon })]);
    assert.deepEqual(live, { state: 'on', until: soon.toISOString(), subscriptions: 2, error: null });
  });

  test('pending before Graph has accepted them, failing with Graph’s reason', () => {
    assert.equal(liveUpdatesOf(true, []).state, 'pending');
    assert.equal(liveUpdatesOf(true, [row({}), row({ id: 2, subscriptionId: null, expiresAt: null })]).state, 'pending');
    assert.equal(liveUpdatesOf(true, [row({ removed: true })]).state, 'pending');
    const failing = liveUpdatesOf(true, [row({ subscriptionId: null, lastError: 'Subscription validation request failed' })]);
    assert.equal(failing.state, 'failing');
    assert.equal(failing.error, 'Subscription validation request failed');
  });
});
