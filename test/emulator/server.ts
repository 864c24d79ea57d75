// HTTPS front: parses requests into EmRequest, routes /_emulator (control), /v1.0 (Graph) and the rest
// (identity platform) and writes EmResponse back.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { EmulatorCore, DROP_CONNECTION } from './core/core';
import { newRequestId, type EmRequest, type EmResponse } from './core/http';
import { ensureCertificates } from './certs';
import { registerIdentityRoutes } from './identity/routes';
import { registerGraphRoutes } from './graph/routes';
import { EmulatorControl } from './control/control';
import { handleControlRequest } from './control/http';
import type { EmulatorState } from './state/store';

export interface StartOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  seed?: 'demo' | 'empty';
  certDir?: string;
  /**
   * Check every answer against Graph's schema (default true). About 16 µs per rendered event: the
   * benchmarks turn it off so the emulator's self-check is not counted as sync time.
   */
  checkResponses?: boolean;
}

export interface Emulator {
  /** https://127.0.0.1:PORT */
  url: string;
  authorityHost: string;
  graphBaseUrl: string;
  /** 127.0.0.1:PORT, for msal's knownAuthorities */
  host: string;
  state: EmulatorState;
  control: EmulatorControl;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toEmRequest(req: IncomingMessage, raw: string, origin: string): EmRequest {
  const url = new URL(req.url ?? '/', origin);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const type = headers['content-type'] ?? '';
  let body: unknown = undefined;
  if (raw.length > 0) {
    if (type.includes('application/x-www-form-urlencoded')) body = new URLSearchParams(raw);
    else {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
  }
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path; routing will answer 400
  }
  return { method: (req.method ?? 'GET').toUpperCase(), path, query: url.searchParams, headers, body, rawBody: raw, origin, requestId: newRequestId(), inBatch: false };
}

function send(res: ServerResponse, out: EmResponse): void {
  if (res.destroyed || res.writableEnded) return;
  if (out === DROP_CONNECTION) {
    res.socket?.destroy();
    return;
  }
  let payload: string | undefined;
  if (out.body !== undefined) payload = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
  const headers: Record<string, string> = { ...out.headers };
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  else if (out.status !== 204 && out.status !== 304) headers['content-length'] = '0';
  res.writeHead(out.status, headers);
  res.end(payload);
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const certs = await ensureCertificates(options.certDir);
  const [cert, key] = await Promise.all([readFile(certs.certPath), readFile(certs.keyPath)]);
  const core = new EmulatorCore();
  core.checkResponses = options.checkResponses ?? true;
  if (options.latencyMs) core.configure({ latencyMs: options.latencyMs });
  registerIdentityRoutes(core);
  registerGraphRoutes(core);
  const control = new EmulatorControl(core);

  const server = https.createServer({ cert, key, keepAlive: true }, (req, res) => {
    void (async () => {
      let raw = '';
      try {
        raw = await readBody(req);
      } catch {
        res.writeHead(413).end();
        return;
      }
      const emReq = toEmRequest(req, raw, core.origin);
      let out: EmResponse;
      if (emReq.path.startsWith('/_emulator')) out = await handleControlRequest(control, emReq);
      else if (/^\/v1\.0(\/|$)/i.test(emReq.path)) out = await core.handleGraph(emReq);
      else out = await core.handleIdentity(emReq);
      send(res, out);
    })().catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  server.keepAliveTimeout = 30_000;
  // A stalled fault response must not keep a client's aborted socket from being noticed.
  server.on('clientError', (_err, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  core.origin = `https://${hostPort}`;
  control.reset(options.seed ?? 'empty');

  return {
    url: core.origin,
    authorityHost: core.origin,
    graphBaseUrl: core.origin,
    host: hostPort,
    state: core.state,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
