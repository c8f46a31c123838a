/** Tables of the `talent` schema, owned by 市人社局: job postings and talent policies (人才服务). */
import { index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { outboxTable, scope, timestamps } from './common.ts';

export const talentSchema = pgSchema('talent');

/** A job posting (招聘岗位) of an enterprise. */
export const jobPostings = talentSchema.table(
  'job_postings',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    title: text().notNull(),
    category: text().notNull(),
    headcount: integer().notNull(),
    salaryMin: integer().notNull(),
    salaryMax: integer().notNull(),
    education: text().notNull(),
    description: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    status: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }),
    ...scope,
    ...timestamps,
  },
  (t) => [index().on(t.status, t.publishedAt, t.id), index().on(t.enterpriseCode, t.publishedAt, t.id)],
);

/** A talent policy (人才政策) published by 人社局 or a county. */
export const talentPolicies = talentSchema.table(
  'talent_policies',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
    ...scope,
    ...timestamps,
  },
  (t) => [index().on(t.publishedAt, t.id)],
);

export const outbox = outboxTable(talentSchema);
