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

describe.runIf(onPostgres)('append-only event tables', () => {
  it('grant every subgraph role INSERT and SELECT on its event tables, never UPDATE, DELETE or TRUNCATE', async () => {
    const owner = db.connect({ max: 1 });
    const rows = rowsOf(
      await owner.execute(sql`
        select c.relnamespace::regnamespace::text as schema, c.relname as "table",
          has_table_privilege('qq_' || c.relnamespace::regnamespace::text, c.oid, 'INSERT') as ins,
          has_table_privilege('qq_' || c.relnamespace::regnamespace::text, c.oid, 'SELECT') as sel,
          has_table_privilege('qq_' || c.relnamespace::regnamespace::text, c.oid, 'UPDATE') as upd,
          has_table_privilege('qq_' || c.relnamespace::regnamespace::text, c.oid, 'DELETE') as del,
          has_table_privilege('qq_' || c.relnamespace::regnamespace::text, c.oid, 'TRUNCATE') as trunc
        from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = 'audit_chain' order by 1, 2`),
    );
    // Every event table of the six departments is chained and append-only.
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(new Set(rows.map((r) => r.schema))).toEqual(
      new Set(['platform', 'policies', 'complaints', 'commerce', 'talent', 'statistics']),
    );
    for (const r of rows)
      expect(r, `${r.schema}.${r.table}`).toMatchObject({ ins: true, sel: true, upd: false, del: false, trunc: false });
  });

  it('refuse the role an UPDATE, DELETE or TRUNCATE of its event rows, and take its inserts', async () => {
    const complaints = db.connect({ role: roleName('complaints'), max: 1 });
    await complaints.execute(sql`insert into complaints.matter_events (subject_id, action, to_status, actor, actor_role)
      values (gen_random_uuid(), 'SUBMIT', 'SUBMITTED', 'ent-a', 'enterprise')`);
    const [row] = rowsOf(
      await complaints.execute(
        sql`select chain_seq::int as seq, length(chain_hash) as len from complaints.matter_events`,
      ),
    );
    expect(row).toEqual({ seq: 1, len: 64 });
    /** The database's refusal (drizzle wraps it with the statement). */
    const refusal = (query: Promise<unknown>) =>
      query.then(
        () => 'allowed',
        (error: Error & { cause?: Error }) => (error.cause ?? error).message,
      );
    expect(await refusal(complaints.execute(sql`update complaints.matter_events set note = 'x'`))).toBe(
      'permission denied for table matter_events',
    );
    expect(await refusal(complaints.execute(sql`delete from complaints.matter_events`))).toBe(
      'permission denied for table matter_events',
    );
    expect(await refusal(complaints.execute(sql`truncate complaints.matter_events`))).toBe(
      'permission denied for table matter_events',
    );
    // The rest of its schema stays writable.
    await expect(
      complaints.execute(sql`update complaints.outbox set attempts = attempts where false`),
    ).resolves.toBeDefined();
  });
});

describe.runIf(!onPostgres)('roles on PGlite', () => {
  it('are not applied (PGlite has one user), and ensureRoles is a no-op', async () => {
    await expect(ensureRoles(db)).resolves.toBeUndefined();
    expect(db.kind).toBe('pglite');
  });
});
