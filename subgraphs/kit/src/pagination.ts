/**
 * Relay cursor connections over keyset pagination: the cursor is the sort key of the last row (opaque, base64url), so
 * pages stay stable while rows are added and cost the same at any depth.
 */
import { CASING, type Database } from '@qq/db/client';
import DataLoader from 'dataloader';
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { CasingCache } from 'drizzle-orm/casing';
import { executeRows, tableRead } from './sql.ts';
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

/**
 * Groups rows fetched for many parents (first `limit + 1` each) into one connection per key, in key order. `totals`
 * is each key's totalCount: counted with the rows (`pagePerKey`), or a function making a thunk per key (a count loader).
 */
export function connectionsByKey<T>(
  keys: readonly string[],
  rows: T[],
  keyOf: (row: T) => string,
  limit: number,
  cursorOf: (row: T) => unknown[],
  totals?: ReadonlyMap<string, number> | ((key: string) => () => Promise<number>),
): Connection<T>[] {
  const groups = groupByKeys(keys, rows, keyOf);
  const totalOf =
    totals instanceof Map
      ? (key: string) => {
          const n = totals.get(key) ?? 0;
          return () => Promise.resolve(n);
        }
      : (totals as ((key: string) => () => Promise<number>) | undefined);
  return keys.map((key, i) => toConnection(groups[i]!, limit, cursorOf, totalOf?.(key)));
}

/**
 * Whether a connection field's selection reads its rows (`nodes`, `edges`, `pageInfo`), or only `totalCount`: a list
 * asked for its count alone (an analyst's `matters(first: 2) { totalCount }` of 100 enterprises) is one grouped count,
 * not a page of rows per parent. Fragments count as read when they read anything else; so does a field under `@skip`
 * or `@include` (never wrongly left out).
 */
export function selectsRows(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): boolean {
  for (const node of info.fieldNodes) if (readsBeyondCount(node.selectionSet, info.fragments, [])) return true;
  return false;
}

function readsBeyondCount(
  set: SelectionSetNode | undefined,
  fragments: GraphQLResolveInfo['fragments'],
  seen: string[],
): boolean {
  if (!set) return false;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value !== 'totalCount' && s.name.value !== '__typename') return true;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (readsBeyondCount(s.selectionSet, fragments, seen)) return true;
    } else if (!seen.includes(s.name.value)) {
      seen.push(s.name.value);
      if (readsBeyondCount(fragments[s.name.value]?.selectionSet, fragments, seen)) return true;
    }
  }
  return false;
}

/** A connection of which only the count was selected: reading its rows is a programming error. */
class CountOnlyConnection<T> implements Connection<T> {
  constructor(readonly totalCount: () => Promise<number>) {}
  get edges(): Connection<T>['edges'] {
    return unread();
  }
  get nodes(): T[] {
    return unread();
  }
  get pageInfo(): PageInfo {
    return unread();
  }
}

function unread(): never {
  throw new Error('The rows of a connection selected for its totalCount only were read.');
}

/**
 * The connection of a parent whose selection reads only `totalCount` (`selectsRows`): rows are not fetched, and
 * reading them is a programming error (it throws, never answers an empty page).
 */
export function countOnlyConnection<T>(totalCount: () => Promise<number>): Connection<T> {
  return new CountOnlyConnection<T>(totalCount);
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
 * The ranked rows of `firstRowsPerKey` and `pagePerKey`, with the count per key when asked. The select list is the
 * table's `tableRead` (built once), not drizzle's per-call list: these statements serve every nested list.
 */
async function rankedPerKey<T extends PgTable>(
  db: Database | Tx,
  table: T,
  key: PgColumn,
  order: SQL[],
  where: SQL | undefined,
  perKey: number,
  counted: boolean,
): Promise<Array<{ row: T['$inferSelect']; total: number }>> {
  const read = tableRead(table);
  const total = counted ? sql`, count(*) over (partition by ${key}) as qq_total` : sql``;
  const rows = await executeRows(
    db,
    sql`select * from (select ${read.list}, row_number() over (partition by ${key} order by ${sql.join(order, sql`, `)}) as qq_rn${total} from ${table} where ${where ?? sql`true`}) ranked where qq_rn <= ${perKey} order by ${sql.identifier(keyName(key))}, qq_rn`,
  );
  return rows.map((r) => ({ row: read.decode(r), total: Number(r.qq_total ?? 0) }));
}

const keyNames = new CasingCache(CASING);
const keyName = (key: PgColumn) => keyNames.getColumnCasing(key);

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
  return (await rankedPerKey(db, table, key, order, where, perKey, false)).map((r) => r.row);
}

/** The first rows of each key and how many rows match per key (keys without rows have none). */
export interface PagePerKey<R> {
  rows: R[];
  /** Rows matching `where` per key, before the per-key limit: the lists' totalCount when `where` has no cursor. */
  totals: Map<string, number>;
}

/**
 * `firstRowsPerKey` with each key's count of matching rows from the same statement (`count(*) over (partition by
 * key)`), so that a nested list's page and its totalCount cost one statement, not two.
 */
export async function pagePerKey<T extends PgTable>(
  db: Database | Tx,
  table: T,
  key: PgColumn,
  order: SQL[],
  where: SQL | undefined,
  perKey: number,
): Promise<PagePerKey<T['$inferSelect']>> {
  const ranked = await rankedPerKey(db, table, key, order, where, perKey, true);
  const field = keyField(table, key);
  const totals = new Map<string, number>();
  const rows = ranked.map(({ row, total }) => {
    totals.set(String((row as Record<string, unknown>)[field]), total);
    return row;
  });
  return { rows, totals };
}

/** The property of `key` among the table's columns. */
function keyField(table: PgTable, key: PgColumn): string {
  const columns: Record<string, PgColumn> = getTableColumns(table);
  const field = Object.keys(columns).find((f) => columns[f] === key);
  if (!field) throw new Error(`firstRowsPerKey: ${key.name} is not a column of the table`);
  return field;
}
