/**
 * Tables of the `commerce` schema, owned by 市商务局 and 市发改委 (Art. 2, Art. 4, Art. 8): industrial parks (产业园区,
 * 发改委), investment promotion projects (招商项目), business opportunities (我的商机, moderated by 商务局), and
 * financing (筹资金): financial institutions, their products, enterprises' financing needs and their applications.
 *
 * Parks, projects, opportunities and bank products are listings: they share one life cycle (draft or pending →
 * published → updated with every version kept → expired by date or withdrawn) and its columns (`listingColumns`).
 */
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgSchema,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  enterpriseIndustryTable,
  eventTable,
  jobRunsTable,
  outboxTable,
  personalDataAccessTable,
  scope,
  smsLogTable,
  timestamps,
  versionTable,
} from './common.ts';

export const commerceSchema = pgSchema('commerce');

/**
 * Timestamps with millisecond precision: they are sort keys of keyset pages, and a cursor carries a JavaScript date
 * (milliseconds); microseconds would make rows between two cursors disappear.
 */
const listedTimestamps = {
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

const instant = () => timestamp({ withTimezone: true, precision: 3 });

export const PARK_LEVELS = ['NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY'] as const;
export const OPPORTUNITY_KINDS = ['SUPPLY', 'DEMAND', 'COOPERATION'] as const;
/** States of every listing; `PENDING` and `REJECTED` only where a post is moderated (opportunities, bank products). */
export const LISTING_STATUSES = ['DRAFT', 'PENDING', 'PUBLISHED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export const PROJECT_STAGES = ['PLANNING', 'FEASIBILITY', 'APPROVED', 'NEGOTIATING', 'SIGNED'] as const;
export const INSTITUTION_KINDS = ['BANK', 'RURAL_BANK', 'GUARANTEE', 'MICROLOAN', 'LEASING'] as const;
export const ENTERPRISE_SCALES = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'] as const;
export const FINANCING_STATUSES = ['OPEN', 'MATCHED', 'FUNDED', 'CLOSED'] as const;
export const APPLICATION_STATUSES = ['SUBMITTED', 'APPROVED', 'DECLINED', 'DISBURSED', 'WITHDRAWN'] as const;
export const GUARANTEE_METHODS = ['CREDIT', 'MORTGAGE', 'PLEDGE', 'GUARANTEE'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * The life-cycle columns of a listing. `version` counts the saved contents (every one is kept in the listing's
 * version table); `revisedAt` is when the content was last saved, the start of the 90 days after which a published
 * listing is stale; `reviewNote` is the reason of the last rejection or withdrawal.
 */
function listingColumns() {
  return {
    status: text().notNull().default('DRAFT'),
    version: integer().notNull().default(1),
    reviewNote: text(),
    publishedAt: instant(),
    /** Last day the listing is valid (有效期至); the expiry job expires it the day after. */
    expiresOn: date(),
    expiredAt: instant(),
    withdrawnAt: instant(),
    revisedAt: instant().notNull().defaultNow(),
  };
}

/** An industrial park (产业园区), published and kept current by 发改委 (`department_code` = `ndrc`). */
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
    createdBy: text().notNull().default('seed'),
    ...listingColumns(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.countyCode),
    index().on(t.levelRank, t.name, t.id),
    index().on(t.status, t.expiresOn),
    check('parks_level_check', sql`${t.level} IN (${inList(PARK_LEVELS)})`),
    check('parks_status_check', sql`${t.status} IN ('DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN')`),
  ],
);

/**
 * An investment promotion project (招商项目) published by 商务局 or 发改委 (`department_code`) of a unit: the sector,
 * where it would be located, how much it needs, how far it has come, and whom to contact.
 */
export const investmentProjects = commerceSchema.table(
  'investment_projects',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    industryCode: text().notNull(),
    parkId: uuid().references(() => parks.id),
    address: text().notNull(),
    /** Planned total investment (计划总投资, 万元). */
    investmentAmount: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    stage: text().notNull(),
    description: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    createdBy: text().notNull(),
    ...listingColumns(),
    ...scope,
    ...listedTimestamps,
  },
  (t) => [
    index().on(t.status, t.createdAt, t.id),
    index().on(t.countyCode, t.status),
    index().on(t.parkId),
    check('investment_projects_stage_check', sql`${t.stage} IN (${inList(PROJECT_STAGES)})`),
    check('investment_projects_status_check', sql`${t.status} IN ('DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN')`),
    check('investment_projects_amount_check', sql`${t.investmentAmount} > 0`),
  ],
);

/**
 * A business opportunity (商机): supply, demand or cooperation posted by an enterprise and moderated by 商务局 of its
 * unit before it is public. `submittedAt` is the last submission to moderation, `reviewedAt` the last decision.
 */
export const opportunities = commerceSchema.table(
  'opportunities',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    industryCode: text().notNull(),
    enterpriseCode: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    /** The user who submitted it (`sub`). */
    submittedBy: text().notNull(),
    submittedAt: instant().notNull().defaultNow(),
    reviewedAt: instant(),
    /** Title and description together, for the keyword search (trigram index serves two-character terms). */
    searchText: text()
      .notNull()
      .generatedAlwaysAs(sql`"title" || ' ' || "description"`),
    ...listingColumns(),
    ...scope,
    ...listedTimestamps,
  },
  (t) => [
    index().on(t.status, t.createdAt, t.id),
    index().on(t.enterpriseCode, t.createdAt, t.id),
    index().on(t.countyCode, t.status),
    index().on(t.status, t.expiresOn),
    index('opportunities_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('opportunities_kind_check', sql`${t.kind} IN (${inList(OPPORTUNITY_KINDS)})`),
    check(
      'opportunities_status_check',
      sql`${t.status} IN ('PENDING', 'PUBLISHED', 'REJECTED', 'EXPIRED', 'WITHDRAWN')`,
    ),
  ],
);

/**
 * An enterprise's interest in a published opportunity (我感兴趣): its contact is shared with the poster, and the
 * poster's contact with it. One per enterprise and opportunity. `ownerCode` is the poster, `county_code` the
 * opportunity's unit (its moderators read the interests).
 */
export const opportunityInterests = commerceSchema.table(
  'opportunity_interests',
  {
    id: uuid().primaryKey().defaultRandom(),
    opportunityId: uuid()
      .notNull()
      .references(() => opportunities.id),
    ownerCode: text().notNull(),
    enterpriseCode: text().notNull(),
    message: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    createdBy: text().notNull(),
    ...scope,
    ...listedTimestamps,
  },
  (t) => [
    uniqueIndex().on(t.opportunityId, t.enterpriseCode),
    index().on(t.opportunityId, t.createdAt, t.id),
    index().on(t.enterpriseCode),
  ],
);

/**
 * A financial institution (金融机构) of the city: a bank branch, a rural bank, a guarantee or micro-loan company. Its
 * staff are the users of its own credit code who hold the `financing:institution` permission.
 */
export const financialInstitutions = commerceSchema.table(
  'financial_institutions',
  {
    creditCode: text().primaryKey(),
    name: text().notNull().unique(),
    kind: text().notNull(),
    address: text().notNull(),
    hotline: text().notNull(),
    createdBy: text().notNull(),
    ...scope,
    ...timestamps,
  },
  (t) => [check('financial_institutions_kind_check', sql`${t.kind} IN (${inList(INSTITUTION_KINDS)})`)],
);

/**
 * A financial product (金融产品) of an institution: rate, term and amount ranges, and who is eligible, as data that
 * financing needs are matched against. An empty eligibility list means no restriction. `county_code` is the
 * institution's unit (its 商务局 keeps the product current).
 */
export const bankProducts = commerceSchema.table(
  'bank_products',
  {
    id: uuid().primaryKey().defaultRandom(),
    institutionCode: text()
      .notNull()
      .references(() => financialInstitutions.creditCode),
    name: text().notNull(),
    description: text().notNull(),
    /** Annual interest rate range (年化利率, %). */
    rateMin: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull(),
    rateMax: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull(),
    termMinMonths: integer().notNull(),
    termMaxMonths: integer().notNull(),
    /** Amount range (万元). */
    amountMin: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    amountMax: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    eligibleIndustries: text().array().notNull().default([]),
    eligibleScales: text().array().notNull().default([]),
    eligibleCounties: text().array().notNull().default([]),
    acceptedGuarantees: text().array().notNull().default([]),
    minYearsInBusiness: integer(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    createdBy: text().notNull(),
    submittedAt: instant(),
    reviewedAt: instant(),
    ...listingColumns(),
    ...scope,
    ...listedTimestamps,
  },
  (t) => [
    index().on(t.status, t.createdAt, t.id),
    index().on(t.institutionCode),
    index().on(t.countyCode, t.status),
    check('bank_products_status_check', sql`${t.status} IN (${inList(LISTING_STATUSES)})`),
    check('bank_products_rate_check', sql`${t.rateMin} > 0 AND ${t.rateMin} <= ${t.rateMax}`),
    check('bank_products_term_check', sql`${t.termMinMonths} >= 1 AND ${t.termMinMonths} <= ${t.termMaxMonths}`),
    check('bank_products_amount_check', sql`${t.amountMin} > 0 AND ${t.amountMin} <= ${t.amountMax}`),
  ],
);

/** A financing need (融资需求) an enterprise raises (筹资金), matched to bank products. */
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
    /** The product 商务局 recommended last (对接), and when. */
    matchedProductId: uuid().references(() => bankProducts.id),
    matchedAt: instant(),
    fundedAt: instant(),
    closedAt: instant(),
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

/**
 * An enterprise's application (融资申请) for one bank product against one of its financing needs, answered by the
 * institution. Scope: 商务局 of the need's unit; the institution reads and answers the applications to it.
 */
export const financingApplications = commerceSchema.table(
  'financing_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    needId: uuid()
      .notNull()
      .references(() => financingNeeds.id),
    productId: uuid()
      .notNull()
      .references(() => bankProducts.id),
    institutionCode: text()
      .notNull()
      .references(() => financialInstitutions.creditCode),
    enterpriseCode: text().notNull(),
    amount: numeric({ precision: 16, scale: 2, mode: 'number' }).notNull(),
    termMonths: integer().notNull(),
    note: text(),
    status: text().notNull(),
    submittedBy: text().notNull(),
    submittedAt: instant().notNull().defaultNow(),
    answeredAt: instant(),
    answeredBy: text(),
    /** The institution's reason (declined) or remark (approved). */
    answerNote: text(),
    approvedAmount: numeric({ precision: 16, scale: 2, mode: 'number' }),
    approvedRate: numeric({ precision: 5, scale: 2, mode: 'number' }),
    approvedTermMonths: integer(),
    disbursedAt: instant(),
    disbursedAmount: numeric({ precision: 16, scale: 2, mode: 'number' }),
    withdrawnAt: instant(),
    ...scope,
    ...listedTimestamps,
  },
  (t) => [
    index().on(t.needId, t.createdAt, t.id),
    index().on(t.institutionCode, t.createdAt, t.id),
    index().on(t.enterpriseCode, t.createdAt, t.id),
    index().on(t.createdAt, t.id),
    // One application in progress per need and product.
    uniqueIndex('financing_applications_active_unique')
      .on(t.needId, t.productId)
      .where(sql`${t.status} IN ('SUBMITTED', 'APPROVED')`),
    check('financing_applications_status_check', sql`${t.status} IN (${inList(APPLICATION_STATUSES)})`),
    check('financing_applications_amount_check', sql`${t.amount} > 0`),
  ],
);

/** Every step of a park, appended in the change's transaction. */
export const parkEvents = eventTable(commerceSchema, 'park_events');
/** Every step of an investment project. */
export const investmentProjectEvents = eventTable(commerceSchema, 'investment_project_events');
/** Every step of an opportunity (submit, approve, reject, update, withdraw, expire). */
export const opportunityEvents = eventTable(commerceSchema, 'opportunity_events');
/** Every step of a bank product. */
export const bankProductEvents = eventTable(commerceSchema, 'bank_product_events');
/** Every transition of a financing need. */
export const financingNeedEvents = eventTable(commerceSchema, 'financing_need_events');
/** Every transition of a financing application. */
export const financingApplicationEvents = eventTable(commerceSchema, 'financing_application_events');

/** Every saved content of each listing. */
export const parkVersions = versionTable(commerceSchema, 'park_versions');
export const investmentProjectVersions = versionTable(commerceSchema, 'investment_project_versions');
export const opportunityVersions = versionTable(commerceSchema, 'opportunity_versions');
export const bankProductVersions = versionTable(commerceSchema, 'bank_product_versions');

export type EventTable = typeof parkEvents;
export type VersionTable = typeof parkVersions;

export const outbox = outboxTable(commerceSchema);
export const smsLog = smsLogTable(commerceSchema);
export const jobRuns = jobRunsTable(commerceSchema);
export const personalDataAccesses = personalDataAccessTable(commerceSchema);

/** The enterprises' county and industry (registry and statistical unit), for the aggregates' grouping. */
export const enterpriseIndustries = enterpriseIndustryTable(commerceSchema);
