// The parent's side of test/helpers/strapi-child.ts: fork a playground Strapi into its own process
// on a shared database and talk to it with promises.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ChildReply, ChildRequest } from './strapi-child';

const CHILD_SCRIPT = path.join(__dirname, 'strapi-child.ts');

type Request = ChildRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface StrapiChild {
  pid: number;
  url: string;
  process: ChildProcess;
  request<T = unknown>(request: Request, timeoutMs?: number): Promise<T>;
  /** Asks it to stop Strapi and exit; kills it when it does not within the timeout. */
  stop(timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
}

export async function forkStrapiChild(
  databaseEnv: Record<string, string>,
  env: Record<string, string> = {},
  readyTimeoutMs = 120_000,
): Promise<StrapiChild> {
  const child = fork(CHILD_SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, STRAPI_CHILD_DATABASE_ENV: JSON.stringify(databaseEnv), STRAPI_CHILD_ENV: JSON.stringify(env) },
    // Strapi's banner goes to stdout; keep its tail for errors instead of filling the test report.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-8_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  child.on('message', (message: ChildReply | { type: 'ready' }) => {
    if (!('id' in message)) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(`child ${child.pid}: ${message.error}`));
  });
  void exited.then((code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`child ${child.pid} exited (${code})`));
    pending.clear();
  });

  const ready = await new Promise<{ pid: number; url: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child Strapi did not start in time')), readyTimeoutMs);
    child.on('message', (message: { type?: string; pid: number; url: string }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`child Strapi exited (${code}) before it was ready; its output ended:\n${output}`));
    });
  });

  const handle: StrapiChild = {
    pid: ready.pid,
    url: ready.url,
    process: child,
    exited,
    request<T>(request: Request, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`child ${child.pid}: ${request.op} timed out`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ ...request, id });
      });
    },
    async stop(timeoutMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      handle.request({ op: 'stop' }, timeoutMs).catch(() => undefined);
      await exited;
      clearTimeout(timer);
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
  return handle;
}
