/** SQL helpers the stores share. */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

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
