/**
 * The prepared-statement client of PGlite (`pglite.ts`) answers as PGlite's own `query` does: the same values and
 * fields, the same errors, the same transactions, also when a table changes under a prepared statement or more
 * statements are used than it keeps prepared.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedPglite } from '../src/pglite.ts';

let pg: PGlite;
let client: ReturnType<typeof preparedPglite>;

beforeAll(async () => {
  pg = await PGlite.create({ relaxedDurability: true });
  // Three kept prepared: the tests below use more, so statements are closed and prepared again.
  client = preparedPglite(pg, { maxStatements: 3 });
  await pg.exec(`
    create table t (id int primary key, name text not null, tags text[] not null default '{}', doc jsonb,
      at timestamptz, amount numeric(12, 2), ok boolean);
    insert into t values (1, '甲', '{a,b}', '{"k": [1, "二"]}', '2026-01-05T08:00:00+08:00', 12.5, true),
      (2, 'O''Brien', '{}', null, null, null, false);
  `);
}, 120_000);

afterAll(async () => {
  await pg.close();
});

describe('prepared statements on PGlite', () => {
  it('answers with the values, fields and row modes of PGlite query, parameters serialised by their types', async () => {
    const text = 'select * from t where id = any($1::int[]) or name = $2 or doc @> $3 order by id';
    const params = [[1], "O'Brien", { k: [1, '二'] }];
    for (const rowMode of ['object', 'array'] as const) {
      const expected = await pg.query(text, params, { rowMode });
      // Twice: prepared on the first call, executed from the cache on the second.
      for (let i = 0; i < 2; i++) {
        const actual = await client.query(text, params, { rowMode });
        expect(actual.rows).toEqual(expected.rows);
        expect(actual.fields).toEqual(expected.fields);
      }
    }
    const [row] = (
      await client.query<{ tags: string[]; doc: unknown; at: Date; amount: string }>(
        'select tags, doc, at, amount from t where id = $1',
        [1],
      )
    ).rows;
    expect(row).toEqual({
      tags: ['a', 'b'],
      doc: { k: [1, '二'] },
      at: new Date('2026-01-05T00:00:00Z'),
      amount: '12.50',
    });
  });

  it("applies a query's own parsers over PGlite's, as PGlite query does", async () => {
    const text = 'select id, amount, ok from t where id = $1';
    const parsers = { 1700: (v: string) => Number(v) * 100, 16: (v: string) => (v === 't' ? 'yes' : 'no') };
    const expected = await pg.query(text, [1], { parsers });
    const actual = await client.query(text, [1], { parsers });
    expect(actual.rows).toEqual(expected.rows);
    expect(actual.rows).toEqual([{ id: 1, amount: 1250, ok: 'yes' }]);
    // Not kept for the next query without them.
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, amount: '12.50', ok: true }]);
  });

  it('reports affected rows of writes, and writes dates, arrays and JSON', async () => {
    const insert = await client.query('insert into t (id, name, tags, doc, at) values ($1, $2, $3, $4, $5)', [
      3,
      '丙',
      ['x', 'y,z'],
      { a: null },
      new Date('2026-02-01T00:00:00Z'),
    ]);
    expect(insert.affectedRows).toBe(1);
    const read = await client.query<{ tags: string[]; doc: unknown; at: Date }>(
      'select tags, doc, at from t where id = $1',
      [3],
    );
    expect(read.rows).toEqual([{ tags: ['x', 'y,z'], doc: { a: null }, at: new Date('2026-02-01T00:00:00Z') }]);
    const update = await client.query('update t set ok = $1 where id <> $2', [null, 2]);
    expect(update.affectedRows).toBe(2);
  });

  it('throws PGlite errors with their SQLSTATE, and goes on after them', async () => {
    const duplicate = client.query('insert into t (id, name) values ($1, $2)', [1, 'again']);
    await expect(duplicate).rejects.toMatchObject({ code: '23505', query: expect.stringContaining('insert into t') });
    await expect(client.query('select nonsense from t', [])).rejects.toMatchObject({ code: '42703' });
    await expect(client.query('select name from t where id = $1', ['not a number'])).rejects.toMatchObject({
      code: '22P02',
    });
    expect((await client.query('select name from t where id = $1', [2])).rows).toEqual([{ name: "O'Brien" }]);
  });

  it('prepares a statement again when its table changed under it', async () => {
    const text = 'select * from t where id = $1';
    expect(Object.keys((await client.query<object>(text, [1])).rows[0]!)).not.toContain('extra');
    await pg.exec(`alter table t add column extra text default 'x'`);
    const again = await client.query<{ extra: string }>(text, [1]);
    expect(again.rows[0]!.extra).toBe('x');
  });

  it('keeps working beyond the statements it keeps prepared', async () => {
    for (let round = 0; round < 2; round++) {
      for (let n = 1; n <= 6; n++) {
        const r = await client.query<{ n: number }>(`select $1::int + ${n} as n`, [round]);
        expect(r.rows).toEqual([{ n: round + n }]);
      }
    }
  });

  it('runs drizzle transactions: commit, rollback, savepoints; statements outside wait for them', async () => {
    const db = drizzle({ client: client as unknown as PGlite });
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into t (id, name) values (${10}, ${'committed'})`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into t (id, name) values (${11}, ${'rolled back to the savepoint'})`);
          throw new Error('inner');
        })
        .catch(() => undefined);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into t (id, name) values (${12}, ${'rolled back'})`);
        await tx.execute(sql`insert into t (id, name) values (${10}, ${'duplicate'})`);
      }),
    ).rejects.toThrow();
    const ids = await db.execute<{ id: number }>(sql`select id from t where id >= ${10} order by id`);
    expect(ids.rows).toEqual([{ id: 10 }]);

    // A statement sent while a transaction runs sees its result only after the commit.
    let release!: () => void;
    let begun!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (begun = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.execute(sql`update t set name = ${'during'} where id = ${10}`);
      begun();
      await held;
      await tx.execute(sql`update t set name = ${'after'} where id = ${10}`);
    });
    await started;
    const outside = client.query<{ name: string }>('select name from t where id = $1', [10]);
    release();
    await transaction;
    expect((await outside).rows).toEqual([{ name: 'after' }]);
  });
});
