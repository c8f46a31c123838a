/**
 * Tables of the `commerce` schema, owned by 市商务局 and 市发改委 (Art. 4, Art. 8): industrial parks (产业园区, 发改委),
 * business opportunities and investment projects (我的商机 / 招商, 商务局), and financing needs (筹资金).
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, numeric, pgSchema, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { eventTable, jobRunsTable, outboxTable, scope, smsLogTable, timestamps } from './common.ts';

export const commerceSchema = pgSchema('commerce');

/**
 * Timestamps with millisecond precision: they are sort keys of keyset pages, and a cursor carries a JavaScript date
 * (milliseconds); microseconds would make rows between two cursors disappear.
 */
const listedTimestamps = {
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

export const PARK_LEVELS = ['NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY'] as const;
export const OPPORTUNITY_KINDS = ['SUPPLY', 'DEMAND', 'COOPERATION', 'INVESTMENT'] as const;
export const OPPORTUNITY_STATUSES = ['PENDING', 'PUBLISHED', 'REJECTED', 'CLOSED'] as const;
export const FINANCING_STATUSES = ['OPEN', 'MATCHED', 'FUNDED', 'CLOSED'] as const;
export const GUARANTEE_METHODS = ['CREDIT', 'MORTGAGE', 'PLEDGE', 'GUARANTEE'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** An industrial park (产业园区), public; managed by 发改委 (`department_code` = `ndrc`). */
export const parks = commerceSchema.table(
  'parks',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    level: text().notNull(),
    /** National parks first: the sort key of the park list. */
    levelRank: smallint()
      .notNull()
      .generatedAlwaysAs(
        sql`CASE "level" WHEN 'NATIONAL' THEN 1 WHEN 'PROVINCIAL' THEN 2 WHEN 'CITY' THEN 3 ELSE 4 END`,
      ),
    areaHectares: numeric({ precision: 12, scale: 2, mode: 'number' }).notNull(),
    leadingIndustries: text().array().notNull().default([]),
    address: text().notNull(),
    description: text().notNull(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.countyCode),
    index().on(t.levelRank, t.name, t.id),
    check('parks_level_check', sql`${t.level} IN (${inList(PARK_LEVELS)})`),
  ],
);

/**
 * A business opportunity (商机): supply, demand or cooperation submitted by an enterprise and moderated by 商务局 before
 * publishing, or an investment project (招商项目) published by 商务局 / 发改委 (no enterprise).
 */
export const opportunities = commerceSchema.table(
  'opportunities',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    industryCode: text().notNull(),
    enterpriseCode: text(),
    /** Planned investment of an investment project (万元). */
    investmentAmount: numeric({ precision: 16, scale: 2, mode: 'number' }),
    /** The park an investment project is located in. */
    parkId: uuid().references(() => parks.id),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    status: text().notNull(),
    /** The user who submitted it (`sub`). */
    submittedBy: text().notNull(),
    /** The moderator's note (reason of a rejection). */
    reviewNote: text(),
    publishedAt: timestamp({ withTimezone: true, precision: 3 }),
    expiresOn: date(),
    /** Title and description together, for the keyword search (trigram index serves two-character terms). */
    searchText: text()
      .notNull()
      .generatedAlwaysAs(sql`"title" || ' ' || "description"`),
    ...scope,
    ...listedTimestamps,
  },
  (t) => [
    index().on(t.status, t.createdAt, t.id),
    index().on(t.enterpriseCode, t.createdAt, t.id),
    index().on(t.countyCode, t.status),
    index('opportunities_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('opportunities_kind_check', sql`${t.kind} IN (${inList(OPPORTUNITY_KINDS)})`),
    check('opportunities_status_check', sql`${t.status} IN (${inList(OPPORTUNITY_STATUSES)})`),
  ],
);

/** A financing need (融资需求) an enterprise raises (筹资金), to be matched to bank products. */
export const financingNeeds = commerceSchema.table(
  'financing_needs',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    /** Amount sought (万元). */
    amount: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    purpose: text().notNull(),
    termMonths: integer().notNull(),
    guarantee: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    status: text().notNull(),
    submittedBy: text().notNull(),
    ...scope,
    ...listedTimestamps,
  },
  (t) => [
    index().on(t.enterpriseCode, t.createdAt, t.id),
    index().on(t.countyCode, t.status, t.createdAt),
    check('financing_needs_status_check', sql`${t.status} IN (${inList(FINANCING_STATUSES)})`),
    check('financing_needs_guarantee_check', sql`${t.guarantee} IN (${inList(GUARANTEE_METHODS)})`),
    check('financing_needs_amount_check', sql`${t.amount} > 0`),
    check('financing_needs_term_check', sql`${t.termMonths} BETWEEN 1 AND 360`),
  ],
);

/** Every transition of an opportunity (submit, approve, reject, close …), appended in the change's transaction. */
export const opportunityEvents = eventTable(commerceSchema, 'opportunity_events');

/** Every transition of a financing need, appended in the change's transaction. */
export const financingNeedEvents = eventTable(commerceSchema, 'financing_need_events');

export const outbox = outboxTable(commerceSchema);
export const smsLog = smsLogTable(commerceSchema);
export const jobRuns = jobRunsTable(commerceSchema);
