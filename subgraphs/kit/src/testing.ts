/**
 * The test harness: a fresh, migrated database per test file (PGlite in memory, or a throwaway PostgreSQL database when
 * `DATABASE_URL` is set), development tokens for every role, and GraphQL execution through the real context path.
 */
import { randomBytes } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { openDatabase, openPglite, type ConnectOptions, type Database, type DatabaseHandle } from '@qq/db/client';
import { ensureRoles, roleName } from '@qq/db/roles';
import { migrate, type SchemaName } from '@qq/db/migrate';
import postgres from 'postgres';
import { CITY_CODE, signDevToken, type Claims, type DepartmentCode } from './auth.ts';
import type { SubgraphServer } from './server.ts';

export interface TestDatabase extends DatabaseHandle {
  /** The URL of the throwaway PostgreSQL database, when running on PostgreSQL. */
  url: string | null;
  /**
   * A connection acting as the subgraph's own role, as production runs it: on PostgreSQL it reaches only that schema
   * (PGlite has one user). Use it for the server under test; fixtures may use `connect()`.
   */
  connectAs(schema: SchemaName, options?: ConnectOptions): Promise<Database>;
}

function withRoles(handle: DatabaseHandle): Pick<TestDatabase, 'connectAs'> {
  return {
    connectAs: async (schema, options = {}) => {
      await ensureRoles(handle, [schema]);
      return handle.connect({ ...options, role: roleName(schema) });
    },
  };
}

/** A fresh database with every migration applied. Close it in `afterAll`; on PostgreSQL that drops it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await openPglite('memory://');
    await migrate(handle);
    return { ...handle, ...withRoles(handle), url: null };
  }
  const name = `qq_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await migrate(handle);
  return {
    ...handle,
    ...withRoles(handle),
    url: url.toString(),
    close: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** A signed development token for test claims. */
export function tokenFor(claims: Claims, options?: Parameters<typeof signDevToken>[1]): Promise<string> {
  return signDevToken(claims, options);
}

/** The county of the clerk in the role matrix: 叶县. */
const CLERK_COUNTY = '410422';

export interface RoleTokenOptions {
  /** The department under test: its clerk in 叶县 (`countyClerk`) and, unless `cityDept` is given, its city staff. */
  dept: DepartmentCode;
  /** The department of the city-wide staff (`cityStaff`) when it is another one, such as a second lead department. */
  cityDept?: DepartmentCode;
  /** A department that does not lead the module (`otherStaff`), city-wide. */
  otherDept: DepartmentCode;
  /** Credit codes of the two enterprises whose users act in the matrix. */
  enterpriseA: string;
  enterpriseB: string;
}

/**
 * Tokens of the role matrix: anonymous (no token), users of enterprises A and B, a clerk of `dept` in 叶县, city-wide
 * staff, staff of another department, an analyst, an admin (city-wide) and a person.
 */
export async function roleTokens(options: RoleTokenOptions) {
  const { dept, otherDept } = options;
  const cityDept = options.cityDept ?? dept;
  return {
    anonymous: undefined,
    enterpriseA: await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: options.enterpriseA }),
    enterpriseB: await tokenFor({ sub: 'ent-b', role: 'enterprise', enterprise: options.enterpriseB }),
    countyClerk: await tokenFor({ sub: `${dept}-yexian`, role: 'staff', dept, county: CLERK_COUNTY }),
    cityStaff: await tokenFor({ sub: `${cityDept}-city`, role: 'staff', dept: cityDept, county: CITY_CODE }),
    otherStaff: await tokenFor({ sub: `${otherDept}-city`, role: 'staff', dept: otherDept, county: CITY_CODE }),
    analyst: await tokenFor({ sub: 'analyst-1', role: 'analyst' }),
    admin: await tokenFor({ sub: 'admin-1', role: 'admin', county: CITY_CODE }),
    person: await tokenFor({ sub: 'person-1', role: 'person' }),
  };
}
export type RoleTokens = Awaited<ReturnType<typeof roleTokens>>;

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

/**
 * Executes an operation on a subgraph server through the same context path as HTTP (the token is verified).
 * Throws the coded error when the token is refused.
 */
export async function execute<T = Record<string, unknown>>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  server: SubgraphServer<any>,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string } = {},
): Promise<GraphQLResult<T>> {
  const headers = new HeaderMap();
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  const contextValue = await server.contextFor(headers);
  const response = await server.apollo.executeOperation<T>({ query, variables: options.variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  return JSON.parse(JSON.stringify(response.body.singleResult)) as GraphQLResult<T>;
}

/** Counts SQL statements: pass `onQuery` to `handle.connect`, read `count`, `reset()` between measurements. */
export function statementCounter() {
  const counter = {
    count: 0,
    statements: [] as string[],
    onQuery: (sql: string) => {
      counter.count++;
      counter.statements.push(sql);
    },
    reset: () => {
      counter.count = 0;
      counter.statements = [];
    },
  };
  return counter;
}
