/**
 * Column groups shared by every department schema. Each department owns its own copy of these tables in its own
 * Postgres schema (one owner per datum); only the shape is shared.
 */
import { bigserial, index, integer, jsonb, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** Scope columns: every row a clerk may touch carries its department and its county (GB/T 2260). */
export const scope = {
  departmentCode: text().notNull(),
  countyCode: text().notNull(),
};

/**
 * The append-only event table of a workflow: every transition writes one row in the same transaction as the change.
 */
export function eventTable(schema: PgSchema, name: string) {
  return schema.table(
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
}

/**
 * The outbox of a department: side effects (SMS, notifications) are written here in the same transaction as the
 * change and delivered at least once by a dispatcher, deduplicated by the idempotency key.
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      topic: text().notNull(),
      idempotencyKey: text().notNull().unique(),
      payload: jsonb().$type<Record<string, unknown>>().notNull(),
      attempts: integer().notNull().default(0),
      lastError: text(),
      createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
      deliveredAt: timestamp({ withTimezone: true }),
    },
    (t) => [index().on(t.deliveredAt, t.id)],
  );
}
