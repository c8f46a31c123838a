/** Tables of the `complaints` schema, owned by 市发改委: business-environment complaints (投诉) and requests (诉求). */
import { index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { eventTable, jobRunsTable, outboxTable, scope, smsLogTable, timestamps } from './common.ts';

export const complaintsSchema = pgSchema('complaints');

/**
 * A matter raised by an enterprise: a request (诉求) or a complaint (投诉). `departmentCode`/`countyCode` are the unit
 * handling it now; `firstAcceptorDepartmentCode`/`firstAcceptorCountyCode` the unit that accepted (signed for) it first
 * and stays responsible (首接责任制). The due columns hold the 13710 clock of the profile named in `clockProfile`,
 * computed on the working-day calendar at submission, so a later change of profile never moves a running clock.
 * `submittedAt` keeps millisecond precision: it is the first column of the keyset cursor, which JavaScript dates carry
 * to the millisecond.
 */
export const matters = complaintsSchema.table(
  'matters',
  {
    id: uuid().primaryKey().defaultRandom(),
    referenceNo: text().notNull().unique(),
    kind: text().notNull(),
    category: text().notNull(),
    title: text().notNull(),
    content: text().notNull(),
    enterpriseCode: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    status: text().notNull(),
    firstAcceptorDepartmentCode: text(),
    firstAcceptorCountyCode: text(),
    clockProfile: text().notNull(),
    submittedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    signDueAt: timestamp({ withTimezone: true }).notNull(),
    replyDueAt: timestamp({ withTimezone: true }).notNull(),
    resolveDueAt: timestamp({ withTimezone: true }).notNull(),
    reportDueAt: timestamp({ withTimezone: true }).notNull(),
    signedAt: timestamp({ withTimezone: true }),
    repliedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    /** When the result was reported back to the enterprise (办结反馈), the last step of the 13710 clock. */
    reportedAt: timestamp({ withTimezone: true }),
    /** When the enterprise confirmed the result (已确认); the matter is closed for good. */
    closedAt: timestamp({ withTimezone: true }),
    /** The enterprise's rating (1–5) given on confirmation. */
    satisfaction: integer(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    // An enterprise's own matters, newest first (Enterprise.matters, the enterprise's list).
    index().on(t.enterpriseCode, t.submittedAt, t.id),
    // A county's matters (county clerks of the lead department, County.openMatterCount).
    index().on(t.countyCode, t.submittedAt, t.id),
    // A department's inbox in a county (other departments' staff, Department.openMatterCount).
    index().on(t.departmentCode, t.countyCode, t.submittedAt, t.id),
    // City-wide lists.
    index().on(t.submittedAt, t.id),
  ],
);

/**
 * Daily sequences of the reference numbers (TS-20261127-0001): one row per prefix and China calendar day, incremented
 * with an upsert in the submitting transaction so two submissions never get the same number.
 */
export const referenceCounters = complaintsSchema.table(
  'reference_counters',
  {
    prefix: text().notNull(),
    day: text().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.day] })],
);

export const matterEvents = eventTable(complaintsSchema, 'matter_events');
export const outbox = outboxTable(complaintsSchema);
export const smsLog = smsLogTable(complaintsSchema);
export const jobRuns = jobRunsTable(complaintsSchema);
