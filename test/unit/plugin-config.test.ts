// The plugin config's URL checks: Graph's hosts must be https; the notification URL Graph posts to
// must be https (plain http only on a loopback host) without a query or fragment.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import config from '../../server/src/config';

const accepts = (patch: Record<string, unknown>) => assert.doesNotThrow(() => config.validator(patch as never));
const refuses = (patch: Record<string, unknown>, field: string) => assert.throws(() => config.validator(patch as never), new RegExp(`microsoft-365 plugin config: ${field} must be`));

describe('plugin config URLs', () => {
  test('notificationUrl: https, or http on a loopback host; no query or fragment; unset is off', () => {
    accepts({ notificationUrl: 'https://cms.example.com/api/microsoft-365/notifications' });
    accepts({ notificationUrl: 'http://127.0.0.1:1337/api/microsoft-365/notifications' });
    accepts({ notificationUrl: 'http://localhost:1337/api/microsoft-365/notifications' });
    accepts({ notificationUrl: undefined });
    accepts({ notificationUrl: '' });
    refuses({ notificationUrl: 'http://cms.example.com/api/microsoft-365/notifications' }, 'notificationUrl');
    refuses({ notificationUrl: 'https://cms.example.com/api/microsoft-365/notifications?x=1' }, 'notificationUrl');
    refuses({ notificationUrl: 'https://cms.example.com/api/microsoft-365/notifications#x' }, 'notificationUrl');
    refuses({ notificationUrl: 'not a url' }, 'notificationUrl');
  });

  test('graphBaseUrl and authorityHost: https only', () => {
    accepts({ graphBaseUrl: 'https://graph.microsoft.com', authorityHost: 'https://login.microsoftonline.com' });
    refuses({ graphBaseUrl: 'http://graph.microsoft.com' }, 'graphBaseUrl');
    refuses({ authorityHost: 'login.microsoftonline.com' }, 'authorityHost');
  });

  test('notificationDebounceMs: a whole number of milliseconds from 1 to 600,000', () => {
    accepts({ notificationDebounceMs: 2000 });
    refuses({ notificationDebounceMs: 0 }, 'notificationDebounceMs');
    refuses({ notificationDebounceMs: 1.5 }, 'notificationDebounceMs');
  });
});
