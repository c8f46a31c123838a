/** Tables of the `complaints` schema, owned by 市发改委: business-environment complaints (投诉) and requests (诉求). */
import { index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { eventTable, outboxTable, scope, timestamps } from './common.ts';

export const complaintsSchema = pgSchema('complaints');

/**
 * A matter raised by an enterprise: a request (诉求) or a complaint (投诉). `departmentCode`/`countyCode` are the unit
 * handling it now; `firstAcceptorDepartmentCode`/`firstAcceptorCountyCode` the unit that accepted it first and stays
 * responsible (首接责任制). The due columns hold the 13710 clock computed on the working-day calendar.
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
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    signDueAt: timestamp({ withTimezone: true }),
    replyDueAt: timestamp({ withTimezone: true }),
    resolveDueAt: timestamp({ withTimezone: true }),
    reportDueAt: timestamp({ withTimezone: true }),
    signedAt: timestamp({ withTimezone: true }),
    repliedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    satisfaction: integer(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    index().on(t.enterpriseCode, t.submittedAt, t.id),
    index().on(t.departmentCode, t.countyCode, t.status, t.submittedAt),
  ],
);

export const matterEvents = eventTable(complaintsSchema, 'matter_events');
export const outbox = outboxTable(complaintsSchema);
