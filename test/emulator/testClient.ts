// HTTPS client for the emulator's own tests: trusts the emulator CA explicitly, so the tests run without
// NODE_EXTRA_CA_CERTS (only the msal/graph-client test needs that, and arranges it itself).
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { Emulator } from './server';
import { DEFAULT_CERT_DIR } from './certs';
import path from 'node:path';

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  // JSON of many shapes, checked field by field by the tests.
  body: any;
  text: string;
}

let ca: Buffer | undefined;
const agent = () => new https.Agent({ ca: (ca ??= readFileSync(path.join(DEFAULT_CERT_DIR, 'ca.pem'))), keepAlive: true });
let sharedAgent: https.Agent | undefined;

export function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; form?: Record<string, string> } = {}): Promise<HttpResult> {
  sharedAgent ??= agent();
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let payload: string | undefined;
  if (init.form) {
    payload = new URLSearchParams(init.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (init.body !== undefined) {
    payload = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? 'GET', headers, agent: sharedAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = undefined;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: h, body, text });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Client-credentials token from the emulator's token endpoint. */
export async function getToken(em: Emulator, tenant: string, clientId: string, secret: string): Promise<string> {
  const res = await request(`${em.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' },
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return res.body.access_token as string;
}

/** A Graph caller bound to one token. */
export function graph(em: Emulator, token: string) {
  return (pathOrUrl: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
    request(pathOrUrl.startsWith('https://') ? pathOrUrl : `${em.url}/v1.0${pathOrUrl}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
}
