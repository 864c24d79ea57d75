// Boots the real playground Strapi in this process (createStrapi().load()), on a fresh database,
// listening on a free port: what integration and browser tests talk to over HTTP.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { createTestDatabase, currentDatabaseKind, type DatabaseKind, type TestDatabase } from './databases';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const PLAYGROUND_DIR = path.join(REPO_ROOT, 'playground');

export interface PlaygroundOptions {
  database?: DatabaseKind;
  /** Extra environment (e.g. MICROSOFT365_* endpoints), applied before Strapi reads its config. */
  env?: Record<string, string | undefined>;
  /** Share a database with another process instead of creating a fresh one. */
  databaseEnv?: Record<string, string>;
}

export interface Playground {
  url: string;
  strapi: Core.Strapi;
  database: DatabaseKind;
  stop(): Promise<void>;
}

const secret = () => randomBytes(16).toString('base64');

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const kind = options.database ?? currentDatabaseKind();
  let database: TestDatabase | null = null;
  const databaseEnv = options.databaseEnv ?? (database = await createTestDatabase(kind)).env;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    APP_KEYS: `${secret()},${secret()}`,
    ADMIN_JWT_SECRET: secret(),
    API_TOKEN_SALT: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'false',
    MICROSOFT365_SCHEDULER: 'false',
    ...databaseEnv,
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  // Strapi's own ESM build does not load under plain Node ESM; its CommonJS build does.
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const strapi = createStrapi({ appDir: PLAYGROUND_DIR, distDir: path.join(PLAYGROUND_DIR, 'dist') });
  strapi.log.level = process.env.STRAPI_LOG_LEVEL ?? 'error';
  await strapi.load();
  await strapi.listen();
  const address = strapi.server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('Strapi is not listening on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    strapi,
    database: kind,
    async stop() {
      await strapi.destroy();
      await database?.drop();
    },
  };
}
