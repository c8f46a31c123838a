/** Tables of the `talent` schema, owned by 市人社局: job postings and talent policies (人才服务). */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  enterpriseIndustryTable,
  eventTable,
  jobRunsTable,
  outboxTable,
  personalDataAccessTable,
  scope,
  smsLogTable,
  versionTable,
} from './common.ts';

export const talentSchema = pgSchema('talent');

/** Job families (岗位类别) of a posting; the GraphQL enum `JobCategory` has the same values. */
export const JOB_CATEGORIES = [
  'MANUFACTURING',
  'RESEARCH',
  'INFORMATION_TECHNOLOGY',
  'SALES',
  'MANAGEMENT',
  'FINANCE',
  'LOGISTICS',
  'CONSTRUCTION',
  'SERVICE',
  'OTHER',
] as const;
export type JobCategory = (typeof JOB_CATEGORIES)[number];

/** Required education (学历要求), lowest first; the GraphQL enum `EducationLevel` has the same values. */
export const EDUCATION_LEVELS = ['ANY', 'HIGH_SCHOOL', 'JUNIOR_COLLEGE', 'BACHELOR', 'MASTER', 'DOCTORATE'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/**
 * States of a job posting (招聘岗位): drafted by the enterprise, moderated by 人社局, published, closed and reopened by
 * the enterprise, expired by date (the daily job) or withdrawn.
 */
export const JOB_POSTING_STATUSES = [
  'DRAFT',
  'PENDING_REVIEW',
  'PUBLISHED',
  'REJECTED',
  'CLOSED',
  'EXPIRED',
  'WITHDRAWN',
] as const;
export type JobPostingStatus = (typeof JOB_POSTING_STATUSES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * Instants with millisecond precision: sort keys of keyset pages compare exactly with the JavaScript dates a cursor
 * carries, and the monthly figures count from them.
 */
const instant = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * A job posting (招聘岗位) of an enterprise. `departmentCode` is the reviewing department (人社局) and `countyCode` the
 * county whose 人社局 reviews it. `submittedAt` is the last submission to moderation (null for a draft never
 * submitted), `reviewedAt` the last decision, `publishedAt` the first publication; `version` counts the saved contents
 * (each kept in `job_posting_versions`) and `revisedAt` is when the content was last saved, the start of the 90 days
 * after which a published posting is stale. `expiresOn` is the last day it is open.
 */
export const jobPostings = talentSchema.table(
  'job_postings',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    title: text().notNull(),
    category: text().$type<JobCategory>().notNull(),
    headcount: integer().notNull(),
    salaryMin: integer().notNull(),
    salaryMax: integer().notNull(),
    education: text().$type<EducationLevel>().notNull(),
    description: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    status: text().$type<JobPostingStatus>().notNull(),
    /** The user who created it (`sub`). */
    submittedBy: text().notNull(),
    submittedAt: instant(),
    reviewedBy: text(),
    reviewedAt: instant(),
    rejectionReason: text(),
    publishedAt: instant(),
    version: integer().notNull().default(1),
    revisedAt: instant().notNull().defaultNow(),
    expiresOn: date(),
    closedAt: instant(),
    reopenedAt: instant(),
    expiredAt: instant(),
    withdrawnAt: instant(),
    /** The reason 人社局 gave when it took the posting down (下架原因). */
    withdrawalReason: text(),
    ...scope,
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.status, t.createdAt, t.id),
    index().on(t.countyCode, t.status, t.createdAt, t.id),
    index().on(t.enterpriseCode, t.createdAt, t.id),
    index().on(t.status, t.expiresOn),
    check('job_postings_category_check', sql`${t.category} in (${inList(JOB_CATEGORIES)})`),
    check('job_postings_education_check', sql`${t.education} in (${inList(EDUCATION_LEVELS)})`),
    check('job_postings_status_check', sql`${t.status} in (${inList(JOB_POSTING_STATUSES)})`),
    check('job_postings_headcount_check', sql`${t.headcount} > 0`),
    check('job_postings_salary_check', sql`${t.salaryMin} > 0 and ${t.salaryMax} >= ${t.salaryMin}`),
  ],
);

/** The history of job postings: one row per step (SUBMIT, APPROVE, REJECT, UPDATE, CLOSE, …, EXPIRE). */
export const jobPostingEvents = eventTable(talentSchema, 'job_posting_events');

/** Every saved content of a job posting. */
export const jobPostingVersions = versionTable(talentSchema, 'job_posting_versions', { indexAt: true });

export type EventTable = typeof jobPostingEvents;
export type VersionTable = typeof jobPostingVersions;

/** States of an application (应聘): the person applies, the enterprise answers. */
export const JOB_APPLICATION_STATUSES = [
  'SUBMITTED',
  'SHORTLISTED',
  'INTERVIEW',
  'REJECTED',
  'HIRED',
  'WITHDRAWN',
] as const;
export type JobApplicationStatus = (typeof JOB_APPLICATION_STATUSES)[number];

/**
 * A person's application (应聘) to a published job posting. The applicant is the person's user (`applicant_sub`); the
 * name, phone and résumé are personal data, shown to the applicant, the posting enterprise and 人社局 only (masked
 * for others). `enterprise_code` and the scope columns are the posting's, so the enterprise and 人社局 of the county
 * read the applications in SQL. `answered_at` is the enterprise's first answer (counted by the evaluation). One
 * application per person and posting while it is not withdrawn.
 */
export const jobApplications = talentSchema.table(
  'job_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    postingId: uuid()
      .notNull()
      .references(() => jobPostings.id),
    postingTitle: text().notNull(),
    enterpriseCode: text().notNull(),
    applicantSub: text().notNull(),
    name: text().notNull(),
    phone: text().notNull(),
    education: text().$type<EducationLevel>().notNull(),
    yearsOfExperience: integer().notNull(),
    resume: text().notNull(),
    status: text().$type<JobApplicationStatus>().notNull(),
    submittedAt: instant().notNull().defaultNow(),
    answeredAt: instant(),
    shortlistedAt: instant(),
    invitedAt: instant(),
    interviewAt: instant(),
    interviewPlace: text(),
    rejectedAt: instant(),
    rejectionReason: text(),
    hiredAt: instant(),
    withdrawnAt: instant(),
    ...scope,
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.postingId, t.createdAt, t.id),
    index().on(t.applicantSub, t.createdAt, t.id),
    index().on(t.enterpriseCode, t.createdAt, t.id),
    index().on(t.countyCode, t.answeredAt),
    uniqueIndex('job_applications_one_active')
      .on(t.postingId, t.applicantSub)
      .where(sql`${t.status} <> 'WITHDRAWN'`),
    check('job_applications_status_check', sql`${t.status} in (${inList(JOB_APPLICATION_STATUSES)})`),
    check('job_applications_education_check', sql`${t.education} in (${inList(EDUCATION_LEVELS)})`),
    check('job_applications_years_check', sql`${t.yearsOfExperience} >= 0 and ${t.yearsOfExperience} <= 60`),
  ],
);

/** The history of applications: one row per step (SUBMIT, SHORTLIST, INVITE, REJECT, HIRE, WITHDRAW). */
export const jobApplicationEvents = eventTable(talentSchema, 'job_application_events');

/**
 * States of a talent policy (人才政策): drafted and published by 人社局 of the city or of a county (no moderation: the
 * department keeps its own), updated with every version kept, expired by date (the daily job) or withdrawn.
 */
export const TALENT_POLICY_STATUSES = ['DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'] as const;
export type TalentPolicyStatus = (typeof TALENT_POLICY_STATUSES)[number];

/**
 * A talent policy (人才政策) of the city or of a county, kept by 人社局. `issuedAt` is when the document was issued or
 * received (印发/收文): Art. 5 gives 24 hours from then to publish it, counted from `publishedAt`, the first
 * publication. `version` counts the saved contents (each kept in `talent_policy_versions`) and `revisedAt` is when the
 * content was last saved, the start of the 90 days after which a published policy is stale. `expiresOn` is its last
 * valid day (none: valid until withdrawn). `policyId` is the same policy in 找政策 (the policies subgraph), where it is
 * redeemable.
 */
export const talentPolicies = talentSchema.table(
  'talent_policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    status: text().$type<TalentPolicyStatus>().notNull().default('DRAFT'),
    issuedAt: instant().notNull(),
    publishedAt: instant(),
    version: integer().notNull().default(1),
    revisedAt: instant().notNull().defaultNow(),
    expiresOn: date(),
    expiredAt: instant(),
    withdrawnAt: instant(),
    /** Why it was withdrawn (撤回原因). */
    withdrawalReason: text(),
    policyId: uuid(),
    /** The user who drafted it (`sub`). */
    createdBy: text().notNull().default('hrss'),
    ...scope,
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.publishedAt, t.id),
    index().on(t.departmentCode, t.publishedAt, t.id),
    index().on(t.countyCode, t.publishedAt, t.id),
    index().on(t.status, t.expiresOn),
    check('talent_policies_status_check', sql`${t.status} in (${inList(TALENT_POLICY_STATUSES)})`),
  ],
);

/** The history of talent policies: one row per step (CREATE, PUBLISH, UPDATE, WITHDRAW, EXPIRE). */
export const talentPolicyEvents = eventTable(talentSchema, 'talent_policy_events');

/** Every saved content of a talent policy. */
export const talentPolicyVersions = versionTable(talentSchema, 'talent_policy_versions', { indexAt: true });

export const outbox = outboxTable(talentSchema);
export const smsLog = smsLogTable(talentSchema);
export const jobRuns = jobRunsTable(talentSchema);
export const personalDataAccesses = personalDataAccessTable(talentSchema);

/** The enterprises' county and industry (registry and statistical unit), for the aggregates' grouping. */
export const enterpriseIndustries = enterpriseIndustryTable(talentSchema);
