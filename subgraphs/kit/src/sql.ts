/** SQL helpers the stores share. */
import { CASING, type Database } from '@qq/db/client';
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './workflow.ts';

/** An ILIKE pattern matching values that contain `text` literally (`%`, `_` and `\` escaped). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * Whether an error (or one of its causes: drizzle wraps driver errors) is a unique-constraint violation (SQLSTATE
 * 23505), on PGlite and on postgres.js alike.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Array types of the key columns `anyOf` compares (serial columns hold integers). */
const ARRAY_OF: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };

/**
 * `column = any($1::type[])`: membership in a list as one array parameter. drizzle's `inArray` sends one parameter per
 * value (`in ($1, …, $100)`), so each list length is another statement to build, type and prepare; this is one
 * statement whatever the length, and its parameter is typed once. Values go through the column's driver mapping, as
 * `inArray` maps them. An empty list matches nothing.
 */
export function anyOf(column: PgColumn, values: readonly unknown[]): SQL {
  const type = column.getSQLType();
  const list = values.map((v) => column.mapToDriverValue(v));
  return sql`${column} = any(${sql.param(list)}::${sql.raw(ARRAY_OF[type] ?? type)}[])`;
}

/** A table's columns as read by hot statements: one SQL chunk, and the decoder of the rows it reads. */
export interface TableRead<T> {
  /** `"schema"."table"."column", …`: every column (but those left out), built once per table. */
  list: SQL;
  /** A row read with `list` (keyed by column name), each value mapped by its column as drizzle maps it. */
  decode(row: Record<string, unknown>): T;
}

const casing = new CasingCache(CASING);
const tableReads = new WeakMap<PgTable, Map<string, TableRead<unknown>>>();
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The read of a table for statements run on every request: drizzle builds a select list column by column on every
 * call (for a table of fifty columns, most of the cost of the statement in this process); this list is one chunk,
 * built once, and its rows are decoded with the columns' own driver mapping, as drizzle's select decodes them.
 */
export function tableRead<T extends PgTable>(table: T, except: readonly string[] = []): TableRead<T['$inferSelect']> {
  let byExcept = tableReads.get(table);
  if (!byExcept) tableReads.set(table, (byExcept = new Map()));
  const key = except.join(',');
  let read = byExcept.get(key);
  if (!read) {
    const { name, schema } = getTableConfig(table);
    const prefix = `${schema ? `${quoted(schema)}.` : ''}${quoted(name)}.`;
    const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>)
      .filter(([field]) => !except.includes(field))
      .map(([field, column]) => ({ field, column, name: casing.getColumnCasing(column) }));
    read = {
      list: sql.raw(columns.map((c) => prefix + quoted(c.name)).join(', ')),
      decode: (row) => {
        const out: Record<string, unknown> = {};
        for (const { field, column, name } of columns) {
          const value = row[name];
          out[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
        }
        return out;
      },
    };
    byExcept.set(key, read);
  }
  return read as TableRead<T['$inferSelect']>;
}

/** The rows of `db.execute`: postgres.js answers with them, PGlite with `{ rows }`. */
export async function executeRows(db: Database | Tx, query: SQL): Promise<Array<Record<string, unknown>>> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
}
