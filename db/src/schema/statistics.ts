/** Tables of the `statistics` schema, owned by 市统计局 and 市工信局: the 四上 register and periodic data reports. */
import {
  date,
  index,
  integer,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { eventTable, outboxTable, scope, timestamps } from './common.ts';

export const statisticsSchema = pgSchema('statistics');

/** The 四上企业 register: an enterprise above a statistical threshold in a category, from `since` until `until`. */
export const aboveScale = statisticsSchema.table(
  'above_scale',
  {
    enterpriseCode: text().notNull(),
    category: text().notNull(),
    since: date().notNull(),
    until: date(),
    ...scope,
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.enterpriseCode, t.category, t.since] }), index().on(t.countyCode, t.category)],
);

/** A periodic statistical report (统计报表) of an enterprise for one form and one period; corrections are versions. */
export const reports = statisticsSchema.table(
  'reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    formCode: text().notNull(),
    period: text().notNull(),
    version: integer().notNull().default(1),
    status: text().notNull(),
    revenue: numeric({ precision: 16, scale: 2, mode: 'number' }),
    outputValue: numeric({ precision: 16, scale: 2, mode: 'number' }),
    employees: integer(),
    submittedAt: timestamp({ withTimezone: true }),
    ...scope,
    ...timestamps,
  },
  (t) => [
    unique().on(t.enterpriseCode, t.formCode, t.period, t.version),
    index().on(t.enterpriseCode, t.period, t.id),
    index().on(t.departmentCode, t.countyCode, t.period),
  ],
);

export const reportEvents = eventTable(statisticsSchema, 'report_events');
export const outbox = outboxTable(statisticsSchema);
