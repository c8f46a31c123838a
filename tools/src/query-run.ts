/**
 * What `pnpm query` does (`query.ts` is the command): run an operation through the gateway, flatten its result into
 * rows, write them as CSV.
 *
 * Flattening: every list, and every connection (`edges { node }` or `nodes`), becomes rows, one per element; objects
 * become columns named by their path (`county.code`); lists of scalars are joined with `;`. Two lists side by side
 * multiply (each row of one with each row of the other), as a join would. `pageInfo` and `edges.cursor` are left out.
 * With one top-level field, the columns are named from inside it.
 */
export type Row = Record<string, string | number | boolean | null>;
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isConnection(value: Json): value is { [key: string]: Json } {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (Array.isArray(value.edges) || Array.isArray(value.nodes))
  );
}

function elementsOf(connection: { [key: string]: Json }): Json[] {
  if (Array.isArray(connection.nodes)) return connection.nodes;
  return (connection.edges as Json[]).map((e) =>
    e && typeof e === 'object' && !Array.isArray(e) ? (e.node ?? null) : e,
  );
}

function cross(left: Row[], right: Row[]): Row[] {
  if (right.length === 0) return left;
  return left.flatMap((l) => right.map((r) => ({ ...l, ...r })));
}

/** The rows of a value, its columns prefixed by `prefix`. */
export function toRows(value: Json, prefix = ''): Row[] {
  const name = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (value === null || typeof value !== 'object') return [{ [prefix || 'value']: value }];
  if (isConnection(value)) return toRows(elementsOf(value), prefix);
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [{ [prefix || 'value']: value.join(';') }];
    return value.flatMap((v) => toRows(v, prefix));
  }
  let rows: Row[] = [{}];
  for (const [key, v] of Object.entries(value) as Array<[string, Json]>) {
    if (key === 'pageInfo' || key === '__typename') continue;
    if (v === null || typeof v !== 'object') {
      rows = rows.map((r) => ({ ...r, [name(key)]: v }));
    } else if (Array.isArray(v) && v.length === 0) {
      // An empty list adds nothing (its columns stay empty in CSV).
      continue;
    } else if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) {
      rows = rows.map((r) => ({ ...r, [name(key)]: v.join(';') }));
    } else {
      rows = cross(rows, toRows(v, name(key)));
    }
  }
  return rows;
}

/**
 * The rows of an operation's `data`: with one top-level field, its columns are named from inside it
 * (`counties.rank`, not `evaluationReport.counties.rank`); with several, each column keeps its field's name.
 */
export function rowsOfData(data: Record<string, Json>): Row[] {
  const keys = Object.keys(data);
  return keys.length === 1 ? toRows(data[keys[0]!]!) : toRows(data);
}

function csvCell(v: Row[string] | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of rows: the columns in the order first seen, CRLF lines. */
export function toCsv(rows: readonly Row[]): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return [columns, ...rows.map((r) => columns.map((c) => r[c]))]
    .map((line) => line.map((v) => csvCell(v as Row[string])).join(','))
    .join('\r\n')
    .concat('\r\n');
}

export interface QueryOptions {
  url: string;
  token: string;
  document: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** Follow `pageInfo.endCursor` of the first connection while `hasNextPage` (the operation must take `$after`). */
  all?: boolean;
  fetch?: typeof fetch;
}

export interface QueryResult {
  data: Record<string, Json> | null;
  errors: Array<{ message: string; extensions?: { code?: string } }>;
}

function firstConnection(value: Json): { [key: string]: Json } | null {
  if (!value || typeof value !== 'object') return null;
  if (isConnection(value)) return value;
  for (const v of (Array.isArray(value) ? value : Object.values(value)) as Json[]) {
    const found = firstConnection(v);
    if (found) return found;
  }
  return null;
}

/** Runs the operation through the gateway (every page with `all`). */
export async function runQuery(options: QueryOptions): Promise<QueryResult> {
  const doFetch = options.fetch ?? fetch;
  const ask = async (variables: Record<string, unknown> | undefined): Promise<QueryResult> => {
    const res = await doFetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query: options.document, variables, operationName: options.operationName }),
    });
    const body = (await res.json()) as { data?: Record<string, Json> | null; errors?: QueryResult['errors'] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  };
  const first = await ask(options.variables);
  if (!options.all || first.errors.length || !first.data) return first;
  if (!/\$after\b/.test(options.document)) throw new Error('--all needs an operation that takes $after');
  let page = first;
  const pages = [first.data];
  for (;;) {
    const info = firstConnection(page.data)?.pageInfo as { hasNextPage?: boolean; endCursor?: string } | undefined;
    if (!info?.hasNextPage || !info.endCursor) break;
    page = await ask({ ...options.variables, after: info.endCursor });
    if (page.errors.length || !page.data) return { data: null, errors: page.errors };
    pages.push(page.data);
  }
  // The pages' elements one after another in the first page's shape.
  const merged = structuredClone(first.data);
  const target = firstConnection(merged)!;
  const key = Array.isArray(target.nodes) ? 'nodes' : 'edges';
  target[key] = pages.flatMap((p) => (firstConnection(p)![key] as Json[]) ?? []);
  return { data: merged, errors: [] };
}
