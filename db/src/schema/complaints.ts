/** Tables of the `complaints` schema, owned by 市发改委: business-environment complaints (投诉) and requests (诉求). */
import { boolean, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import {
  eventTable,
  jobRunsTable,
  outboxTable,
  personalDataAccessTable,
  scope,
  smsLogTable,
  timestamps,
} from './common.ts';

export const complaintsSchema = pgSchema('complaints');

/**
 * A matter raised by an enterprise: a request (诉求) or a complaint (投诉). `departmentCode`/`countyCode` are the unit
 * handling it now (发改委 of the county until it is dispatched); `firstAcceptorDepartmentCode`/`firstAcceptorCountyCode`
 * the unit that signed for it first and stays responsible (首接责任制). The clock of the profile named in
 * `clockProfile` (chosen by category at submission): the dispatch deadline counts from submission, the four 13710
 * deadlines from dispatch and are null until then; stored once computed, so a later change of profile or calendar never
 * moves a running clock. Each step's instant is kept (the first one for the clock, the last where a later step needs
 * it): the monthly evaluation counts from them. `submittedAt` keeps millisecond precision: it is the first column of
 * the keyset cursor, which JavaScript dates carry to the millisecond.
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
    /** How the matter reached the platform: PORTAL, MINI_PROGRAM, VISIT (万人助万企走访), HOTLINE, WINDOW, OTHER. */
    source: text().notNull().default('PORTAL'),
    /** The raiser's own reference (such as a visit's id) when staff or a department's system raised it. */
    sourceReference: text(),
    /** The unit of the staff or system that raised the matter for the enterprise; null when the enterprise did. */
    raisedByDepartmentCode: text(),
    raisedByCountyCode: text(),
    firstAcceptorDepartmentCode: text(),
    firstAcceptorCountyCode: text(),
    clockProfile: text().notNull(),
    submittedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Deadline of the dispatcher (分派时限), from submission. */
    dispatchDueAt: timestamp({ withTimezone: true }),
    signDueAt: timestamp({ withTimezone: true }),
    replyDueAt: timestamp({ withTimezone: true }),
    resolveDueAt: timestamp({ withTimezone: true }),
    reportDueAt: timestamp({ withTimezone: true }),
    /** First dispatch: the 13710 clock starts here. */
    dispatchedAt: timestamp({ withTimezone: true }),
    /** First signature (签收). */
    signedAt: timestamp({ withTimezone: true }),
    /** First substantive reply (答复). */
    repliedAt: timestamp({ withTimezone: true }),
    /** First resolution, full or partial (办结 or 阶段性办结): the RESOLVE stage of the clock. */
    resolvedAt: timestamp({ withTimezone: true }),
    /** First full resolution reported back to the enterprise (办结反馈): the REPORT stage of the clock. */
    reportedAt: timestamp({ withTimezone: true }),
    /** The last resolution (after a reopening too): the quiet period before closing counts from it. */
    lastResolvedAt: timestamp({ withTimezone: true }),
    /** What was done (办理结果), from the last resolution. */
    resolution: text(),
    /** What remains of a partly resolved matter (未解决事项) and the day it is promised for (承诺办结日期). */
    remaining: text(),
    promisedOn: text(),
    /** Times the enterprise reopened the matter (重办次数), and the last time. */
    reopenCount: integer().notNull().default(0),
    reopenedAt: timestamp({ withTimezone: true }),
    /** When the enterprise confirmed the result (已确认). */
    confirmedAt: timestamp({ withTimezone: true }),
    /** When the matter closed: confirmed, or closed after the quiet period with no answer from the enterprise. */
    closedAt: timestamp({ withTimezone: true }),
    /** The enterprise's rating (1–5) and comment, given once the matter is resolved. */
    satisfaction: integer(),
    satisfactionComment: text(),
    ratedAt: timestamp({ withTimezone: true }),
    /**
     * The transfer request (转办申请, 首接责任制) of the owning unit, at most one per matter, decided once by the
     * dispatcher: the unit that asked (`transferFrom…`), the unit it proposed (`transferProposed…`), why, when, and
     * the decision: `transferApproved` null while pending, true (the matter went to `transferTo…`, which signs for it
     * and owns it) or false (退回: the asking unit keeps it; `transferTo…` stays the proposed unit), with its instant
     * and note. Transfers and bounces are counted per unit and month from these instants.
     */
    transferFromDepartmentCode: text(),
    transferFromCountyCode: text(),
    transferProposedDepartmentCode: text(),
    transferProposedCountyCode: text(),
    transferToDepartmentCode: text(),
    transferToCountyCode: text(),
    transferReason: text(),
    transferRequestedAt: timestamp({ withTimezone: true }),
    transferApproved: boolean(),
    transferDecidedAt: timestamp({ withTimezone: true }),
    transferDecisionNote: text(),
    /**
     * Times the enterprise raised the matter again instead of submitting a duplicate (重复反映, `followMatter`), and
     * the last time.
     */
    followCount: integer().notNull().default(0),
    lastFollowedAt: timestamp({ withTimezone: true }),
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
    // Open matters by status, for the escalation and closing jobs.
    index().on(t.status, t.submittedAt),
  ],
);

/**
 * Co-handlers (协办单位) of a matter: units added by the owner or the dispatcher, each with its own reply; the owner
 * stays responsible. One row per unit and matter.
 */
export const matterCoHandlers = complaintsSchema.table(
  'matter_co_handlers',
  {
    matterId: uuid().notNull(),
    departmentCode: text().notNull(),
    countyCode: text().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull(),
    addedBy: text().notNull(),
    reply: text(),
    repliedAt: timestamp({ withTimezone: true }),
    repliedBy: text(),
  },
  (t) => [
    primaryKey({ columns: [t.matterId, t.departmentCode, t.countyCode] }),
    // A unit's co-handled matters (the scope of its staff).
    index().on(t.departmentCode, t.countyCode),
  ],
);

/**
 * The escalation ladder (催办 → 交办单 → 督办函) of each missed stage of a matter: one row per matter, stage and level,
 * so that no step is taken twice. `departmentCode`/`countyCode` are the unit escalated against (the evaluation counts
 * 交办单 and 督办函 per unit from here).
 */
export const matterEscalations = complaintsSchema.table(
  'matter_escalations',
  {
    matterId: uuid().notNull(),
    stage: text().notNull(),
    /** 1 reminder (催办), 2 assignment notice to the unit's leader (交办单), 3 supervision letter (督办函). */
    level: integer().notNull(),
    departmentCode: text().notNull(),
    countyCode: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    actor: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.matterId, t.stage, t.level] }), index().on(t.departmentCode, t.countyCode, t.at)],
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
export const personalDataAccesses = personalDataAccessTable(complaintsSchema);
