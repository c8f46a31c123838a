/**
 * The staff inbox (待办): matters of the caller's unit sorted by the deadline of the stage each is at, with the counts
 * by state, all decided in SQL (the overdue rule and the current stage of `clock.sql.ts`), never by loading matters.
 */
import type { Database } from '@qq/db/client';
import { matterCoHandlers, matters } from '@qq/db/schema/complaints';
import { CITY_CODE, type Page, type Principal } from '@qq/kit';
import { and, count, eq, gte, inArray, lte, not, sql, type SQL } from 'drizzle-orm';
import { LEADS } from '../domain.ts';
import { currentDueAt, currentStage } from './clock.sql.ts';
import { overdueCondition, type MatterRow } from './matters.store.ts';

/** Conditions of the inbox, already validated by the service. */
export interface InboxFilter {
  status?: readonly string[] | null;
  stage?: string | null;
  overdue?: boolean | null;
  category?: string | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
}

/** The inbox's sort key: the current stage's deadline (none last), then the id. */
const dueKey = sql`coalesce(${currentDueAt}, 'infinity'::timestamptz)`;

/**
 * Whose inbox: staff (and a department's system) get what their department handles in their county (410400: every
 * county) and what it co-handles; staff of 发改委, the dispatcher, every matter of their county; admins every matter
 * of their county scope (410400: all); leaders, whose tokens are city-wide, every matter.
 */
function inboxScope(p: Principal): SQL {
  const county = p.county && p.county !== CITY_CODE ? p.county : null;
  const inCounty = county ? eq(matters.countyCode, county) : sql`true`;
  if (p.role === 'admin' || p.role === 'leader') return inCounty;
  if ((p.role === 'staff' || p.role === 'system') && p.dept) {
    if (LEADS.includes(p.dept)) return inCounty;
    const coHandled = sql`exists (select 1 from ${matterCoHandlers} where ${matterCoHandlers.matterId} = ${matters.id} and ${
      matterCoHandlers.departmentCode
    } = ${p.dept}${county ? sql` and ${matterCoHandlers.countyCode} = ${county}` : sql``})`;
    return sql`((${and(eq(matters.departmentCode, p.dept), inCounty)}) or ${coHandled})`;
  }
  return sql`false`;
}

function filterCondition(filter: InboxFilter, now: Date, withStatus: boolean): SQL | undefined {
  return and(
    withStatus && filter.status ? inArray(matters.status, [...filter.status]) : undefined,
    filter.stage ? sql`${currentStage} = ${filter.stage}` : undefined,
    filter.category ? eq(matters.category, filter.category) : undefined,
    filter.overdue === true ? overdueCondition(now) : filter.overdue === false ? not(overdueCondition(now)) : undefined,
    filter.submittedFrom ? gte(matters.submittedAt, filter.submittedFrom) : undefined,
    filter.submittedTo ? lte(matters.submittedAt, filter.submittedTo) : undefined,
  );
}

export interface InboxCount {
  status: string;
  count: number;
  overdue: number;
}

export class InboxStore {
  private readonly scope: SQL;

  constructor(
    private readonly db: Database,
    principal: Principal,
  ) {
    this.scope = inboxScope(principal);
  }

  /**
   * listInbox: one page, nearest deadline first (`limit + 1` rows). The cursor is `[deadline ISO or "infinity", id]`;
   * each row carries its current deadline for the cursor.
   */
  async list(filter: InboxFilter, page: Page, now: Date): Promise<Array<MatterRow & { inboxDueAt: Date | null }>> {
    const after = page.after
      ? sql`(${dueKey}, ${matters.id}) > (${String(page.after[0])}::timestamptz, ${String(page.after[1])}::uuid)`
      : undefined;
    const rows = await this.db
      .select({ matter: matters, due: currentDueAt })
      .from(matters)
      .where(and(this.scope, filterCondition(filter, now, true), after))
      .orderBy(sql`${dueKey} asc`, sql`${matters.id} asc`)
      .limit(page.limit + 1);
    return rows.map((r) => ({ ...r.matter, inboxDueAt: r.due ? new Date(r.due as unknown as string) : null }));
  }

  /** countInbox: matters of the inbox that match the filter. */
  async count(filter: InboxFilter, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(matters)
      .where(and(this.scope, filterCondition(filter, now, true)));
    return Number(row?.n ?? 0);
  }

  /** countInboxByStatus: per status (the status filter left out), with how many of them are overdue. */
  async countsByStatus(filter: InboxFilter, now: Date): Promise<InboxCount[]> {
    const rows = await this.db
      .select({
        status: matters.status,
        count: count(),
        overdue: sql<number>`count(*) filter (where ${overdueCondition(now)})`,
      })
      .from(matters)
      .where(and(this.scope, filterCondition(filter, now, false)))
      .groupBy(matters.status);
    return rows.map((r) => ({ status: r.status, count: Number(r.count), overdue: Number(r.overdue) }));
  }
}
