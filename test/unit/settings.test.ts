import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultSettings } from '../../server/src/settings/defaults';
import { mergeSettings } from '../../server/src/settings/merge';
import { deriveSecretKey, open, seal, sealedKeyId } from '../../server/src/settings/secret-box';
import { validateSettingsPatch } from '../../shared/settings-validation';
import { validateMailboxInput } from '../../shared/mailbox-validation';

describe('settings validation', () => {
  test('the defaults are valid as a whole', () => {
    assert.deepEqual(validateSettingsPatch(defaultSettings()), []);
  });

  test('tenants: GUID or domain, never the multi-tenant aliases', () => {
    const tenant = (tenantId: unknown) => validateSettingsPatch({ azure: { tenantId } }).map((issue) => issue.code);
    assert.deepEqual(tenant('72f988bf-86f1-41af-91ab-2d7cd011db47'), []);
    assert.deepEqual(tenant('contoso.onmicrosoft.com'), []);
    assert.deepEqual(tenant(''), []);
    assert.deepEqual(tenant('common'), ['tenant-multi']);
    assert.deepEqual(tenant('ORGANIZATIONS'), ['tenant-multi']);
    assert.deepEqual(tenant('consumers'), ['tenant-multi']);
    assert.deepEqual(tenant('https://login.microsoftonline.com/contoso.com'), ['tenant']);
    assert.deepEqual(tenant('contoso'), ['tenant']);
    assert.deepEqual(tenant(42), ['text']);
  });

  test('integer bounds are inclusive and carry their limits for the admin', () => {
    const interval = (intervalMinutes: unknown) => validateSettingsPatch({ sync: { intervalMinutes } });
    assert.deepEqual(interval(1), []);
    assert.deepEqual(interval(1440), []);
    const [issue] = interval(1441);
    assert.deepEqual(issue, { path: ['sync', 'intervalMinutes'], code: 'integer', params: { min: 1, max: 1440 }, message: 'Must be a whole number from 1 to 1440' });
    assert.equal(interval(Number.NaN).length, 1);
    assert.equal(interval(null).length, 1);
  });

  test('the secret: a non-empty string or null; clientSecretSet is ignored', () => {
    assert.deepEqual(validateSettingsPatch({ azure: { clientSecret: null, clientSecretSet: true } }), []);
    assert.deepEqual(validateSettingsPatch({ azure: { clientSecret: 's' } }), []);
    assert.deepEqual(validateSettingsPatch({ azure: { clientSecret: '' } }).map((issue) => issue.code), ['secret-empty']);
    assert.deepEqual(validateSettingsPatch({ azure: { clientSecret: 'x'.repeat(1025) } }).map((issue) => issue.code), ['too-long']);
  });

  test('folders: well-known names in any case, or folder ids; no duplicates', () => {
    const folders = (list: unknown) => validateSettingsPatch({ email: { folders: list } }).map((issue) => [issue.path.join('.'), issue.code]);
    assert.deepEqual(folders(['Inbox', 'SentItems', 'AAMkAGI2TG93AAA=AQMkAGI2TG93AAA']), []);
    assert.deepEqual(folders(['inbox', 'INBOX']), [['email.folders.1', 'duplicate']]);
    assert.deepEqual(folders('inbox'), [['email.folders', 'object']]);
    assert.deepEqual(folders(Array.from({ length: 21 }, (_, i) => `folder-id-${String(i).padStart(10, '0')}`)), [['email.folders', 'folders-many']]);
  });

  test('prototype keys are unknown, not inherited rules', () => {
    const issues = validateSettingsPatch(JSON.parse('{"__proto__": {"x": 1}, "constructor": 1, "toString": 2}'));
    assert.deepEqual(issues.map((issue) => issue.path.join('.')).sort(), ['__proto__', 'constructor', 'toString']);
  });
});

describe('settings merge', () => {
  test('objects merge, arrays replace, identifiers are normalized, secret fields dropped', () => {
    const merged = mergeSettings(defaultSettings(), {
      azure: { tenantId: '  contoso.com ', clientId: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', clientSecret: 'plain', clientSecretSet: true },
      calendar: { futureDays: 90 },
      email: { folders: ['Archive'] },
    });
    assert.deepEqual(merged.azure, { tenantId: 'contoso.com', clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', cloud: 'global' });
    assert.deepEqual(merged.calendar, { direction: 'bidirectional', conflictResolution: 'strapi-wins', pastDays: 30, futureDays: 90, sendInvitations: false });
    assert.deepEqual(merged.email.folders, ['archive']);
  });

  test('the input settings are not mutated', () => {
    const current = defaultSettings();
    mergeSettings(current, { sync: { intervalMinutes: 5 } });
    assert.equal(current.sync.intervalMinutes, 30);
  });
});

describe('secret box', () => {
  const current = deriveSecretKey('current-key-material');
  const previous = deriveSecretKey('previous-key-material');

  test('seals with AES-256-GCM: a fresh IV each time, opened only with the right key', () => {
    const a = seal('s3cret', current);
    const b = seal('s3cret', current);
    assert.notEqual(a, b);
    assert.ok(!a.includes('s3cret'));
    assert.equal(open(a, [current]), 's3cret');
    assert.equal(sealedKeyId(a), current.id);
    assert.throws(() => open(a, [previous]), /key this server does not have/);
  });

  test('rotation: a value sealed with a previous key opens while that key is listed', () => {
    const old = seal('s3cret', previous);
    assert.equal(open(old, [current, previous]), 's3cret');
  });

  test('tampering is detected', () => {
    const parts = seal('s3cret', current).split('.');
    const ciphertext = Buffer.from(parts[4]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 1;
    parts[4] = ciphertext.toString('base64url');
    assert.throws(() => open(parts.join('.'), [current]));
    assert.throws(() => open('not-sealed', [current]), /not in a known sealed format/);
  });

  test('key derivation needs material', () => {
    assert.throws(() => deriveSecretKey(''), /No key material/);
  });
});

describe('mailbox validation', () => {
  test('creating needs an address; updating does not', () => {
    assert.deepEqual(validateMailboxInput({}, true).map((issue) => issue.path.join('.')), ['address']);
    assert.deepEqual(validateMailboxInput({}, false), []);
  });

  test('addresses look like user@domain', () => {
    const codes = (address: unknown) => validateMailboxInput({ address }, true).map((issue) => issue.code);
    assert.deepEqual(codes('adele.vance@contoso.onmicrosoft.com'), []);
    assert.deepEqual(codes('support+sales@contoso.com'), []);
    assert.deepEqual(codes('adele@localhost'), ['address']);
    assert.deepEqual(codes('@contoso.com'), ['address']);
    assert.deepEqual(codes(12), ['text']);
    // RFC 5321's 254 characters: the longest address a mail path holds, and one that fits the column.
    const addressOf = (length: number) => `${'a'.repeat(64)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(length - 64 - 1 - 122 - 4)}.com`;
    assert.equal(addressOf(254).length, 254);
    assert.deepEqual(codes(addressOf(254)), []);
    assert.deepEqual(codes(addressOf(255)), ['too-long']);
  });
});
