/** Tables of the `platform` schema, owned by 市政务服务和大数据管理局 (Government Services and Big Data Bureau). */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { eventTable, jobRunsTable, outboxTable, personalDataAccessTable, smsLogTable, timestamps } from './common.ts';

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
export const personalDataAccesses = personalDataAccessTable(platform);

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

// ——— 企业便利化 (办业务): the service catalogue, cases, licences and the exchange with departments' systems ———

const instant = () => timestamp({ withTimezone: true, precision: 3 });

/** Categories of a service of the catalogue (事项类别). */
export const SERVICE_CATEGORIES = [
  'START_UP',
  'LICENCE',
  'CONSTRUCTION',
  'UTILITIES',
  'TAX',
  'SOCIAL_SECURITY',
  'TRADE',
  'OTHER',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** States of a catalogue entry: kept as a draft, published, or taken down (and published again later). */
export const SERVICE_STATUSES = ['DRAFT', 'PUBLISHED', 'WITHDRAWN'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/**
 * The character bigrams of a text, lower-cased, without those that contain white space: the search key of the
 * catalogue, the same as 找政策's (`policies.bigrams`), created in this schema's own migration because no subgraph
 * reads another's schema.
 */
export const platformBigramsOf = (text: SQL | AnyColumn) => sql`platform.bigrams(${text})`;

/**
 * A service of the catalogue (事项清单): what an enterprise may apply for, which department of which unit handles it
 * (`county_code` 410400: a city department's service; a county's own code: a local service), on what conditions with
 * which materials, in how many working days by law (法定办结时限), for what fee, and where (online and/or at an
 * office). `status` and `version` follow the publishing life cycle; every saved content is in `service_versions`.
 */
export const services = platform.table(
  'services',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    category: text().$type<ServiceCategory>().notNull(),
    conditions: text().notNull(),
    materials: text().array().notNull().default([]),
    timeLimitDays: integer().notNull(),
    fees: text().notNull(),
    onlineUrl: text(),
    officeAddress: text(),
    officeHours: text(),
    /** Whether concluding a case issues a licence or permit with an expiry date (证照). */
    issuesLicence: boolean().notNull().default(false),
    status: text().$type<ServiceStatus>().notNull().default('DRAFT'),
    version: integer().notNull().default(1),
    publishedAt: instant(),
    withdrawnAt: instant(),
    withdrawReason: text(),
    createdBy: text().notNull(),
    revisedAt: instant().notNull().defaultNow(),
    searchBigrams: text()
      .array()
      .notNull()
      .generatedAlwaysAs((): SQL => platformBigramsOf(sql`${services.name} || chr(10) || ${services.conditions}`)),
    departmentCode: text().notNull(),
    countyCode: text().notNull(),
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    index('services_search_bigrams_index').using('gin', t.searchBigrams).with({ fastupdate: false }),
    index().on(t.status, t.name, t.id),
    index().on(t.departmentCode, t.countyCode, t.status),
    check('services_status_check', sql`${t.status} in ('DRAFT', 'PUBLISHED', 'WITHDRAWN')`),
    check('services_time_limit_check', sql`${t.timeLimitDays} between 1 and 365`),
  ],
);

/** Every step of a catalogue entry (create, publish, update, withdraw). */
export const serviceEvents = eventTable(platform, 'service_events');

/** Every saved content of a catalogue entry, version 1 on creation and one more on each update; never changed. */
export const serviceVersions = platform.table(
  'service_versions',
  {
    subjectId: uuid().notNull(),
    version: integer().notNull(),
    content: jsonb().$type<Record<string, unknown>>().notNull(),
    actor: text().notNull(),
    actorRole: text().notNull(),
    at: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.version] })],
);

/**
 * States of a case (办件): 收件 (RECEIVED) → 受理 (ACCEPTED) → 办理 (PROCESSING) → 办结 (CONCLUDED), or 不予受理
 * (REJECTED), or 退回 (RETURNED, for the enterprise to correct and resubmit).
 */
export const CASE_STATUSES = ['RECEIVED', 'ACCEPTED', 'PROCESSING', 'CONCLUDED', 'REJECTED', 'RETURNED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * An enterprise's case (办件) for a service of the catalogue, whoever handles it: from the platform's back office, or
 * reported by a department's own system through the exchange (`source_client`, the sender's `external_id`). The
 * service's name and legal time limit are kept as they were when the case was received. Every step's instant is a
 * column (the monthly figures count from them) and an event row with its handling unit. `due_at` is the legal
 * deadline, the end of the day `time_limit_days` working days after acceptance; `last_step_at` is the instant of the
 * latest step applied, so that a late, older report never overwrites a newer state.
 */
export const cases = platform.table(
  'cases',
  {
    id: uuid().primaryKey().defaultRandom(),
    referenceNo: text().notNull().unique(),
    serviceId: uuid().notNull(),
    serviceName: text().notNull(),
    timeLimitDays: integer().notNull(),
    enterpriseCode: text().notNull(),
    applicantName: text().notNull(),
    applicantPhone: text(),
    channel: text().notNull(),
    status: text().$type<CaseStatus>().notNull(),
    handlingUnit: text().notNull(),
    appliedAt: instant().notNull(),
    receivedAt: instant().notNull(),
    acceptedAt: instant(),
    processingAt: instant(),
    concludedAt: instant(),
    rejectedAt: instant(),
    returnedAt: instant(),
    dueAt: instant(),
    /** The outcome of a concluded case: APPROVED (准予) or DENIED (不予许可). */
    outcome: text(),
    /** The reason of 不予受理, 退回 or a denial. */
    reason: text(),
    lastStepAt: instant().notNull(),
    sourceClient: text(),
    externalId: text(),
    departmentCode: text().notNull(),
    countyCode: text().notNull(),
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.enterpriseCode, t.appliedAt, t.id),
    index().on(t.departmentCode, t.countyCode, t.status),
    index().on(t.receivedAt),
    index().on(t.dueAt),
    index().on(t.concludedAt),
    uniqueIndex().on(t.sourceClient, t.externalId),
    check(
      'cases_status_check',
      sql`${t.status} in ('RECEIVED', 'ACCEPTED', 'PROCESSING', 'CONCLUDED', 'REJECTED', 'RETURNED')`,
    ),
    check('cases_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ('APPROVED', 'DENIED')`),
  ],
);

/** Every step of a case, at the step's own instant, with its handling unit in `data`. */
export const caseEvents = eventTable(platform, 'case_events');

/**
 * A licence or permit (证照) on an enterprise's record, with its expiry date: issued when a case of a service that
 * issues licences concludes approved. `reminded30At` and `reminded7At` record the reminders 30 and 7 days before
 * expiry, so that none is sent twice.
 */
export const licences = platform.table(
  'licences',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    name: text().notNull(),
    number: text().notNull(),
    serviceId: uuid(),
    caseId: uuid(),
    issuedOn: date({ mode: 'string' }).notNull(),
    expiresOn: date({ mode: 'string' }).notNull(),
    reminded30At: instant(),
    reminded7At: instant(),
    departmentCode: text().notNull(),
    countyCode: text().notNull(),
    createdAt: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.enterpriseCode, t.expiresOn), index().on(t.expiresOn)],
);

/**
 * The exchange (数据交换): departments' own systems registered to push case events (Art. 6 (3)). A client's id is the
 * `sub` of its `system` tokens; it acts for one department (`department_code`) in one unit (`county_code`, 410400: the
 * city department, for every county). Administrators register and disable clients.
 */
export const exchangeClients = platform.table('exchange_clients', {
  clientId: text().primaryKey(),
  name: text().notNull(),
  departmentCode: text().notNull(),
  countyCode: text().notNull(),
  active: boolean().notNull().default(true),
  registeredBy: text().notNull(),
  registeredAt: instant().notNull().defaultNow(),
  disabledAt: instant(),
});

/**
 * The sender's event ids already applied (or found stale), one row per client and event id: a repeated push finds its
 * row and changes nothing. Written in the same transaction as the change.
 */
export const exchangeReceipts = platform.table(
  'exchange_receipts',
  {
    clientId: text().notNull(),
    eventId: text().notNull(),
    kind: text().notNull(),
    result: text().notNull(),
    caseId: uuid(),
    /** The redemption application (policies) a relayed step was of. */
    applicationId: uuid(),
    occurredAt: instant().notNull(),
    at: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.eventId] })],
);

/**
 * Every push, whatever became of it (applied, duplicate, stale, refused with its code): who sent what, when.
 */
export const exchangePushes = platform.table(
  'exchange_pushes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    clientId: text().notNull(),
    eventId: text(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    result: text().notNull(),
    errorCode: text(),
    errorReason: text(),
    errorField: text(),
    message: text(),
    caseId: uuid(),
    /** The redemption application (policies) a relayed step was of. */
    applicationId: uuid(),
    departmentCode: text(),
    countyCode: text(),
    at: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.clientId, t.id), index().on(t.countyCode, t.id)],
);

// The monthly evaluation of departments and counties (Art. 9–11): the versioned measure sets (the general one of the
// administrators, and each lead department's own for its module) and the stored monthly reports. A report row is
// written once and never updated; a new version of a month is a new row.

/**
 * One version of a measure set (考核指标及权重): `owner` is `general` (set by administrators) or the code of a lead
 * department (Art. 11); in force from `validFrom` (YYYY-MM) until a later version of the same owner.
 */
export const evaluationMeasureSets = platform.table(
  'evaluation_measure_sets',
  {
    id: uuid().primaryKey().defaultRandom(),
    owner: text().notNull(),
    validFrom: text().notNull(),
    /** The measures as defined, with the direction and units copied from the figure catalog at definition. */
    measures: jsonb().$type<unknown[]>().notNull(),
    /** Bottom group sizes, consecutive months and rectification period (the general set only). */
    settings: jsonb().$type<Record<string, number> | null>(),
    note: text(),
    definedBy: text().notNull(),
    definedAt: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.owner, t.validFrom, t.definedAt)],
);

/** A stored monthly report (月度考核通报): its inputs (measures, settings, figures read) and its results. */
export const evaluationReports = platform.table(
  'evaluation_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    month: text().notNull(),
    version: integer().notNull(),
    /** SCHEDULE (the job on the first working day) or DEMAND (an administrator). */
    trigger: text().notNull(),
    /** Why a further version was made (required from version 2). */
    reason: text(),
    generatedBy: text().notNull(),
    generatedAt: instant().notNull(),
    inputs: jsonb().$type<Record<string, unknown>>().notNull(),
    results: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex().on(t.month, t.version)],
);
