/**
 * Tables of the `policies` schema, owned by 万人助万企办 (Art. 5–6): policies (惠企政策) and their publishing workflow,
 * redemption items (兑现事项), redemption applications (政策兑现申请) and their workflow, and the outbox of their
 * notifications.
 *
 * Timestamps that serve as keyset cursors are stored with millisecond precision (`timestamptz(3)`), the precision of a
 * JavaScript `Date`, so that a cursor round-trips exactly.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import {
  boolean,
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
import {
  eventTable,
  jobRunsTable,
  outboxTable,
  personalDataAccessTable,
  scope,
  smsLogTable,
  timestamps,
} from './common.ts';

export const policiesSchema = pgSchema('policies');

const instant = () => timestamp({ withTimezone: true, precision: 3 });

/** Policy states (Art. 5: 谁发布，谁审核). EXPIRED: past its validity date (a scheduled job) or ended early. */
export const POLICY_STATUSES = ['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'WITHDRAWN', 'EXPIRED'] as const;
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

/** The outcome of a completed (办结) application. */
export type RedemptionResult = 'APPROVED' | 'REFUSED';

/**
 * The character bigrams of a text, lower-cased, without those that contain white space: the search key of 找政策.
 * Two-character words (税收, 研发) are one bigram, so a GIN index over the array serves them exactly; longer terms
 * match every one of their bigrams and are rechecked by LIKE. The function is created in the migration
 * (`policies.bigrams`, IMMUTABLE, so a generated column may use it) and works on PGlite and PostgreSQL alike.
 */
export const bigramsOf = (text: SQL | AnyColumn) => sql`policies.bigrams(${text})`;

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
    /** Enterprise size classes targeted (MICRO, SMALL, MEDIUM, LARGE); empty means every size. */
    scales: text().array().notNull().default([]),
    /** Free topic tags (标签) such as 研发, 人才, 融资. */
    tags: text().array().notNull().default([]),
    status: text().$type<PolicyStatus>().notNull(),
    version: integer().notNull().default(1),
    issuedAt: instant().notNull(),
    publishDeadlineAt: instant().notNull(),
    /** When the reminder before the 24-hour deadline went to the department; null until then. */
    remindedAt: instant(),
    submittedAt: instant(),
    publishedAt: instant(),
    /** Minutes the publication came after its deadline (0 when on time); null until published. */
    lateMinutes: integer(),
    /** Validity (有效期): from, and until (exclusive; null: no end date). */
    validFrom: instant(),
    validUntil: instant(),
    /** The reviewer's reason when the draft was last sent back (退回修改). */
    sendBackReason: text(),
    withdrawnAt: instant(),
    withdrawReason: text(),
    expiredAt: instant(),
    createdBy: text().notNull(),
    reviewedBy: text(),
    /** Character bigrams of title, summary and body (generated): the GIN-indexed search key. */
    searchBigrams: text()
      .array()
      .notNull()
      .generatedAlwaysAs((): SQL =>
        bigramsOf(sql`${policies.title} || chr(10) || ${policies.summary} || chr(10) || ${policies.body}`),
      ),
    ...scope,
    ...timestamps,
  },
  (t) => [
    // fastupdate off: a search must not scan a pending list of recent inserts (policies are written rarely).
    index('policies_search_bigrams_index').using('gin', t.searchBigrams).with({ fastupdate: false }),
    index().on(t.status, t.validUntil),
    index().on(t.status, t.publishDeadlineAt),
    // The public list and the per-department list: published policies, newest documents first.
    index().on(t.status, t.issuedAt, t.id),
    index().on(t.departmentCode, t.status, t.issuedAt, t.id),
    index().on(t.countyCode, t.status),
    // Monthly figures: policies published in a month.
    index().on(t.publishedAt),
    check(
      'policies_status_check',
      sql`${t.status} in ('DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'WITHDRAWN', 'EXPIRED')`,
    ),
  ],
);

/** Every transition of a policy (draft, review, publish, withdraw). */
export const policyEvents = eventTable(policiesSchema, 'policy_events');

/** A redemption item as a version of its policy recorded it. */
export interface ItemSnapshot {
  name: string;
  guide: string;
  requiredMaterials: string[];
  timeLimitDays: number;
  maxAmount: number | null;
}

/**
 * Every text of a policy (版本): version 1 when drafted, one more on each revision. Rows are never changed, so every
 * version stays readable.
 */
export const policyVersions = policiesSchema.table(
  'policy_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    policyId: uuid()
      .notNull()
      .references(() => policies.id),
    version: integer().notNull(),
    title: text().notNull(),
    documentNumber: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    industries: text().array().notNull(),
    scales: text().array().notNull(),
    tags: text().array().notNull(),
    validFrom: instant(),
    validUntil: instant(),
    items: jsonb().$type<ItemSnapshot[]>().notNull(),
    /** Why this version was written (the reviewer's reason it answers, or the author's note). */
    note: text(),
    createdBy: text().notNull(),
    createdAt: instant().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.policyId, t.version)],
);

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
    /** 办理时限: working days from 受理 to 办结. */
    timeLimitDays: integer().notNull(),
    /** Working days from 申报 to 收件. */
    receiveDays: integer().notNull().default(1),
    /** Working days from 收件 to 受理 or 退回. */
    acceptDays: integer().notNull().default(3),
    /** Calendar days a completed result stays in the public disclosure (公示期). */
    disclosureDays: integer().notNull().default(7),
    /** Largest amount granted (元); null when the item grants no money (资质认定, 荣誉). */
    maxAmount: numeric({ precision: 16, scale: 2, mode: 'number' }),
    sortOrder: integer().notNull().default(0),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.policyId, t.sortOrder, t.id),
    check('redemption_items_time_limit_check', sql`${t.timeLimitDays} between 1 and 60`),
    check(
      'redemption_items_step_limits_check',
      sql`${t.receiveDays} between 1 and 20 and ${t.acceptDays} between 1 and 20 and ${t.disclosureDays} between 1 and 60`,
    ),
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
    /** Character bigrams of the project name (generated), for the disclosure lookup. */
    projectNameBigrams: text()
      .array()
      .notNull()
      .generatedAlwaysAs((): SQL => bigramsOf(redemptionApplications.projectName)),
    enterpriseCode: text().notNull(),
    status: text().$type<RedemptionStatus>().notNull(),
    amountRequested: numeric({ precision: 16, scale: 2, mode: 'number' }),
    amountGranted: numeric({ precision: 16, scale: 2, mode: 'number' }),
    materials: jsonb().$type<Array<{ name: string; fileId: string }>>().notNull().default([]),
    /** The applicant's contact person and mobile phone (申报联系人), personal data: masked for analysts. */
    contactName: text(),
    contactPhone: text(),
    returnReason: text(),
    /** 1 for the first submission, one more for each resubmission after a return (every round is in the events). */
    round: integer().notNull().default(1),
    /** How it started: `APPLICATION` (申报) or `ENTITLEMENT` (免申即享: created at 受理 after a confirmation). */
    origin: text().notNull().default('APPLICATION'),
    submittedAt: instant().notNull().defaultNow(),
    receivedAt: instant(),
    acceptedAt: instant(),
    returnedAt: instant(),
    processingAt: instant(),
    /** When 办结 falls due (办理期限): from submission over every step's limit, then from 受理 over the item's limit. */
    dueAt: instant().notNull(),
    /** When the current step falls due (收件, 受理 or 办结); null when it is the enterprise's turn or the work is done. */
    stepDueAt: instant(),
    /** When the scheduled check found the current step past its due time; cleared by the next step. */
    overdueAt: instant(),
    completedAt: instant(),
    /** APPROVED (with `amount_granted`) or REFUSED (with `refusal_reason`), at 办结. */
    result: text().$type<RedemptionResult>(),
    refusalReason: text(),
    disclosedAt: instant(),
    /** The end of the disclosure period (公示期): the public lookup shows it until then. */
    disclosureEndsAt: instant(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index()
      .on(t.stepDueAt)
      .where(sql`${t.overdueAt} is null and ${t.stepDueAt} is not null`),
    index().on(t.departmentCode, t.countyCode, t.overdueAt),
    // The disclosure lookup by project name (公示), on the same bigram key as 找政策.
    index('redemption_applications_name_bigrams_index')
      .using('gin', t.projectNameBigrams)
      .with({ fastupdate: false })
      .where(sql`${t.status} = 'DISCLOSED'`),
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
    check('redemption_applications_result_check', sql`${t.result} is null or ${t.result} in ('APPROVED', 'REFUSED')`),
  ],
);

/**
 * An uploaded material (申报材料): a named file with its size, type and SHA-256. The bytes live in the material
 * store (a local folder, or an S3-compatible bucket) under `storage_key`; this row is what the graph knows. Uploaded by
 * an enterprise user for their own enterprise, attached to an application when it is submitted.
 */
export const materialFiles = policiesSchema.table(
  'material_files',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    uploadedBy: text().notNull(),
    uploadedAt: instant().notNull().defaultNow(),
    /** The application that lists it, once submitted. */
    applicationId: uuid(),
    /** False for demo rows whose bytes were never stored. */
    stored: boolean().notNull().default(true),
  },
  (t) => [index().on(t.enterpriseCode, t.uploadedAt), index().on(t.applicationId)],
);

/** Every step of an application, told to the enterprise (Art. 6). */
export const applicationEvents = eventTable(policiesSchema, 'application_events');

/** SMS and other notifications, written in the same transaction as the change. */
export const outbox = outboxTable(policiesSchema);
export const smsLog = smsLogTable(policiesSchema);
export const jobRuns = jobRunsTable(policiesSchema);
export const personalDataAccesses = personalDataAccessTable(policiesSchema);

/**
 * An eligibility rule version (免申即享资格规则) of a redemption item: a JSON Logic expression over enterprise facts
 * (the language is documented in the subgraph's README), validated when saved. Versions are never changed; the version
 * in effect at an instant is the newest whose `effective_from` has passed and whose `effective_until` has not.
 * Department and county are the item's (who may write its rules).
 */
export const eligibilityRules = policiesSchema.table(
  'eligibility_rules',
  {
    id: uuid().primaryKey().defaultRandom(),
    itemId: uuid()
      .notNull()
      .references(() => redemptionItems.id),
    version: integer().notNull(),
    /** The JSON Logic expression as saved. */
    expression: jsonb().$type<unknown>().notNull(),
    /** The facts the expression reads. */
    facts: text().array().notNull(),
    /** What the rule says, in words (资格条件说明). */
    description: text().notNull(),
    effectiveFrom: instant().notNull(),
    /** Exclusive; null: until a newer version replaces it. */
    effectiveUntil: instant(),
    createdBy: text().notNull(),
    createdAt: instant().notNull().defaultNow(),
    ...scope,
  },
  (t) => [
    uniqueIndex().on(t.itemId, t.version),
    index().on(t.effectiveFrom),
    check(
      'eligibility_rules_dates_check',
      sql`${t.effectiveUntil} is null or ${t.effectiveUntil} > ${t.effectiveFrom}`,
    ),
  ],
);

/**
 * The policies subgraph's snapshot of an enterprise's facts (企业画像), refreshed from their owners through the graph:
 * registry particulars from platform, the 四上 flag and figures from statistics. Never written from another schema's
 * tables. A statistics column stays null while its owner has published nothing for the enterprise.
 */
export const enterpriseFacts = policiesSchema.table(
  'enterprise_facts',
  {
    creditCode: text().primaryKey(),
    name: text().notNull(),
    countyCode: text().notNull(),
    /** GB/T 4754 code as the registry gives it (a section letter, or a finer code). */
    industryCode: text().notNull(),
    /**
     * The industry class 统计局 assigned the enterprise as a statistical unit (statistics, such as C3311); null while it
     * is not classified. The aggregates group by it where there is one, else by `industry_code`.
     */
    unitIndustryCode: text(),
    scale: text().notNull(),
    /** 注册资本 in 10,000 yuan (万元). */
    registeredCapital: numeric({ precision: 16, scale: 2, mode: 'number' }),
    /** 成立日期, YYYY-MM-DD. */
    establishedOn: text(),
    /** 四上企业 (statistics). */
    aboveScale: boolean(),
    /** Since when, YYYY-MM-DD. */
    aboveScaleSince: text(),
    /** Annual revenue (营业收入) in 10,000 yuan, of `statistics_period`. */
    annualRevenue: numeric({ precision: 16, scale: 2, mode: 'number' }),
    employees: integer(),
    /** The statistical period the figures are of, such as 2025. */
    statisticsPeriod: text(),
    registryRefreshedAt: instant().notNull(),
    statisticsRefreshedAt: instant(),
    /** What a refresh compares to see whether anything changed (the matching run re-evaluates changed rows). */
    fingerprint: text().notNull(),
    changedAt: instant().notNull(),
  },
  (t) => [index().on(t.countyCode), index().on(t.changedAt)],
);

/** Entitlement states (免申即享): found by a matching run, then confirmed (an application at 受理) or declined. */
export const ENTITLEMENT_STATUSES = ['ENTITLED', 'CONFIRMED', 'DECLINED'] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];

/**
 * An entitlement (免申即享资格): a matching run found that an enterprise meets an item's rule. One per enterprise and
 * item, whatever the number of runs, so the enterprise is told once. Records the rule version, the facts it was
 * evaluated on and why it matched. Department and county are the item's (who handles the application it becomes);
 * `enterprise_county_code` is the enterprise's.
 */
export const entitlements = policiesSchema.table(
  'entitlements',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    enterpriseName: text().notNull(),
    enterpriseCountyCode: text().notNull(),
    itemId: uuid()
      .notNull()
      .references(() => redemptionItems.id),
    ruleId: uuid()
      .notNull()
      .references(() => eligibilityRules.id),
    ruleVersion: integer().notNull(),
    /** The facts the rule read, as they were. */
    facts: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Why it matched, in words. */
    reason: text().notNull(),
    runId: uuid().notNull(),
    status: text().$type<EntitlementStatus>().notNull(),
    entitledAt: instant().notNull(),
    confirmedAt: instant(),
    declinedAt: instant(),
    declineReason: text(),
    /** The redemption application created at 受理 on confirmation. */
    applicationId: uuid(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    uniqueIndex().on(t.enterpriseCode, t.itemId),
    index().on(t.enterpriseCode, t.entitledAt),
    index().on(t.departmentCode, t.countyCode, t.status),
    index().on(t.enterpriseCountyCode, t.confirmedAt),
    index().on(t.confirmedAt),
    // Monthly figures: entitlements offered and declined in a month.
    index().on(t.entitledAt),
    index().on(t.declinedAt),
    check('entitlements_status_check', sql`${t.status} in ('ENTITLED', 'CONFIRMED', 'DECLINED')`),
  ],
);

/** Every transition of an entitlement (found, confirmed, declined). */
export const entitlementEvents = eventTable(policiesSchema, 'entitlement_events');

/** A matching run (免申即享比对): every active rule against every enterprise (of a county, when asked by its staff). */
export const matchingRuns = policiesSchema.table(
  'matching_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** SCHEDULE (the nightly job) or DEMAND (万人助万企办 staff). */
    trigger: text().notNull(),
    requestedBy: text(),
    /** The unit whose enterprises it covered (410400: all). */
    countyCode: text().notNull(),
    startedAt: instant().notNull(),
    finishedAt: instant(),
    rules: integer().notNull().default(0),
    enterprises: integer().notNull().default(0),
    evaluations: integer().notNull().default(0),
    /** Entitlements it created (those found before are not counted again). */
    entitled: integer().notNull().default(0),
  },
  (t) => [index().on(t.startedAt)],
);

/**
 * A service official (助企干部) of 万人助万企 (Art. 4 (2)): a staff member of 万人助万企办 or of any department,
 * registered by 万人助万企办 of their county (or of the city) to serve enterprises. `user_id` is the official's `sub`
 * in the platform's tokens: an official reads the enterprises assigned to them and records their visits.
 * `department_code` and `county_code` are the official's own unit. Name and phone are the contact the assigned
 * enterprises see (masked for analysts).
 */
export const serviceOfficials = policiesSchema.table(
  'service_officials',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: text().notNull().unique(),
    name: text().notNull(),
    /** 职务, such as 县工信局副局长. */
    position: text().notNull(),
    /** The work phone the enterprises call. */
    phone: text().notNull(),
    registeredBy: text().notNull(),
    registeredAt: instant().notNull(),
    ...scope,
    updatedAt: instant().notNull(),
  },
  (t) => [index().on(t.countyCode, t.departmentCode)],
);

/** States of an assignment (包联关系): in force, or ended. */
export const ASSIGNMENT_STATUSES = ['ACTIVE', 'ENDED'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/**
 * An official assigned to an enterprise (包联企业) by 万人助万企办. At most one assignment in force per official and
 * enterprise. `department_code` is the official's department, `county_code` the enterprise's county (who assigns it,
 * and whose figures count its visits).
 */
export const officialAssignments = policiesSchema.table(
  'official_assignments',
  {
    id: uuid().primaryKey().defaultRandom(),
    officialId: uuid()
      .notNull()
      .references(() => serviceOfficials.id),
    /** The official's user id (never changes): an official reads their own rows by it. */
    officialUserId: text().notNull(),
    enterpriseCode: text().notNull(),
    status: text().$type<AssignmentStatus>().notNull(),
    assignedAt: instant().notNull(),
    assignedBy: text().notNull(),
    endedAt: instant(),
    endReason: text(),
    ...scope,
    updatedAt: instant().notNull(),
  },
  (t) => [
    uniqueIndex('official_assignments_active_unique')
      .on(t.officialId, t.enterpriseCode)
      .where(sql`${t.status} = 'ACTIVE'`),
    index().on(t.enterpriseCode, t.status),
    index().on(t.officialUserId),
    index().on(t.countyCode, t.assignedAt),
    check('official_assignments_status_check', sql`${t.status} in ('ACTIVE', 'ENDED')`),
  ],
);

/** Every transition of an assignment (assigned, ended). */
export const assignmentEvents = eventTable(policiesSchema, 'assignment_events');

/** States of a visit (走访): recorded, being followed up, closed. */
export const VISIT_STATUSES = ['RECORDED', 'FOLLOWING_UP', 'CLOSED'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/**
 * A visit (走访) of an official to an assigned enterprise: when, whom they met, what was discussed, what the enterprise
 * raised. Problems (`visit_problems`) may be raised as complaints matters on the enterprise's behalf; follow-ups are
 * the visit's FOLLOW_UP events. Department and county are the assignment's (the official's department, the
 * enterprise's county).
 */
export const visits = policiesSchema.table(
  'visits',
  {
    id: uuid().primaryKey().defaultRandom(),
    assignmentId: uuid()
      .notNull()
      .references(() => officialAssignments.id),
    officialId: uuid()
      .notNull()
      .references(() => serviceOfficials.id),
    /** The official's user id (never changes): an official reads their own rows by it. */
    officialUserId: text().notNull(),
    enterpriseCode: text().notNull(),
    /** When the visit took place (走访时间). */
    visitedAt: instant().notNull(),
    /** Whom the official met (接待人), personal data: masked for analysts. */
    metWith: text().notNull(),
    /** What was discussed (走访情况). */
    notes: text().notNull(),
    status: text().$type<VisitStatus>().notNull(),
    recordedAt: instant().notNull(),
    recordedBy: text().notNull(),
    /** The last follow-up (跟进); the whole list is in the events. */
    followedUpAt: instant(),
    closedAt: instant(),
    closeNote: text(),
    ...scope,
    updatedAt: instant().notNull(),
  },
  (t) => [
    index().on(t.enterpriseCode, t.visitedAt),
    index().on(t.officialId, t.visitedAt),
    index().on(t.officialUserId),
    index().on(t.countyCode, t.visitedAt),
    index().on(t.departmentCode, t.visitedAt),
    check('visits_status_check', sql`${t.status} in ('RECORDED', 'FOLLOWING_UP', 'CLOSED')`),
  ],
);

/** Every transition of a visit (recorded, followed up, problem raised, closed). */
export const visitEvents = eventTable(policiesSchema, 'visit_events');

/**
 * A problem the enterprise raised during a visit (企业反映问题). Raised as a complaints matter through the graph, its
 * `matter_id` is kept here; `raising_at` claims it while the matter is being submitted, so it is submitted once.
 */
export const visitProblems = policiesSchema.table(
  'visit_problems',
  {
    id: uuid().primaryKey().defaultRandom(),
    visitId: uuid()
      .notNull()
      .references(() => visits.id),
    position: integer().notNull(),
    description: text().notNull(),
    raisingAt: instant(),
    matterId: uuid(),
    matterReference: text(),
    raisedAt: instant(),
    raisedBy: text(),
  },
  (t) => [uniqueIndex().on(t.visitId, t.position), index().on(t.raisedAt)],
);
