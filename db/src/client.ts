/**
 * The one database client factory. `DATABASE_URL` set: postgres.js to that PostgreSQL. Unset: embedded PGlite,
 * persisted in a data folder (`DATA_DIR`, default `.data/`), or in memory for tests. The same drizzle code and the same
 * migrations run on both.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

/** A drizzle database, the same type on PGlite and on PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface ConnectOptions {
  /** The PostgreSQL role to act as (each subgraph has its own in production); ignored on PGlite. */
  role?: string;
  /** Called with every SQL statement this connection sends (statement counting, tracing). */
  onQuery?: (sql: string, params: unknown[]) => void;
  /** Pool size on PostgreSQL. */
  max?: number;
}

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  /** A drizzle instance over this database. */
  connect(options?: ConnectOptions): Database;
  /** Runs SQL as the owner (migrations, role set-up, test clean-up). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL URL; defaults to `DATABASE_URL`. */
  url?: string;
  /** PGlite data folder; `memory://` keeps it in memory. Defaults to `DATA_DIR` or `.data/`. */
  dataDir?: string;
}

function loggerOf(onQuery?: (sql: string, params: unknown[]) => void): Logger | undefined {
  return onQuery ? { logQuery: (query, params) => onQuery(query, params) } : undefined;
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) return openPostgres(url);
  const dataDir = options.dataDir ?? process.env.DATA_DIR ?? '.data';
  return openPglite(dataDir);
}

export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  let location: string | undefined;
  if (dataDir !== 'memory://') {
    location = resolve(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create({ dataDir: location, extensions: { pg_trgm } });
  return {
    kind: 'pglite',
    connect: (o = {}) =>
      drizzlePglite({ client, casing: 'snake_case', logger: loggerOf(o.onQuery) }) as unknown as Database,
    exec: async (sql) => {
      await client.exec(sql);
    },
    close: () => client.close(),
  };
}

export async function openPostgres(url: string): Promise<DatabaseHandle> {
  const clients: postgres.Sql[] = [];
  const make = (role?: string, max = 10) => {
    const sql = postgres(url, {
      max,
      onnotice: () => {},
      // Act as the subgraph's own role from the first statement of every connection.
      connection: role ? { options: `-c role=${role}` } : {},
    });
    clients.push(sql);
    return sql;
  };
  const owner = make(undefined, 2);
  return {
    kind: 'postgres',
    connect: (o = {}) =>
      drizzlePostgres({
        client: make(o.role, o.max ?? 10),
        casing: 'snake_case',
        logger: loggerOf(o.onQuery),
      }) as unknown as Database,
    exec: async (sql) => {
      await owner.unsafe(sql);
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
    },
  };
}
