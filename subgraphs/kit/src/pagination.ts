/**
 * Relay cursor connections over keyset pagination: the cursor is the sort key of the last row (opaque, base64url), so
 * pages stay stable while rows are added and cost the same at any depth.
 */
import type { Database } from '@qq/db/client';
import DataLoader from 'dataloader';
import { asc, getTableColumns, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { BadUserInputError } from './errors.ts';
import type { Tx } from './workflow.ts';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  /** Rows to return. */
  limit: number;
  /** The sort key the page starts after, or null for the first page. */
  after: unknown[] | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount?: () => Promise<number>;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string, arity: number, field = 'after'): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values;
    }
  } catch {
    // fall through to the coded error
  }
  throw new BadUserInputError(field, 'is not a cursor returned by this list');
}

/** Validates `first` and `after`. `arity` is the number of columns in the list's sort key. */
export function readPage(
  args: PageArgs,
  arity: number,
  maxSize = MAX_PAGE_SIZE,
  defaultSize = DEFAULT_PAGE_SIZE,
): Page {
  const first = args.first ?? defaultSize;
  if (!Number.isInteger(first) || first < 0 || first > maxSize) {
    throw new BadUserInputError('first', `must be an integer from 0 to ${maxSize}`);
  }
  return { limit: first, after: args.after ? decodeCursor(args.after, arity) : null };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a cursor value fits its sort column: a forged cursor is the caller's error, not a database error. */
function fitsColumn(column: PgColumn, value: unknown): boolean {
  const type = column.columnType;
  if (type.includes('UUID')) return typeof value === 'string' && UUID_RE.test(value);
  if (type.includes('Timestamp')) return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  if (type.includes('Date')) return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (/Integer|Serial|BigInt|Numeric|Real|Double|SmallInt/.test(type)) {
    return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
  }
  return typeof value === 'string' || typeof value === 'number';
}

/** Rows strictly after the cursor in the order `(columns) direction`. BAD_USER_INPUT on `after` for a forged cursor. */
export function afterCursor(columns: PgColumn[], after: unknown[] | null, direction: 'asc' | 'desc'): SQL | undefined {
  if (!after) return undefined;
  if (after.length !== columns.length || !columns.every((c, i) => fitsColumn(c, after[i]))) {
    throw new BadUserInputError('after', 'is not a cursor returned by this list');
  }
  const left = sql.join(columns, sql`, `);
  const right = sql.join(
    after.map((v) => sql`${v}`),
    sql`, `,
  );
  return direction === 'desc' ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
}

export function orderBy(columns: PgColumn[], direction: 'asc' | 'desc'): SQL[] {
  return columns.map((c) => (direction === 'desc' ? sql`${c} desc` : sql`${c} asc`));
}

/** Builds a connection from `limit + 1` fetched rows. */
export function toConnection<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => unknown[],
  totalCount?: () => Promise<number>,
): Connection<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    ...(totalCount ? { totalCount } : {}),
  };
}

/** `row_number() over (partition by key order by …)`: the first N rows per parent in one statement. */
export function rowNumberOver(partition: PgColumn, order: SQL[]): SQL<number> {
  return sql<number>`row_number() over (partition by ${partition} order by ${sql.join(order, sql`, `)})`;
}

/** Groups rows fetched for many parents (first `limit + 1` each) into one connection per key, in key order. */
export function connectionsByKey<T>(
  keys: readonly string[],
  rows: T[],
  keyOf: (row: T) => string,
  limit: number,
  cursorOf: (row: T) => unknown[],
  totalOf?: (key: string) => () => Promise<number>,
): Connection<T>[] {
  const groups = groupByKeys(keys, rows, keyOf);
  return keys.map((key, i) => toConnection(groups[i]!, limit, cursorOf, totalOf?.(key)));
}

/** One DataLoader per distinct argument set (for example `first` of a nested list), created on first use. */
export function loaderFamily<A, K, V>(
  make: (args: A) => DataLoader<K, V, string>,
): (args: A) => DataLoader<K, V, string> {
  const loaders = new Map<string, DataLoader<K, V, string>>();
  return (args: A) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = make(args);
      loaders.set(key, loader);
    }
    return loader;
  };
}

/** Rows of many parents grouped per key, in key order (empty where none): a DataLoader's answer for a list field. */
export function groupByKeys<T, K>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

/** Orders rows found by id as the keys asked for, with null where a row is missing (DataLoader's contract). */
export function byKeys<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): Array<T | null> {
  const map = new Map<K, T>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * The first `perKey` rows of each value of `key` that match `where`, in `order` (one statement for every parent of a
 * request: `row_number() over (partition by key order by …)`), grouped by key.
 */
export async function firstRowsPerKey<T extends PgTable>(
  db: Database | Tx,
  table: T,
  key: PgColumn,
  order: SQL[],
  where: SQL | undefined,
  perKey: number,
): Promise<Array<T['$inferSelect']>> {
  // Typed loosely inside: drizzle's subquery types do not follow a generic table.
  const columns: Record<string, PgColumn> = getTableColumns(table as PgTable);
  const keyField = Object.keys(columns).find((field) => columns[field] === key);
  if (!keyField) throw new Error(`firstRowsPerKey: ${key.name} is not a column of the table`);
  const ranked = db
    .select({ ...columns, rn: rowNumberOver(key, order).as('rn') })
    .from(table as PgTable)
    .where(where)
    .as('ranked');
  const rankedKey = (ranked as unknown as Record<string, PgColumn>)[keyField]!;
  const rows = await db.select().from(ranked).where(lte(ranked.rn, perKey)).orderBy(asc(rankedKey), asc(ranked.rn));
  return rows.map(({ rn: _rn, ...row }) => row as T['$inferSelect']);
}
