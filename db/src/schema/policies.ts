/**
 * Tables of the `policies` schema, owned by 万人助万企办 (Art. 5–6): policies (惠企政策) and their publishing workflow,
 * redemption items (兑现事项), redemption applications (政策兑现申请) and their workflow, and the outbox of their
 * notifications.
 *
 * Timestamps that serve as keyset cursors are stored with millisecond precision (`timestamptz(3)`), the precision of a
 * JavaScript `Date`, so that a cursor round-trips exactly.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { eventTable, jobRunsTable, outboxTable, scope, smsLogTable, timestamps } from './common.ts';

export const policiesSchema = pgSchema('policies');

const instant = () => timestamp({ withTimezone: true, precision: 3 });

/** Policy states (Art. 5: 谁发布，谁审核). */
export const POLICY_STATUSES = ['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'WITHDRAWN'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** Redemption states (Art. 6): 申报 → 收件 → 受理 / 退回 → 办理 → 办结 → 公示. */
export const REDEMPTION_STATUSES = [
  'SUBMITTED',
  'RECEIVED',
  'ACCEPTED',
  'RETURNED',
  'PROCESSING',
  'COMPLETED',
  'DISCLOSED',
] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

/**
 * A policy document (惠企政策), issued by a department of the city (`county_code` 410400) or of a county. `status`
 * follows the publishing workflow; `version` counts its revisions. Art. 5: it is published within 24 hours of the
 * document's issue (`publish_deadline_at`); a later `published_at` is recorded as late.
 */
export const policies = policiesSchema.table(
  'policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    /** 文号, such as 平政〔2025〕12号. */
    documentNumber: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    /** GB/T 4754 section letters the policy targets; empty means every industry (普惠). */
    industries: text().array().notNull().default([]),
    status: text().$type<PolicyStatus>().notNull(),
    version: integer().notNull().default(1),
    issuedAt: instant().notNull(),
    publishDeadlineAt: instant().notNull(),
    publishedAt: instant(),
    createdBy: text().notNull(),
    reviewedBy: text(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    // The public list and the per-department list: published policies, newest documents first.
    index().on(t.status, t.issuedAt, t.id),
    index().on(t.departmentCode, t.status, t.issuedAt, t.id),
    index().on(t.countyCode, t.status),
    check('policies_status_check', sql`${t.status} in ('DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'WITHDRAWN')`),
  ],
);

/** Every transition of a policy (draft, review, publish, withdraw). */
export const policyEvents = eventTable(policiesSchema, 'policy_events');

/**
 * A redemption item (兑现事项) of a policy: what an enterprise can apply for, the guide (办事指南), the materials it
 * must provide, the time limit in working days and the largest amount. Its department and county are the policy's, so
 * the clerks who handle its applications are known from the item.
 */
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
    /** Largest amount granted (元); null when the item grants no money (资质认定, 荣誉). */
    maxAmount: numeric({ precision: 16, scale: 2, mode: 'number' }),
    sortOrder: integer().notNull().default(0),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.policyId, t.sortOrder, t.id),
    check('redemption_items_time_limit_check', sql`${t.timeLimitDays} between 1 and 60`),
  ],
);

/**
 * An enterprise's redemption application (政策兑现申请) and its place in 申报 → 收件 → 受理 / 退回 → 办理 → 办结 →
 * 公示. Department and county are copied from the item when it is submitted: they say who handles it.
 */
export const redemptionApplications = policiesSchema.table(
  'redemption_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    itemId: uuid()
      .notNull()
      .references(() => redemptionItems.id),
    projectName: text().notNull(),
    enterpriseCode: text().notNull(),
    status: text().$type<RedemptionStatus>().notNull(),
    amountRequested: numeric({ precision: 16, scale: 2, mode: 'number' }),
    amountGranted: numeric({ precision: 16, scale: 2, mode: 'number' }),
    materials: jsonb().$type<Array<{ name: string; fileId: string }>>().notNull().default([]),
    /** The applicant's contact person and mobile phone (申报联系人), personal data: masked for analysts. */
    contactName: text(),
    contactPhone: text(),
    returnReason: text(),
    submittedAt: instant().notNull().defaultNow(),
    /** When the current time limit (working days from submission) falls due. */
    dueAt: instant().notNull(),
    completedAt: instant(),
    disclosedAt: instant(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.enterpriseCode, t.submittedAt, t.id),
    index().on(t.departmentCode, t.countyCode, t.status),
    index().on(t.countyCode, t.submittedAt, t.id),
    index().on(t.itemId),
    // The public disclosure lookup (公示) by project name.
    index().on(t.status, t.disclosedAt, t.id),
    // One application per project and item for an enterprise.
    uniqueIndex().on(t.itemId, t.enterpriseCode, t.projectName),
    check(
      'redemption_applications_status_check',
      sql`${t.status} in ('SUBMITTED', 'RECEIVED', 'ACCEPTED', 'RETURNED', 'PROCESSING', 'COMPLETED', 'DISCLOSED')`,
    ),
    check(
      'redemption_applications_amounts_check',
      sql`(${t.amountRequested} is null or ${t.amountRequested} > 0) and (${t.amountGranted} is null or ${t.amountGranted} >= 0)`,
    ),
  ],
);

/** Every step of an application, told to the enterprise (Art. 6). */
export const applicationEvents = eventTable(policiesSchema, 'application_events');

/** SMS and other notifications, written in the same transaction as the change. */
export const outbox = outboxTable(policiesSchema);
export const smsLog = smsLogTable(policiesSchema);
export const jobRuns = jobRunsTable(policiesSchema);
