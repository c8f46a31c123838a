/** Tables of the `talent` schema, owned by 市人社局: job postings and talent policies (人才服务). */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { eventTable, jobRunsTable, outboxTable, scope, smsLogTable, timestamps } from './common.ts';

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

/** States of the posting review workflow (招聘岗位审核). */
export const JOB_POSTING_STATUSES = ['PENDING_REVIEW', 'PUBLISHED', 'REJECTED', 'CLOSED'] as const;
export type JobPostingStatus = (typeof JOB_POSTING_STATUSES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A job posting (招聘岗位) of an enterprise. `departmentCode` is the reviewing department (人社局) and `countyCode` the
 * county whose 人社局 reviews it. Sort keys are stored with millisecond precision so that keyset cursors (JavaScript
 * dates) compare exactly.
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
    submittedBy: text().notNull(),
    submittedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    reviewedBy: text(),
    reviewedAt: timestamp({ withTimezone: true, precision: 3 }),
    rejectionReason: text(),
    publishedAt: timestamp({ withTimezone: true, precision: 3 }),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.status, t.submittedAt, t.id),
    index().on(t.countyCode, t.status, t.submittedAt, t.id),
    index().on(t.enterpriseCode, t.submittedAt, t.id),
    check('job_postings_category_check', sql`${t.category} in (${inList(JOB_CATEGORIES)})`),
    check('job_postings_education_check', sql`${t.education} in (${inList(EDUCATION_LEVELS)})`),
    check('job_postings_status_check', sql`${t.status} in (${inList(JOB_POSTING_STATUSES)})`),
    check('job_postings_headcount_check', sql`${t.headcount} > 0`),
    check('job_postings_salary_check', sql`${t.salaryMin} > 0 and ${t.salaryMax} >= ${t.salaryMin}`),
  ],
);

/** The review history of job postings: one row per transition (submit, approve, reject, …). */
export const jobPostingEvents = eventTable(talentSchema, 'job_posting_events');

/** A talent policy (人才政策) published by 人社局 (or another department) of the city or of a county. */
export const talentPolicies = talentSchema.table(
  'talent_policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    publishedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.publishedAt, t.id),
    index().on(t.departmentCode, t.publishedAt, t.id),
    index().on(t.countyCode, t.publishedAt, t.id),
  ],
);

export const outbox = outboxTable(talentSchema);
export const smsLog = smsLogTable(talentSchema);
export const jobRuns = jobRunsTable(talentSchema);
