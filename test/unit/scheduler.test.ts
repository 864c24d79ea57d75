import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDue, nextRunAt, scheduleBlocker } from '../../server/src/scheduler';
import { defaultSettings } from '../../server/src/settings/defaults';
import type { PublicSettings } from '../../shared/settings';

const NOW = new Date('2026-03-29T00:59:30.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const MIN = 60_000;

describe('isDue / nextRunAt', () => {
  // [what, lastRunStartedAt, intervalMinutes, due, nextRunAt]
  const table: Array<[string, Date | string | null, number, boolean, Date]> = [
    ['never ran', null, 30, true, NOW],
    ['started just now', NOW, 30, false, new Date(NOW.getTime() + 30 * MIN)],
    ['one ms short of the interval', ago(30 * MIN - 1), 30, false, new Date(NOW.getTime() + 1)],
    ['exactly the interval ago', ago(30 * MIN), 30, true, NOW],
    ['long overdue (next is now, not in the past)', ago(5 * 60 * MIN), 30, true, NOW],
    ['interval of 1 minute, 59 s ago', ago(59_000), 1, false, new Date(NOW.getTime() + 1_000)],
    ['interval of 1 minute, 61 s ago', ago(61_000), 1, true, NOW],
    ['a day, 23 h ago', ago(23 * 60 * MIN), 1440, false, new Date(NOW.getTime() + 60 * MIN)],
    ['ISO string from the run history', ago(10 * MIN).toISOString(), 15, false, new Date(NOW.getTime() + 5 * MIN)],
    // A run whose start is ahead of this process's clock (skew): not due until the interval has passed from it.
    ['last start 2 s in the future (clock skew)', new Date(NOW.getTime() + 2_000), 1, false, new Date(NOW.getTime() + 62_000)],
    ['unparsable start counts as never', 'not a date', 30, true, NOW],
  ];
  for (const [what, lastRunStartedAt, intervalMinutes, due, next] of table) {
    test(what, () => {
      const input = { lastRunStartedAt, intervalMinutes, now: NOW };
      assert.equal(isDue(input), due);
      assert.equal(nextRunAt(input).toISOString(), next.toISOString());
    });
  }

  test('nextRunAt is never before now and due exactly when it equals now', () => {
    for (let minutesAgo = 0; minutesAgo <= 90; minutesAgo += 7) {
      const input = { lastRunStartedAt: ago(minutesAgo * MIN), intervalMinutes: 45, now: NOW };
      const next = nextRunAt(input);
      assert.ok(next.getTime() >= NOW.getTime());
      assert.equal(isDue(input), next.getTime() === NOW.getTime(), `${minutesAgo} min ago`);
    }
  });

  test('a changed interval changes the answer for the same history', () => {
    const lastRunStartedAt = ago(20 * MIN);
    assert.equal(isDue({ lastRunStartedAt, intervalMinutes: 30, now: NOW }), false);
    assert.equal(isDue({ lastRunStartedAt, intervalMinutes: 15, now: NOW }), true);
  });
});

describe('scheduleBlocker', () => {
  const ready = (): PublicSettings => {
    const settings = defaultSettings() as unknown as PublicSettings;
    settings.azure = { tenantId: 'contoso.onmicrosoft.com', clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', cloud: 'global', clientSecretSet: true };
    settings.integrations = { calendar: true, tasks: false, email: false };
    return settings;
  };

  test('ready settings and an enabled scheduler: nothing blocks', () => {
    assert.equal(scheduleBlocker(ready(), true), null);
  });
  test('schedulerEnabled false blocks', () => {
    assert.match(scheduleBlocker(ready(), false) ?? '', /disabled/);
  });
  test('no integration enabled blocks', () => {
    const settings = ready();
    settings.integrations = { calendar: false, tasks: false, email: false };
    assert.match(scheduleBlocker(settings, true) ?? '', /integration/);
  });
  for (const missing of ['tenantId', 'clientId', 'clientSecretSet'] as const) {
    test(`missing azure ${missing} blocks`, () => {
      const settings = ready();
      if (missing === 'clientSecretSet') settings.azure.clientSecretSet = false;
      else settings.azure[missing] = '';
      assert.match(scheduleBlocker(settings, true) ?? '', /Azure/);
    });
  }
  test('any one integration is enough', () => {
    for (const only of ['calendar', 'tasks', 'email'] as const) {
      const settings = ready();
      settings.integrations = { calendar: false, tasks: false, email: false, [only]: true };
      assert.equal(scheduleBlocker(settings, true), null, only);
    }
  });
});
