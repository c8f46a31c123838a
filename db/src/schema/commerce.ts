/** Tables of the `commerce` schema: industrial parks (产业园区, 发改委), opportunities (我的商机, 商务局), financing (筹资金). */
import { date, index, integer, numeric, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { outboxTable, scope, timestamps } from './common.ts';

export const commerceSchema = pgSchema('commerce');

/** An industrial park (产业园区). */
export const parks = commerceSchema.table(
  'parks',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    level: text().notNull(),
    areaHectares: numeric({ precision: 12, scale: 2, mode: 'number' }).notNull(),
    leadingIndustries: text().array().notNull().default([]),
    address: text().notNull(),
    description: text().notNull(),
    ...scope,
    ...timestamps,
  },
  (t) => [index().on(t.countyCode)],
);

/** A business opportunity (商机): supply, demand, cooperation or an investment project, moderated before publishing. */
export const opportunities = commerceSchema.table(
  'opportunities',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    industryCode: text().notNull(),
    enterpriseCode: text(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    status: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }),
    expiresOn: date(),
    ...scope,
    ...timestamps,
  },
  (t) => [index().on(t.status, t.publishedAt, t.id), index().on(t.enterpriseCode, t.createdAt)],
);

/** A financing need (融资需求) an enterprise raises, matched to bank products. */
export const financingNeeds = commerceSchema.table(
  'financing_needs',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    amount: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    purpose: text().notNull(),
    termMonths: integer().notNull(),
    status: text().notNull(),
    ...scope,
    ...timestamps,
  },
  (t) => [index().on(t.enterpriseCode, t.createdAt), index().on(t.departmentCode, t.countyCode, t.status)],
);

export const outbox = outboxTable(commerceSchema);
