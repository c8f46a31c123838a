/**
 * Every SQL statement on the `complaints` schema. Reads go through `MatterStore`, built per request for one caller:
 * its row scope (kit `readScope`, lead department 发改委) is a condition of every query, on every path (lists, lookups,
 * entity fields, counts). Writes go through `MatterWriter` over a transaction opened by the service.
 */
import type { Database } from '@qq/db/client';
import {
  matterCoHandlers,
  matterEscalations,
  matterEvents,
  matters,
  outbox,
  referenceCounters,
} from '@qq/db/schema/complaints';
import {
  CITY_CODE,
  enqueueMessages,
  pagePerKey,
  orderBy,
  readScope,
  type OutboundMessage,
  type Page,
  type PagePerKey,
  type Principal,
  type Tx,
  anyOf,
} from '@qq/kit';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, not, or, sql, type SQL } from 'drizzle-orm';
import { LEADS, OPEN_STATUSES } from '../domain.ts';

export type MatterRow = typeof matters.$inferSelect;
export type NewMatter = typeof matters.$inferInsert;
export type MatterEventRow = typeof matterEvents.$inferSelect;
export type NewMatterEvent = typeof matterEvents.$inferInsert;
export type CoHandlerRow = typeof matterCoHandlers.$inferSelect;

/** Conditions of the matter list, already validated by the service. */
export interface MatterFilter {
  status?: readonly string[] | null;
  kind?: string | null;
  category?: string | null;
  countyCode?: string | null;
  departmentCode?: string | null;
  overdue?: boolean | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
}

/** The sort key of every matter list: newest first. */
const SORT = [matters.submittedAt, matters.id];

/** Rows strictly after the cursor `[submittedAt ISO, id]` in the order `submitted_at desc, id desc`. */
function afterCursor(after: unknown[] | null): SQL | undefined {
  if (!after) return undefined;
  return sql`(${matters.submittedAt}, ${matters.id}) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`;
}

/**
 * The overdue rule of `overdueSteps` (domain.ts) in SQL: any stage done late, or not done past its deadline; a stage
 * whose clock has not started (no deadline yet) is not overdue.
 */
export function overdueCondition(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const late = (done: PgColumn, due: PgColumn) =>
    sql`coalesce(coalesce(${done}, ${matters.closedAt}, ${at}) > ${due}, false)`;
  return sql`(${late(matters.dispatchedAt, matters.dispatchDueAt)} or ${late(matters.signedAt, matters.signDueAt)} or ${late(
    matters.repliedAt,
    matters.replyDueAt,
  )} or ${late(matters.resolvedAt, matters.resolveDueAt)} or ${late(matters.reportedAt, matters.reportDueAt)})`;
}

/**
 * The caller's row scope: the kit's (enterprise: its own; 发改委 staff: their county; other staff: what their
 * department handles in their county), widened for staff and systems to the matters their unit raised for an
 * enterprise (a 万人助万企 visit) and those it co-handles (协办).
 */
export function matterScope(principal: Principal): SQL | undefined {
  const base = readScope(
    principal,
    { departmentCode: matters.departmentCode, countyCode: matters.countyCode, enterpriseCode: matters.enterpriseCode },
    { leads: LEADS },
  );
  if ((principal.role !== 'staff' && principal.role !== 'system') || !principal.dept || !base) return base;
  const county = principal.county && principal.county !== CITY_CODE ? principal.county : null;
  const raised = and(
    eq(matters.raisedByDepartmentCode, principal.dept),
    county ? eq(matters.raisedByCountyCode, county) : undefined,
  );
  const coHandled = sql`exists (select 1 from ${matterCoHandlers} where ${matterCoHandlers.matterId} = ${matters.id} and ${
    matterCoHandlers.departmentCode
  } = ${principal.dept}${county ? sql` and ${matterCoHandlers.countyCode} = ${county}` : sql``})`;
  return or(base, raised, coHandled);
}

function filterCondition(filter: MatterFilter, now: Date): SQL | undefined {
  return and(
    filter.status ? inArray(matters.status, [...filter.status]) : undefined,
    filter.kind ? eq(matters.kind, filter.kind) : undefined,
    filter.category ? eq(matters.category, filter.category) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(matters.countyCode, filter.countyCode) : undefined,
    filter.departmentCode ? eq(matters.departmentCode, filter.departmentCode) : undefined,
    filter.overdue === true ? overdueCondition(now) : filter.overdue === false ? not(overdueCondition(now)) : undefined,
    filter.submittedFrom ? gte(matters.submittedAt, filter.submittedFrom) : undefined,
    filter.submittedTo ? lte(matters.submittedAt, filter.submittedTo) : undefined,
  );
}

const isOpen = () => anyOf(matters.status, OPEN_STATUSES);
/** The condition of rating a matter: not rated yet (once only, also against a racing rating). */
export const unrated = () => isNull(matters.ratedAt);
/** The condition of asking for a transfer: none asked for before (at most one per matter). */
export const notTransferred = () => isNull(matters.transferRequestedAt);

export class MatterStore {
  /** The caller's row scope, part of every read below. */
  private readonly scope: SQL | undefined;

  constructor(
    private readonly db: Database,
    principal: Principal,
  ) {
    this.scope = matterScope(principal);
  }

  /** findMattersByIds: the visible matters among `ids`, in no order (the loader orders them). */
  findByIds(ids: readonly string[]): Promise<MatterRow[]> {
    return this.db
      .select()
      .from(matters)
      .where(and(anyOf(matters.id, ids), this.scope));
  }

  /** findMattersByReferences: the visible matters among these reference numbers. */
  findByReferences(referenceNos: readonly string[]): Promise<MatterRow[]> {
    return this.db
      .select()
      .from(matters)
      .where(and(anyOf(matters.referenceNo, referenceNos), this.scope));
  }

  /** listMatters: one page of visible matters, newest first (`limit + 1` rows to tell whether more follow). */
  list(filter: MatterFilter, page: Page, now: Date): Promise<MatterRow[]> {
    return this.db
      .select()
      .from(matters)
      .where(and(this.scope, filterCondition(filter, now), afterCursor(page.after)))
      .orderBy(...orderBy(SORT, 'desc'))
      .limit(page.limit + 1);
  }

  /** countMatters: visible matters matching the filter. */
  async count(filter: MatterFilter, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(matters)
      .where(and(this.scope, filterCondition(filter, now)));
    return Number(row?.n ?? 0);
  }

  /**
   * firstMattersPerEnterprise: the first `limit + 1` visible matters of each enterprise and how many each has after
   * the cursor, in one statement.
   */
  async firstPerEnterprise(codes: readonly string[], page: Page): Promise<PagePerKey<MatterRow>> {
    return pagePerKey(
      this.db,
      matters,
      matters.enterpriseCode,
      orderBy(SORT, 'desc'),
      and(anyOf(matters.enterpriseCode, codes), this.scope, afterCursor(page.after)),
      page.limit + 1,
    );
  }

  /** countMattersByEnterprises: visible matters per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: matters.enterpriseCode, n: count() })
      .from(matters)
      .where(and(anyOf(matters.enterpriseCode, codes), this.scope))
      .groupBy(matters.enterpriseCode);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /**
   * countOpenMattersByCounties: visible open matters per county; with the city (410400) among the codes, one grouping
   * set more gives the total of every unit in the same statement.
   */
  async openCountByCounties(codes: readonly string[]): Promise<Map<string, number>> {
    const withCity = codes.includes(CITY_CODE);
    const units = codes.filter((c) => c !== CITY_CODE);
    const rows = await this.db
      .select({ key: matters.countyCode, n: count() })
      .from(matters)
      .where(and(isOpen(), this.scope, withCity ? undefined : inArray(matters.countyCode, units)))
      .groupBy(withCity ? sql`grouping sets ((${matters.countyCode}), ())` : matters.countyCode);
    return new Map(rows.map((r) => [(r.key as string | null) ?? CITY_CODE, Number(r.n)]));
  }

  /** countOpenMattersByDepartments: visible open matters per handling department. */
  async openCountByDepartments(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: matters.departmentCode, n: count() })
      .from(matters)
      .where(and(anyOf(matters.departmentCode, codes), isOpen(), this.scope))
      .groupBy(matters.departmentCode);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /**
   * findSimilarOpenMatters: the open matters of an enterprise in a category, newest first (the duplicate hint shown
   * before submitting), at most `limit`.
   */
  similarOpen(enterpriseCode: string, category: string, limit: number): Promise<MatterRow[]> {
    return this.db
      .select()
      .from(matters)
      .where(and(eq(matters.enterpriseCode, enterpriseCode), eq(matters.category, category), isOpen(), this.scope))
      .orderBy(desc(matters.submittedAt), desc(matters.id))
      .limit(limit);
  }

  /**
   * findCoHandlersByMatterIds: the co-handling units of these matters, in the order they were added. Not scoped
   * itself: reached only through a matter a scoped read returned.
   */
  coHandlersOf(matterIds: readonly string[]): Promise<CoHandlerRow[]> {
    return this.db
      .select()
      .from(matterCoHandlers)
      .where(anyOf(matterCoHandlers.matterId, matterIds))
      .orderBy(asc(matterCoHandlers.addedAt), asc(matterCoHandlers.departmentCode), asc(matterCoHandlers.countyCode));
  }

  /**
   * findEventsByMatterIds: the events of these matters, oldest first. Not scoped itself: events are only reached
   * through a matter that the scoped reads above returned.
   */
  eventsOf(matterIds: readonly string[]): Promise<MatterEventRow[]> {
    return this.db
      .select()
      .from(matterEvents)
      .where(anyOf(matterEvents.subjectId, matterIds))
      .orderBy(asc(matterEvents.subjectId), asc(matterEvents.id));
  }

  /**
   * findEscalationsByMatterIds: the escalation steps of these matters, oldest first. Not scoped itself, as events:
   * reached only through a matter a scoped read returned.
   */
  escalationsOf(matterIds: readonly string[]): Promise<Array<typeof matterEscalations.$inferSelect>> {
    return this.db
      .select()
      .from(matterEscalations)
      .where(anyOf(matterEscalations.matterId, matterIds))
      .orderBy(asc(matterEscalations.matterId), asc(matterEscalations.at), asc(matterEscalations.level));
  }
}

/** Writes of the matter workflow, inside the service's transaction. */
export class MatterWriter {
  constructor(private readonly tx: Tx | Database) {}

  /** nextReferenceSequence: the next number of the day for a prefix (an upsert: concurrent submissions queue on it). */
  async nextSequence(prefix: string, day: string): Promise<number> {
    const [row] = await this.tx
      .insert(referenceCounters)
      .values({ prefix, day, last: 1 })
      .onConflictDoUpdate({
        target: [referenceCounters.prefix, referenceCounters.day],
        set: { last: sql`${referenceCounters.last} + 1` },
      })
      .returning({ last: referenceCounters.last });
    if (!row) throw new Error('reference counter: no row returned');
    return row.last;
  }

  /** insertMatter */
  async insertMatter(values: NewMatter): Promise<MatterRow> {
    const [row] = await this.tx.insert(matters).values(values).returning();
    if (!row) throw new Error('insertMatter: no row returned');
    return row;
  }

  /**
   * updateMatterInState: a workflow step's change, only while the matter is still in the state the step was decided
   * in; null when another step got there first (the caller answers CONFLICT).
   */
  async updateInState(id: string, from: string, set: Partial<NewMatter>, when?: SQL): Promise<MatterRow | null> {
    const [row] = await this.tx
      .update(matters)
      .set(set)
      .where(and(eq(matters.id, id), eq(matters.status, from), when))
      .returning();
    return row ?? null;
  }

  /** insertMatterCoHandler: false when the unit already co-handles the matter. */
  async insertCoHandler(values: typeof matterCoHandlers.$inferInsert): Promise<boolean> {
    const rows = await this.tx
      .insert(matterCoHandlers)
      .values(values)
      .onConflictDoNothing()
      .returning({ matterId: matterCoHandlers.matterId });
    return rows.length === 1;
  }

  /** replyAsCoHandlerToMatter: the unit's reply, once; false when it has replied already. */
  async replyAsCoHandler(
    matterId: string,
    unit: { departmentCode: string; countyCode: string },
    reply: { reply: string; repliedAt: Date; repliedBy: string },
  ): Promise<boolean> {
    const rows = await this.tx
      .update(matterCoHandlers)
      .set(reply)
      .where(
        and(
          eq(matterCoHandlers.matterId, matterId),
          eq(matterCoHandlers.departmentCode, unit.departmentCode),
          eq(matterCoHandlers.countyCode, unit.countyCode),
          isNull(matterCoHandlers.repliedAt),
        ),
      )
      .returning({ matterId: matterCoHandlers.matterId });
    return rows.length === 1;
  }

  /** insertMatterEvent: the event's id (part of its messages' idempotency keys). */
  async insertEvent(values: NewMatterEvent): Promise<number> {
    const [row] = await this.tx.insert(matterEvents).values(values).returning({ id: matterEvents.id });
    if (!row) throw new Error('insertMatterEvent: no row returned');
    return row.id;
  }

  /** enqueueOutbox: messages delivered after commit by the subgraph's worker (idempotent by key). */
  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.tx, outbox, messages);
  }
}
