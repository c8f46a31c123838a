/** Tables of the `platform` schema, owned by 市政务服务和大数据管理局 (Government Services and Big Data Bureau). */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { jobRunsTable, outboxTable, smsLogTable, timestamps } from './common.ts';

export const platform = pgSchema('platform');

/** The city, its districts, counties, county-level cities and functional zones (GB/T 2260 codes). */
export const counties = platform.table('counties', {
  code: text().primaryKey(),
  name: text().notNull(),
  kind: text().notNull(),
  sortOrder: integer().notNull(),
});

/** Departments of the city (codes such as `ndrc`); county departments use the same codes with a county scope. */
export const departments = platform.table('departments', {
  code: text().primaryKey(),
  name: text().notNull(),
  shortName: text().notNull(),
  description: text().notNull(),
});

/** The enterprise registry, keyed by the 18-character unified social credit code (GB 32100-2015). */
export const enterprises = platform.table(
  'enterprises',
  {
    creditCode: text().primaryKey(),
    name: text().notNull(),
    legalRepresentative: text().notNull(),
    contactPhone: text(),
    countyCode: text()
      .notNull()
      .references(() => counties.code),
    industryCode: text().notNull(),
    scale: text().notNull(),
    registeredCapital: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    establishedOn: date().notNull(),
    address: text().notNull(),
    registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    index().on(t.countyCode, t.creditCode),
    index().on(t.industryCode, t.creditCode),
    index('enterprises_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export const outbox = outboxTable(platform);
export const smsLog = smsLogTable(platform);
export const jobRuns = jobRunsTable(platform);

/**
 * The message centre (消息中心): in-app messages to enterprise users and staff, from every department. Each
 * subgraph's worker delivers its outbox's in-app messages here; the subgraph roles may only INSERT into this table (a
 * drop box: they never read it), and the platform subgraph serves `myMessages`. A message goes to the users of one
 * enterprise (`enterpriseCode`), to one user (`userId`), or to the staff of a department in a county
 * (`departmentCode` and `countyCode`). `idempotencyKey` is the outbox row's key: a redelivery inserts nothing.
 */
export const messages = platform.table(
  'messages',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    idempotencyKey: text().notNull().unique(),
    source: text().notNull(),
    topic: text().notNull(),
    enterpriseCode: text(),
    userId: text(),
    departmentCode: text(),
    countyCode: text(),
    title: text().notNull(),
    body: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.enterpriseCode, t.createdAt, t.id),
    index().on(t.userId, t.createdAt, t.id),
    index().on(t.departmentCode, t.countyCode, t.createdAt, t.id),
  ],
);

/** Which user has read which message: read state is per user, so one clerk reading leaves the others' unread. */
export const messageReads = platform.table(
  'message_reads',
  {
    messageId: bigint({ mode: 'number' }).notNull(),
    userId: text().notNull(),
    readAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] })],
);

/**
 * The working-day calendar as data: China's official holidays (`holiday`, a weekday off) and make-up working days
 * (`workday`, a weekend day worked), by year. Every other Monday–Friday is worked. Seeded from the reference data for
 * 2025 and 2026; city administrators set later years with `setWorkdayCalendar`. Every subgraph reads this table
 * (its roles have SELECT on it and nothing else of this schema) through a cache that reloads on change.
 */
export const calendarDays = platform.table(
  'calendar_days',
  {
    day: date({ mode: 'string' }).primaryKey(),
    year: integer().notNull(),
    kind: text().notNull(),
    name: text(),
  },
  (t) => [index().on(t.year)],
);

/** Each change of a year's calendar: who set it, when, and the days before and after (an audit trail). */
export const calendarChanges = platform.table('calendar_changes', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  year: integer().notNull(),
  changedBy: text().notNull(),
  changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  reason: text(),
  before: jsonb().$type<unknown[]>().notNull(),
  after: jsonb().$type<unknown[]>().notNull(),
});
