/**
 * Column groups shared by every department schema. Each department owns its own copy of these tables in its own
 * Postgres schema (one owner per datum); only the shape is shared.
 */
import {
  bigserial,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uuid,
  type PgSchema,
  type PgTable,
} from 'drizzle-orm/pg-core';

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** Scope columns: every row a clerk may touch carries its department and its county (GB/T 2260). */
export const scope = {
  departmentCode: text().notNull(),
  countyCode: text().notNull(),
};

/** Tables whose rows are hash-chained (tamper-evident): every event table, and any table passed to `auditChained`. */
export const auditChainedTables = new Set<PgTable>();

/**
 * Hash-chains a table's rows (`db/src/audit.ts`): `pnpm migrate` adds the chain columns and the sealing trigger, the
 * subgraph roles may only insert and read it, and `pnpm audit:verify` walks it. Event tables get it from `eventTable`;
 * another append-only table with an `id` column joins with `export const x = auditChained(schema.table(…))`.
 */
export function auditChained<T extends PgTable>(table: T): T {
  auditChainedTables.add(table);
  return table;
}

/**
 * The append-only event table of a workflow: every transition writes one row in the same transaction as the change.
 * Its rows are hash-chained (`auditChained`): the chain columns (`chain_seq`, `chain_prev`, `chain_hash`) are written
 * by the database, not by the code.
 */
export function eventTable(schema: PgSchema, name: string) {
  const table = schema.table(
    name,
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      subjectId: uuid().notNull(),
      action: text().notNull(),
      fromStatus: text(),
      toStatus: text().notNull(),
      actor: text().notNull(),
      actorRole: text().notNull(),
      note: text(),
      data: jsonb().$type<Record<string, unknown>>(),
      at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [index().on(t.subjectId, t.id)],
  );
  return auditChained(table);
}

/**
 * The saved contents of a published record (a listing, a posting, a policy), one row per version, readable for ever
 * (更新历史): version 1 at creation, one more with each change of content. `indexAt` adds an index on the instant, for
 * tables the monthly figures count from.
 */
export function versionTable(schema: PgSchema, name: string, options: { indexAt?: boolean } = {}) {
  return schema.table(
    name,
    {
      subjectId: uuid().notNull(),
      version: integer().notNull(),
      content: jsonb().$type<Record<string, unknown>>().notNull(),
      actor: text().notNull(),
      actorRole: text().notNull(),
      at: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.subjectId, t.version] }), ...(options.indexAt ? [index().on(t.at)] : [])],
  );
}

/**
 * The outbox of a department: side effects (SMS, in-app messages) are written here in the same transaction as the
 * change and delivered at least once by the subgraph's own job worker (pg-boss), deduplicated by the idempotency key.
 * `status`: `pending` (not yet delivered), `delivered`, `dead` (every attempt failed; an admin may retry it).
 * `generation` grows with each admin retry, so the retried delivery is a new job. `countyCode` is the county of the
 * record the message is about: admins see the delivery log of their county scope.
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      topic: text().notNull(),
      idempotencyKey: text().notNull().unique(),
      channel: text().notNull().default('inbox'),
      countyCode: text(),
      payload: jsonb().$type<Record<string, unknown>>().notNull(),
      status: text().notNull().default('pending'),
      attempts: integer().notNull().default(0),
      generation: integer().notNull().default(0),
      lastError: text(),
      createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
      /** When the row was last handed to the job queue; null while it waits for the relay. */
      enqueuedAt: timestamp({ withTimezone: true }),
      deliveredAt: timestamp({ withTimezone: true }),
      deadAt: timestamp({ withTimezone: true }),
    },
    (t) => [index().on(t.deliveredAt, t.id), index().on(t.status, t.enqueuedAt, t.id), index().on(t.countyCode, t.id)],
  );
}

/**
 * The default SMS provider's record: every SMS the subgraph "sent", once per idempotency key. A real SMS gateway
 * (configured by environment) replaces the recording with a call, passing the same key.
 */
export function smsLogTable(schema: PgSchema) {
  return schema.table('sms_log', {
    idempotencyKey: text().primaryKey(),
    phone: text().notNull(),
    template: text().notNull(),
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    text: text().notNull(),
    provider: text().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  });
}

/**
 * The ledger of scheduled job runs: one row per job and time slot, written in the same transaction as the run's
 * work, so a run repeated by a second process or a redelivered job changes nothing twice.
 */
export function jobRunsTable(schema: PgSchema) {
  return schema.table(
    'job_runs',
    {
      job: text().notNull(),
      slot: text().notNull(),
      ranAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
      result: jsonb().$type<Record<string, unknown>>(),
    },
    (t) => [primaryKey({ columns: [t.job, t.slot] })],
  );
}

/**
 * The personal-data access log (个人信息查阅记录): one row per record and personal field a caller read unmasked (a
 * contact's name or phone, an ID number…), written by the kit in one insert per request. Hash-chained and
 * append-only like the event tables. `countyCode` is the county of the record read: admins read the log of their
 * county scope.
 */
export function personalDataAccessTable(schema: PgSchema) {
  const table = schema.table(
    'personal_data_accesses',
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      actorSub: text().notNull(),
      actorRole: text().notNull(),
      actorDept: text(),
      actorCounty: text(),
      entityType: text().notNull(),
      entityKey: text().notNull(),
      field: text().notNull(),
      countyCode: text(),
      requestId: text().notNull(),
      at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [index().on(t.countyCode, t.id), index().on(t.entityType, t.entityKey)],
  );
  return auditChained(table);
}

/**
 * A department's copy of the enterprise particulars its aggregates group by (企业属地与行业), refreshed through the graph
 * from their owners, never read from their tables: the registry's county and industry code (platform; a section
 * letter or a finer code) and the industry class 统计局 assigned the enterprise as a statistical unit (statistics,
 * such as C3311; null while it is not classified). The aggregates read the class where there is one, else the
 * registry's code.
 */
export function enterpriseIndustryTable(schema: PgSchema) {
  return schema.table(
    'enterprise_industries',
    {
      creditCode: text().primaryKey(),
      countyCode: text().notNull(),
      /** GB/T 4754 code as the registry gives it. */
      industryCode: text().notNull(),
      /** The class of the statistical unit (统计单位行业代码); null while statistics has not classified it. */
      unitIndustryCode: text(),
      refreshedAt: timestamp({ withTimezone: true }).notNull(),
    },
    (t) => [index().on(t.countyCode)],
  );
}
