// Per-test databases on the three engines Strapi supports, so test files never share state.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres', 'mysql'];

export interface TestDatabase {
  kind: DatabaseKind;
  /** Strapi's standard DATABASE_* variables for this database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** The engine this test process runs against: TEST_DATABASE, set per pass by scripts/test.mjs. */
export function currentDatabaseKind(): DatabaseKind {
  const kind = (process.env.TEST_DATABASE ?? 'sqlite') as DatabaseKind;
  if (!DATABASE_KINDS.includes(kind)) throw new Error(`TEST_DATABASE must be one of ${DATABASE_KINDS.join(', ')}`);
  return kind;
}

const PG = { host: process.env.TEST_PG_HOST ?? '127.0.0.1', port: Number(process.env.TEST_PG_PORT ?? 5432), user: process.env.TEST_PG_USER ?? 'postgres', password: process.env.TEST_PG_PASSWORD ?? '' };
const MY = { host: process.env.TEST_MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.TEST_MYSQL_PORT ?? 3306), user: process.env.TEST_MYSQL_USER ?? 'root', password: process.env.TEST_MYSQL_PASSWORD ?? '' };

function uniqueName(): string {
  return `ms365_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

async function withPostgres<T>(run: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const { Client } = await import('pg');
  const client = new Client({ ...PG, database: 'test' });
  await client.connect();
  try {
    return await run((sql) => client.query(sql));
  } finally {
    await client.end();
  }
}

async function withMysql<T>(run: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ ...MY });
  try {
    return await run((sql) => connection.query(sql));
  } finally {
    await connection.end();
  }
}

/** Creates an empty database; `name` lets several processes share one (e.g. the lease test). */
export async function createTestDatabase(kind: DatabaseKind = currentDatabaseKind(), name = uniqueName()): Promise<TestDatabase> {
  switch (kind) {
    case 'sqlite': {
      const dir = path.join(tmpdir(), 'ms365-tests');
      mkdirSync(dir, { recursive: true });
      const filename = path.join(dir, `${name}.db`);
      return {
        kind,
        env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
        async drop() {
          for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(filename + suffix, { force: true });
        },
      };
    }
    case 'postgres':
      await withPostgres((query) => query(`CREATE DATABASE "${name}"`));
      return {
        kind,
        env: { DATABASE_CLIENT: 'postgres', DATABASE_HOST: PG.host, DATABASE_PORT: String(PG.port), DATABASE_NAME: name, DATABASE_USERNAME: PG.user, DATABASE_PASSWORD: PG.password },
        drop: () => withPostgres((query) => query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
      };
    case 'mysql':
      await withMysql((query) => query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
      return {
        kind,
        env: { DATABASE_CLIENT: 'mysql', DATABASE_HOST: MY.host, DATABASE_PORT: String(MY.port), DATABASE_NAME: name, DATABASE_USERNAME: MY.user, DATABASE_PASSWORD: MY.password },
        drop: () => withMysql((query) => query(`DROP DATABASE IF EXISTS \`${name}\``)).then(() => undefined),
      };
  }
}
