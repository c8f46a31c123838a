/** Tables of the `policies` schema, owned by 万人助万企办: policies (惠企政策), redemption (政策兑现), 免申即享. */
import { index, integer, jsonb, numeric, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { eventTable, outboxTable, scope, timestamps } from './common.ts';

export const policiesSchema = pgSchema('policies');

/** A policy document (惠企政策). `status` follows the publishing workflow; `version` counts its revisions. */
export const policies = policiesSchema.table(
  'policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    documentNumber: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    industries: text().array().notNull().default([]),
    status: text().notNull(),
    version: integer().notNull().default(1),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    publishDeadlineAt: timestamp({ withTimezone: true }).notNull(),
    publishedAt: timestamp({ withTimezone: true }),
    createdBy: text().notNull(),
    reviewedBy: text(),
    ...scope,
    ...timestamps,
  },
  (t) => [index().on(t.status, t.publishedAt, t.id), index().on(t.departmentCode, t.countyCode)],
);

export const policyEvents = eventTable(policiesSchema, 'policy_events');

/** A redemption item (兑现事项) of a policy: what an enterprise can apply for and with which materials. */
export const redemptionItems = policiesSchema.table(
  'redemption_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    policyId: uuid()
      .notNull()
      .references(() => policies.id),
    name: text().notNull(),
    guide: text().notNull(),
    requiredMaterials: text().array().notNull().default([]),
    timeLimitDays: integer().notNull(),
    maxAmount: numeric({ precision: 16, scale: 2, mode: 'number' }),
    ...scope,
    ...timestamps,
  },
  (t) => [index().on(t.policyId)],
);

/** An enterprise's redemption application (政策兑现申请) and its place in 申报 → 收件 → 受理 → 办理 → 办结 → 公示. */
export const redemptionApplications = policiesSchema.table(
  'redemption_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    itemId: uuid()
      .notNull()
      .references(() => redemptionItems.id),
    projectName: text().notNull(),
    enterpriseCode: text().notNull(),
    status: text().notNull(),
    amountRequested: numeric({ precision: 16, scale: 2, mode: 'number' }),
    amountGranted: numeric({ precision: 16, scale: 2, mode: 'number' }),
    materials: jsonb().$type<Array<{ name: string; fileId: string }>>().notNull().default([]),
    returnReason: text(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    disclosedAt: timestamp({ withTimezone: true }),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.enterpriseCode, t.submittedAt, t.id),
    index().on(t.departmentCode, t.countyCode, t.status),
    index().on(t.itemId),
  ],
);

export const applicationEvents = eventTable(policiesSchema, 'application_events');
export const outbox = outboxTable(policiesSchema);
