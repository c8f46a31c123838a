/**
 * Prepared statements on PGlite, in one exchange per execution.
 *
 * PGlite's `query` exchanges six protocol messages with its backend one at a time (parse, describe the statement, bind,
 * describe the portal, execute, sync), and the backend parses, analyses and plans the statement on every call. Each
 * exchange is a call into the WebAssembly backend that opens, truncates and closes its output file, and a parse of the
 * answer in JavaScript. This client prepares each distinct statement text once as a named statement (parse and
 * describe, one exchange), remembers its parameter types and row description, and then runs it with bind, execute and
 * sync in a single exchange. PostgreSQL does the same with postgres.js, which prepares named statements too: plans are
 * cached per session there and here alike.
 *
 * It keeps PGlite's semantics: the same parameter serializers (by the described parameter types), the same result
 * parsers and row modes (`parseResults`), the same locks (a statement outside a transaction waits for the transaction in
 * progress; statements never interleave), the same errors (PGlite's `DatabaseError`, with `query`, `params` and
 * `queryOptions` set). Used as drizzle's PGlite client: `query` and `transaction` are what drizzle calls.
 */
import {
  parse,
  protocol,
  types,
  type PGlite,
  type QueryOptions,
  type Results,
  type Transaction,
  type messages,
} from '@electric-sql/pglite';

interface Statement {
  name: string;
  /** Parameter type OIDs as the backend inferred them. */
  paramTypes: number[];
  /** The row description, or null for a statement that returns no rows. */
  rowDescription: messages.BackendMessage | null;
}

/** What drizzle's PGlite driver calls on its client. */
export interface PreparedPglite {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

/** Prepared statements kept per database by default; the least recently used is closed beyond this many. */
const MAX_STATEMENTS = 1000;

const serialize = protocol.serialize;

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The first error of an exchange, annotated as PGlite annotates it. */
function errorOf(
  result: { messages: messages.BackendMessage[] },
  text: string,
  params: unknown[],
  options: QueryOptions | undefined,
): Error | null {
  const error = result.messages.find((m) => m.name === 'error') as messages.DatabaseError | undefined;
  if (!error) return null;
  return Object.assign(error, { query: text, params, queryOptions: options });
}

/** SQLSTATE 0A000 "cached plan must not change result type": a table changed under a prepared statement. */
function isStalePlan(error: Error): boolean {
  return (error as { code?: string }).code === '0A000' && /cached plan/.test(error.message);
}

class StatementCache {
  private readonly statements = new Map<string, Statement>();
  private readonly closing: Uint8Array[] = [];
  private counter = 0;

  constructor(
    private readonly pg: PGlite,
    private readonly maxStatements: number,
  ) {}

  /** Runs one statement; the caller holds PGlite's query lock. */
  async run<T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean) {
    let result: Results<T>;
    try {
      result = await this.execute<T>(text, params, options);
    } catch (error) {
      if (!(error instanceof Error) || !isStalePlan(error)) throw error;
      // Prepared again against the table as it is now; inside a transaction the failure has aborted it already.
      this.forget(text);
      if (inTransaction) throw error;
      result = await this.execute<T>(text, params, options);
    }
    // As PGlite's query does (with relaxed durability it does not wait for the file system).
    if (!inTransaction) await this.pg.syncToFs();
    return result;
  }

  private async prepare(text: string, options: QueryOptions | undefined, params: unknown[]): Promise<Statement> {
    const cached = this.statements.get(text);
    if (cached) {
      // Most recently used last: the first entry is the one to close when the cache is full.
      this.statements.delete(text);
      this.statements.set(text, cached);
      return cached;
    }
    const name = `qq_${++this.counter}`;
    const result = await this.pg.execProtocol(
      concat([
        ...this.closing.splice(0),
        serialize.parse({ name, text }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { throwOnError: false, syncToFs: false },
    );
    const error = errorOf(result, text, params, options);
    if (error) throw error;
    const statement: Statement = {
      name,
      paramTypes: parse.parseDescribeStatementResults(result.messages),
      rowDescription: result.messages.find((m) => m.name === 'rowDescription') ?? null,
    };
    this.statements.set(text, statement);
    if (this.statements.size > this.maxStatements) {
      const [oldest] = this.statements.keys();
      this.forget(oldest!);
    }
    return statement;
  }

  /** Drops a statement; its close is sent with the next exchange. */
  private forget(text: string): void {
    const statement = this.statements.get(text);
    if (!statement) return;
    this.statements.delete(text);
    this.closing.push(serialize.close({ type: 'S', name: statement.name }));
  }

  private async execute<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    const statement = await this.prepare(text, options, params);
    const serializers = this.pg.serializers;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const type = statement.paramTypes[i]!;
      const serializer = options?.serializers?.[type] ?? serializers[type];
      return serializer ? serializer(value) : String(value);
    });
    const result = await this.pg.execProtocol(
      concat([
        ...this.closing.splice(0),
        serialize.bind({ statement: statement.name, values }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { throwOnError: false, syncToFs: false },
    );
    const error = errorOf(result, text, params, options);
    if (error) throw error;
    return resultOf<T>(statement.rowDescription, result.messages, this.pg.parsers, options);
  }
}

/** The rows affected, from a CommandComplete tag (`INSERT 0 3`, `UPDATE 2`), as PGlite counts them. */
function affected(tag: string): number {
  const words = tag.split(' ');
  switch (words[0] ?? '') {
    case 'INSERT':
      return parseInt(words[2]!, 10);
    case 'UPDATE':
    case 'DELETE':
    case 'COPY':
    case 'MERGE':
      return parseInt(words[1]!, 10);
    default:
      return 0;
  }
}

/**
 * The result of one bind/execute/sync exchange, as PGlite's `parseResults` gives its first result set (rows as objects
 * or arrays, each value through the parser of its column's type, `affectedRows`), without copying the whole table of
 * parsers for every statement: each column's parser is looked up once per execution (the query's own, PGlite's, the built-in one).
 */
function resultOf<T>(
  rowDescription: messages.BackendMessage | null,
  answer: messages.BackendMessage[],
  parsers: Record<number, (value: string, typeId: number) => unknown>,
  options: QueryOptions | undefined,
): Results<T> {
  // Drizzle passes parsers of its own for dates and intervals with every query: looked up before PGlite's, per column.
  const own = options?.parsers;
  let fields: Array<{ name: string; dataTypeID: number }> = [];
  let convert: Array<((value: string, typeId: number) => unknown) | undefined> = [];
  const describe = (m: messages.RowDescriptionMessage) => {
    fields = m.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    convert = fields.map((f) => own?.[f.dataTypeID] ?? parsers[f.dataTypeID] ?? types.parsers[f.dataTypeID]);
  };
  if (rowDescription) describe(rowDescription as messages.RowDescriptionMessage);
  const arrays = options?.rowMode === 'array';
  const rows: unknown[] = [];
  for (const m of answer) {
    if (m.name === 'rowDescription') describe(m as messages.RowDescriptionMessage);
    else if (m.name === 'dataRow') {
      const values = (m as messages.DataRowMessage).fields;
      const parsed = values.map((v, i) => {
        if (v === null) return null;
        const f = convert[i];
        return f ? f(v, fields[i]!.dataTypeID) : v;
      });
      if (arrays) rows.push(parsed);
      else {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < fields.length; i++) row[fields[i]!.name] = parsed[i];
        rows.push(row);
      }
    } else if (m.name === 'commandComplete') {
      return { rows, fields, affectedRows: affected((m as messages.CommandCompleteMessage).text) } as Results<T>;
    }
  }
  return { rows: [], fields: [], affectedRows: 0 } as Results<T>;
}

/** What this client leaves to PGlite's own query: COPY to a blob, explicit parameter types. */
const unusual = (options?: QueryOptions) => !!(options?.blob || options?.paramTypes);

/**
 * Drizzle's client over `pg`: prepared statements, one exchange per execution (see above). One per PGlite instance:
 * statement names are the session's.
 */
export function preparedPglite(pg: PGlite, options: { maxStatements?: number } = {}): PreparedPglite {
  const cache = new StatementCache(pg, options.maxStatements ?? MAX_STATEMENTS);
  return {
    query: <T>(text: string, params: unknown[] = [], options?: QueryOptions) =>
      unusual(options)
        ? pg.query<T>(text, params, options)
        : pg._runExclusiveTransaction(() => pg._runExclusiveQuery(() => cache.run<T>(text, params, options, false))),
    transaction: <T>(fn: (tx: Transaction) => Promise<T>) =>
      pg.transaction((tx) =>
        fn({
          ...tx,
          get closed() {
            return tx.closed;
          },
          query: async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
            if (unusual(options)) return tx.query<R>(text, params, options);
            if (tx.closed) throw new Error('Transaction is closed');
            return pg._runExclusiveQuery(() => cache.run<R>(text, params, options, true));
          },
        }),
      ),
  };
}
