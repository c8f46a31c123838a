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
import { preparedPglite } from './pglite.ts';

/** How drizzle names columns in SQL on every connection: `creditCode` is `credit_code`. */
export const CASING = 'snake_case' as const;

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
  /** A raw connection for the job queue (pg-boss's `db.executeSql`), acting as `role` on PostgreSQL. */
  jobsConnection(options?: { role?: string; max?: number }): JobsConnection;
  /** PGlite only: the whole data folder as a tarball, to open again with `openPglite(…, { loadDataDir })`. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/** What pg-boss needs of a connection: one statement with parameters, or several without. */
export interface JobsConnection {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>; // eslint-disable-line @typescript-eslint/no-explicit-any
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

export async function openPglite(
  dataDir: string,
  /** `loadDataDir`: start from a tarball made by `dumpDataDir()` (a seeded database, for benchmarks). */
  options: { loadDataDir?: Blob } = {},
): Promise<DatabaseHandle> {
  let location: string | undefined;
  if (dataDir !== 'memory://') {
    location = resolve(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create({
    dataDir: location,
    extensions: { pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // PGlite awaits a file-system sync after every statement; on Node the files are written as Postgres writes them
    // (its sync is empty), so not waiting for it changes no byte on disk and saves a turn of its queue per statement.
    relaxedDurability: true,
  });
  // Every drizzle instance on this database shares its prepared statements (`pglite.ts`).
  const prepared = preparedPglite(client);
  return {
    kind: 'pglite',
    connect: (o = {}) =>
      drizzlePglite({
        client: prepared as unknown as PGlite,
        casing: CASING,
        logger: loggerOf(o.onQuery),
      }) as unknown as Database,
    exec: async (sql) => {
      await client.exec(sql);
    },
    jobsConnection: () => ({
      executeSql: async (text, values) => {
        if (values && values.length > 0) return client.query(text, values);
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    }),
    dumpDataDir: () => client.dumpDataDir('gzip'),
    close: () => client.close(),
  };
}

export async function openPostgres(url: string): Promise<DatabaseHandle> {
  const clients: postgres.Sql[] = [];
  const make = (role?: string, max = 10, types?: Record<string, postgres.PostgresType>) => {
    const sql = postgres(url, {
      max,
      onnotice: () => {},
      // Act as the subgraph's own role from the first statement of every connection.
      connection: role ? { options: `-c role=${role}` } : {},
      ...(types ? { types } : {}),
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
        casing: CASING,
        logger: loggerOf(o.onQuery),
      }) as unknown as Database,
    exec: async (text) => {
      // A script with its own transaction needs a connection of its own.
      if (/^\s*BEGIN/i.test(text)) {
        const reserved = await owner.reserve();
        try {
          await reserved.unsafe(text);
        } catch (error) {
          await reserved.unsafe('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          reserved.release();
        }
        return;
      }
      await owner.unsafe(text);
    },
    jobsConnection: (o = {}) => {
      // pg-boss hands JSON parameters over as text already serialised (as node-postgres expects): pass them as they are.
      const asIs = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
      const sql = make(o.role, o.max ?? 3, {
        json: { to: 114, from: [114], serialize: asIs, parse: (x: string) => JSON.parse(x) as unknown },
        jsonb: { to: 3802, from: [3802], serialize: asIs, parse: (x: string) => JSON.parse(x) as unknown },
      });
      return {
        executeSql: async (text, values) => {
          // pg-boss leaves unset options undefined; PostgreSQL wants NULL.
          const params = (values ?? []).map((v) => (v === undefined ? null : v)) as never[];
          // pg-boss's locked commands open their own transaction: they need a connection of their own.
          let result;
          if (/^\s*BEGIN/i.test(text)) {
            const reserved = await sql.reserve();
            try {
              result = await reserved.unsafe(text, params);
            } catch (error) {
              await reserved.unsafe('ROLLBACK').catch(() => undefined);
              throw error;
            } finally {
              reserved.release();
            }
          } else {
            result = await sql.unsafe(text, params);
          }
          // Several statements answer with one result per statement: pg-boss reads the last.
          const rows = result.length > 0 && Array.isArray(result[0]) ? (result.at(-1) as unknown as unknown[]) : result;
          return { rows: [...rows] };
        },
      };
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
    },
  };
}
