/**
 * Tamper evidence for the append-only tables (every workflow's event table): each row carries its place in its
 * table's chain (`chain_seq`, 1, 2, 3, …), the hash of the row before it (`chain_prev`) and its own hash
 * (`chain_hash`), the SHA-256 of the table's name, its place, the previous hash and its content. A database trigger
 * computes them as the row is inserted, in the same transaction as the change, so no code path can forget it and a
 * rolled-back change leaves no link.
 *
 * One chain per table. The trigger takes a transaction-scoped advisory lock on the table before it reads the head, so
 * concurrent transactions append one after the other; the lock is held from the event insert (the last write of a
 * transition, before its outbox rows) to the commit, and the index on `chain_seq` is unique, so two links can never
 * take the same place (a transaction that read a stale head fails instead of forking the chain). A chain per entity
 * would avoid that queue but leave millions of heads to record; per table, the daily job records a handful.
 *
 * `verifyAuditChains` recomputes every hash in this process (not with the database's own functions, which the owner
 * could replace), and reports per table the first broken link: a row whose content changed, a missing place (a row
 * deleted), a link that does not follow from the previous row (rows inserted or reordered), a row outside the chain
 * (inserted with the trigger off), and heads recorded by the daily job that the chain no longer has (its tail cut, or
 * the whole chain rewritten).
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Database, DatabaseHandle } from './client.ts';
import * as commerce from './schema/commerce.ts';
import { auditChainedTables } from './schema/common.ts';
import * as complaints from './schema/complaints.ts';
import * as platform from './schema/platform.ts';
import * as policies from './schema/policies.ts';
import * as statistics from './schema/statistics.ts';
import * as talent from './schema/talent.ts';
import { SCHEMAS, type SchemaName } from './schemas.ts';

/** Every department's tables are defined (and so registered) before the chains are installed or listed. */
const DEPARTMENT_TABLES: Record<SchemaName, object> = { platform, policies, complaints, commerce, talent, statistics };

/** The trigger that seals each inserted row. */
export const CHAIN_TRIGGER = 'audit_chain';
/** The previous hash of a chain's first row. */
export const GENESIS = '0'.repeat(64);
/** The first key of the advisory lock of a chain (the second is the table's oid): "QQAC". */
const LOCK_CLASS = 0x51514143;
/** The job that records every chain's head once a day (`<subgraph>.audit-heads`). */
export const HEADS_JOB = 'audit-heads';

/** The chained tables of these schemas, as defined in code (`eventTable`, `auditChained`). */
export function chainedTablesInCode(
  schemas: readonly SchemaName[] = SCHEMAS,
): Array<{ schema: SchemaName; table: string }> {
  void DEPARTMENT_TABLES;
  return [...auditChainedTables]
    .map((t) => getTableConfig(t))
    .filter((c) => schemas.includes(c.schema as SchemaName))
    .map((c) => ({ schema: c.schema as SchemaName, table: c.name }));
}

/** The hash of one link, as the trigger computes it. */
export function linkHash(table: string, seq: number, prev: string, content: string): string {
  return createHash('sha256').update(`${table}\n${seq}\n${prev}\n${content}`, 'utf8').digest('hex');
}

/** A row's hashed content: the row as JSON (times in UTC) without its chain columns and without null fields. */
const CONTENT_OF = (row: string) =>
  `jsonb_strip_nulls(to_jsonb(${row}) - ARRAY['chain_seq','chain_prev','chain_hash'])::text`;

/** The functions of a schema's chains: the hash, and the sealing of rows that predate the chain. */
function functionsSql(schema: string): string {
  return `
CREATE OR REPLACE FUNCTION ${schema}.audit_chain_hash(tbl text, seq bigint, prev text, content text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $f$ SELECT encode(sha256(convert_to(tbl || E'\\n' || seq::text || E'\\n' || prev || E'\\n' || content, 'UTF8')), 'hex') $f$;

CREATE OR REPLACE FUNCTION ${schema}.audit_chain_seal_existing(tbl regclass) RETURNS bigint
  LANGUAGE plpgsql SET "TimeZone" = 'UTC'
  AS $f$
DECLARE
  r record;
  name text;
  last_seq bigint;
  last_hash text;
  next_hash text;
  sealed bigint := 0;
BEGIN
  SELECT n.nspname || '.' || c.relname INTO name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.oid = tbl;
  PERFORM pg_advisory_xact_lock(${LOCK_CLASS}, tbl::oid::integer);
  EXECUTE format('SELECT chain_seq, chain_hash FROM %s WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1', tbl)
    INTO last_seq, last_hash;
  last_seq := coalesce(last_seq, 0);
  last_hash := coalesce(last_hash, '${GENESIS}');
  FOR r IN EXECUTE format('SELECT id, to_jsonb(t) AS j FROM %s t WHERE chain_seq IS NULL ORDER BY id', tbl) LOOP
    last_seq := last_seq + 1;
    next_hash := ${schema}.audit_chain_hash(name, last_seq, last_hash, ${CONTENT_OF('r.j')});
    EXECUTE format('UPDATE %s SET chain_seq = $1, chain_prev = $2, chain_hash = $3 WHERE id = $4', tbl)
      USING last_seq, last_hash, next_hash, r.id;
    last_hash := next_hash;
    sealed := sealed + 1;
  END LOOP;
  RETURN sealed;
END $f$;
`;
}

/**
 * Chains one table: its columns, the unique index of places, the rows it already has, then its trigger. Each table
 * has its own trigger function with static SQL (its plan is cached: a fraction of a millisecond a row).
 */
function tableSql(schema: string, table: string): string {
  const qualified = `${schema}.${table}`;
  return `
CREATE OR REPLACE FUNCTION ${schema}.audit_seal_${table}() RETURNS trigger
  LANGUAGE plpgsql SET "TimeZone" = 'UTC'
  AS $f$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_CLASS}, TG_RELID::integer);
  SELECT chain_seq, chain_hash INTO last_seq, last_hash FROM ${qualified}
    WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
  NEW.chain_seq := coalesce(last_seq, 0) + 1;
  NEW.chain_prev := coalesce(last_hash, '${GENESIS}');
  NEW.chain_hash := ${schema}.audit_chain_hash('${qualified}', NEW.chain_seq, NEW.chain_prev, ${CONTENT_OF('NEW')});
  RETURN NEW;
END $f$;
ALTER TABLE ${qualified} ADD COLUMN IF NOT EXISTS chain_seq bigint, ADD COLUMN IF NOT EXISTS chain_prev text,
  ADD COLUMN IF NOT EXISTS chain_hash text;
CREATE UNIQUE INDEX IF NOT EXISTS ${table}_chain_seq_key ON ${qualified} (chain_seq);
LOCK TABLE ${qualified} IN SHARE ROW EXCLUSIVE MODE;
SELECT ${schema}.audit_chain_seal_existing('${qualified}');
CREATE TRIGGER ${CHAIN_TRIGGER} BEFORE INSERT ON ${qualified} FOR EACH ROW EXECUTE FUNCTION ${schema}.audit_seal_${table}();
`;
}

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];

/**
 * The chained tables that exist in these schemas, with whether their trigger is in place and enabled (read from the
 * catalog, so the subgraph roles can call it too).
 */
export async function chainedTablesInDatabase(
  db: Pick<Database, 'execute'>,
  schemas: readonly string[],
): Promise<Array<{ schema: string; table: string; sealing: boolean }>> {
  if (schemas.length === 0) return [];
  const list = sql.join(
    schemas.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = rowsOf<{ schema: string; table: string; sealing: boolean }>(
    await db.execute(sql`
      select c.table_schema as "schema", c.table_name as "table",
        exists (select 1 from pg_trigger t
                where t.tgrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
                  and t.tgname = ${CHAIN_TRIGGER} and t.tgenabled <> 'D') as sealing
      from information_schema.columns c
      where c.column_name = 'chain_hash' and c.table_schema in (${list})
      order by 1, 2`),
  );
  return rows.map((r) => ({
    schema: r.schema,
    table: r.table,
    sealing: r.sealing === true || String(r.sealing) === 't',
  }));
}

/**
 * Installs the chain on every table registered in code for these schemas that does not have it yet (run by
 * `migrate`, as the owner). Rows that predate the chain are sealed once, in id order. Idempotent.
 */
export async function installAuditChains(
  handle: DatabaseHandle,
  db: Database,
  schemas: readonly SchemaName[] = SCHEMAS,
): Promise<void> {
  const wanted = chainedTablesInCode(schemas);
  if (wanted.length === 0) return;
  const present = rowsOf<{ name: string }>(
    await db.execute(sql`
      select n.nspname || '.' || c.relname as name from pg_trigger t
        join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where t.tgname = ${CHAIN_TRIGGER}`),
  ).map((r) => r.name);
  const missing = wanted.filter((w) => !present.includes(`${w.schema}.${w.table}`));
  if (missing.length === 0) return;
  const script = [...new Set(missing.map((m) => m.schema))].map(functionsSql).join('\n');
  try {
    await handle.exec(`BEGIN;\n${script}\n${missing.map((m) => tableSql(m.schema, m.table)).join('\n')}\nCOMMIT;`);
  } catch (error) {
    // Another process installed them at the same time: fine when every trigger is there now.
    const now = await chainedTablesInDatabase(db, [...new Set(missing.map((m) => m.schema))]);
    if (!missing.every((m) => now.some((n) => n.schema === m.schema && n.table === m.table && n.sealing))) throw error;
  }
}

/**
 * Append-only for a subgraph's role: no UPDATE, DELETE or TRUNCATE on its chained tables (`ensureRoles` grants the
 * rest of its schema). One SQL block, so it follows whatever tables the migrations made.
 */
export function appendOnlySql(schema: string, role: string): string {
  return `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = '${schema}' AND t.tgname = '${CHAIN_TRIGGER}' LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I.%I FROM %I', '${schema}', r.relname, '${role}');
  END LOOP;
END $$;`;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The last link of every chained table of a schema, by table name (what the daily job records). */
export async function chainHeads(
  db: Pick<Database, 'execute'>,
  schema: string,
): Promise<Record<string, ChainHead | null>> {
  const heads: Record<string, ChainHead | null> = {};
  for (const { table } of await chainedTablesInDatabase(db, [schema])) {
    const [row] = rowsOf<{ seq: string; hash: string }>(
      await db.execute(
        sql.raw(
          `select chain_seq::text as seq, chain_hash as hash from ${schema}.${table} ` +
            `where chain_seq is not null order by chain_seq desc limit 1`,
        ),
      ),
    );
    heads[table] = row ? { seq: Number(row.seq), hash: row.hash } : null;
  }
  return heads;
}

export interface BrokenLink {
  /** The row where the chain breaks (null when the row is gone, such as a cut tail). */
  id: string | null;
  seq: number | null;
  reason: string;
}

export interface ChainReport {
  /** `schema.table`. */
  table: string;
  /** Links walked. */
  rows: number;
  head: ChainHead | null;
  /** The first broken link, or null when the chain holds. */
  broken: BrokenLink | null;
}

interface RecordedHead extends ChainHead {
  slot: string;
}

/** Heads recorded by the daily job of a schema, by table, oldest first. */
async function recordedHeads(db: Pick<Database, 'execute'>, schema: string): Promise<Map<string, RecordedHead[]>> {
  const byTable = new Map<string, RecordedHead[]>();
  const [ledger] = rowsOf<{ present: boolean }>(
    await db.execute(sql`select to_regclass(${`${schema}.job_runs`}) is not null as present`),
  );
  if (!ledger?.present) return byTable;
  const runs = rowsOf<{ slot: string; result: unknown }>(
    await db.execute(
      sql.raw(
        `select slot, result from ${schema}.job_runs where job = '${schema}.${HEADS_JOB}' and result is not null ` +
          `order by ran_at, slot`,
      ),
    ),
  );
  for (const run of runs) {
    const result = (typeof run.result === 'string' ? JSON.parse(run.result) : run.result) as {
      heads?: Record<string, ChainHead | null>;
    };
    for (const [table, head] of Object.entries(result.heads ?? {})) {
      if (!head) continue;
      const list = byTable.get(table) ?? [];
      list.push({ slot: run.slot, seq: Number(head.seq), hash: String(head.hash) });
      byTable.set(table, list);
    }
  }
  return byTable;
}

/** Walks one chain in pages, recomputing every hash; stops at the first broken link. */
async function verifyChain(
  db: Pick<Database, 'execute'>,
  schema: string,
  table: string,
  sealing: boolean,
  recorded: RecordedHead[],
  pageSize: number,
): Promise<ChainReport> {
  const name = `${schema}.${table}`;
  const report: ChainReport = { table: name, rows: 0, head: null, broken: null };
  const wanted = new Map<number, string>();
  for (const r of recorded) wanted.set(r.seq, '');
  let prevSeq = 0;
  let prevHash = GENESIS;
  for (;;) {
    const page = rowsOf<{ id: string; seq: string; prev: string | null; hash: string | null; content: string }>(
      await db.execute(
        sql.raw(
          `select id::text as id, chain_seq::text as seq, chain_prev as prev, chain_hash as hash, ` +
            `${CONTENT_OF('t')} as content from ${name} t where chain_seq > ${prevSeq} order by chain_seq limit ${pageSize}`,
        ),
      ),
    );
    for (const row of page) {
      const seq = Number(row.seq);
      const hash = row.hash ?? '';
      if (seq !== prevSeq + 1) {
        report.broken = {
          id: row.id,
          seq,
          reason: `the rows at ${prevSeq + 1}${seq - 1 > prevSeq + 1 ? `–${seq - 1}` : ''} of the chain are missing (deleted) before this one`,
        };
      } else if (row.prev !== prevHash) {
        report.broken = {
          id: row.id,
          seq,
          reason: 'its link does not follow from the row before it (inserted or reordered rows)',
        };
      } else if (hash !== linkHash(name, seq, prevHash, row.content)) {
        report.broken = { id: row.id, seq, reason: 'its content no longer matches its hash (edited)' };
      }
      if (report.broken) return report;
      if (wanted.has(seq)) wanted.set(seq, hash);
      prevSeq = seq;
      prevHash = hash;
      report.rows++;
    }
    if (page.length < pageSize) break;
  }
  report.head = prevSeq > 0 ? { seq: prevSeq, hash: prevHash } : null;
  const [outside] = rowsOf<{ id: string }>(
    await db.execute(
      sql.raw(`select id::text as id from ${name} where chain_seq is null or chain_seq < 1 order by id limit 1`),
    ),
  );
  if (outside) {
    report.broken = { id: outside.id, seq: null, reason: 'the row is outside the chain (inserted past the trigger)' };
    return report;
  }
  for (const head of recorded) {
    if (head.seq > prevSeq) {
      report.broken = {
        id: null,
        seq: head.seq,
        reason: `the chain ends at ${prevSeq}, but the head recorded on ${head.slot} is ${head.seq} (rows cut from the end)`,
      };
      return report;
    }
    if (wanted.get(head.seq) !== head.hash) {
      report.broken = {
        id: null,
        seq: head.seq,
        reason: `the row at ${head.seq} is not the head recorded on ${head.slot} (the chain was rewritten)`,
      };
      return report;
    }
  }
  if (!sealing) {
    report.broken = { id: null, seq: null, reason: `the ${CHAIN_TRIGGER} trigger is missing or disabled` };
  }
  return report;
}

/**
 * Walks every chain of these schemas (as the owner, or any login that may read them) and reports each table's
 * length, head and first broken link. Tables defined as chained in code but without a chain in the database are
 * reported broken too.
 */
export async function verifyAuditChains(
  db: Database,
  options: { schemas?: readonly SchemaName[]; pageSize?: number } = {},
): Promise<ChainReport[]> {
  const schemas = options.schemas ?? SCHEMAS;
  const pageSize = options.pageSize ?? 2000;
  return db.transaction(async (tx) => {
    // The hashed content renders times in UTC, as the trigger does.
    await tx.execute(sql`set local "TimeZone" = 'UTC'`);
    const reports: ChainReport[] = [];
    const found = await chainedTablesInDatabase(tx, schemas);
    for (const schema of schemas) {
      const recorded = await recordedHeads(tx, schema);
      for (const t of found.filter((f) => f.schema === schema)) {
        reports.push(await verifyChain(tx, schema, t.table, t.sealing, recorded.get(t.table) ?? [], pageSize));
      }
    }
    for (const w of chainedTablesInCode(schemas)) {
      if (found.some((f) => f.schema === w.schema && f.table === w.table)) continue;
      reports.push({
        table: `${w.schema}.${w.table}`,
        rows: 0,
        head: null,
        broken: { id: null, seq: null, reason: 'the table has no chain columns (not installed by migrate)' },
      });
    }
    return reports;
  });
}
