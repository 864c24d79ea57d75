import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CLOUDS, resolveEndpoints } from '../../server/src/graph/clouds';

describe('clouds', () => {
  test('each cloud resolves to its identity and Graph hosts', () => {
    const expected = {
      global: ['https://login.microsoftonline.com', 'https://graph.microsoft.com'],
      usgov: ['https://login.microsoftonline.us', 'https://graph.microsoft.us'],
      'usgov-dod': ['https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
      china: ['https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
    } as const;
    for (const cloud of Object.keys(CLOUDS) as Array<keyof typeof expected>) {
      const e = resolveEndpoints({ cloud });
      assert.equal(e.authorityHost, expected[cloud][0]);
      assert.equal(e.graphBaseUrl, expected[cloud][1]);
      assert.equal(e.graphApiRoot, `${expected[cloud][1]}/v1.0`);
      assert.equal(e.graphScope, `${expected[cloud][1]}/.default`);
      assert.equal(e.customAuthority, false, cloud);
    }
  });

  test('config overrides win, keep the port, and mark the authority as custom', () => {
    const e = resolveEndpoints({ cloud: 'usgov', authorityHost: 'https://127.0.0.1:8443/', graphBaseUrl: 'https://127.0.0.1:8443/v1.0/' });
    assert.equal(e.authorityHost, 'https://127.0.0.1:8443');
    assert.equal(e.graphBaseUrl, 'https://127.0.0.1:8443');
    assert.equal(e.graphVersion, 'v1.0');
    assert.equal(e.customAuthority, true);
    // the scope names the cloud's Graph resource, not the host requests go to
    assert.equal(e.graphScope, 'https://graph.microsoft.us/.default');
  });

  test('defaults to the global cloud; refuses http, unknown clouds and path prefixes', () => {
    assert.equal(resolveEndpoints({}).graphBaseUrl, 'https://graph.microsoft.com');
    assert.throws(() => resolveEndpoints({ authorityHost: 'http://127.0.0.1:8443' }), /https/);
    assert.throws(() => resolveEndpoints({ cloud: 'mars' as never }), /Unknown cloud/);
    assert.throws(() => resolveEndpoints({ graphBaseUrl: 'https://proxy.example/graph' }), /origin/);
    assert.equal(resolveEndpoints({ graphBaseUrl: 'https://graph.microsoft.com/beta' }).graphVersion, 'beta');
  });
});
