/** Each subgraph's PostgreSQL role reaches its own schema and nothing else (PostgreSQL only: PGlite has one user). */
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRoles, roleName } from '@qq/db/roles';
import { seedReference } from '@qq/db/seed/platform';

const onPostgres = !!process.env.DATABASE_URL;
/** Rows of a raw `execute`: an array on postgres.js, `{ rows }` on PGlite. */
const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedReference(db.connect());
  await ensureRoles(db);
});
afterAll(async () => {
  await db?.close();
});

describe.runIf(onPostgres)('least-privilege roles', () => {
  it('lets the platform role read its own schema', async () => {
    const platform = db.connect({ role: roleName('platform'), max: 1 });
    const rows = await platform.execute(sql`select current_user as who, count(*)::int as n from platform.counties`);
    expect(rowsOf(rows)).toEqual([{ who: 'qq_platform', n: 13 }]);
  });

  it.each(['policies', 'complaints', 'commerce', 'talent', 'statistics'] as const)(
    'refuses the %s role the platform schema and the migration journals',
    async (schema) => {
      const conn = db.connect({ role: roleName(schema), max: 1 });
      await expect(conn.execute(sql`select count(*) from platform.enterprises`)).rejects.toThrow();
      await expect(conn.execute(sql`select count(*) from drizzle.migrations_platform`)).rejects.toThrow();
      const own = await conn.execute(
        sql.raw(`select count(*)::int as n from information_schema.tables where table_schema = '${schema}'`),
      );
      expect(rowsOf(own)[0]).toBeDefined();
    },
  );
});

describe.runIf(!onPostgres)('roles on PGlite', () => {
  it('are not applied (PGlite has one user), and ensureRoles is a no-op', async () => {
    await expect(ensureRoles(db)).resolves.toBeUndefined();
    expect(db.kind).toBe('pglite');
  });
});
