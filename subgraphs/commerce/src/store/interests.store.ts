/**
 * Every SQL statement on `commerce.opportunity_interests`. An interest is read by the enterprise that expressed it,
 * the poster of the opportunity, 商务局 staff of the opportunity's county, admins and analysts.
 */
import type { Database } from '@qq/db/client';
import { opportunityInterests } from '@qq/db/schema/commerce';
import {
  afterCursor,
  firstRowsPerKey,
  orderBy,
  type Page,
  type Principal,
  readScope,
  type Tx,
  visibleWhen,
  anyOf,
} from '@qq/kit';
import { and, count, eq, type SQL } from 'drizzle-orm';
import { COMMERCE_SCOPE } from '../domain.ts';

export type InterestRow = typeof opportunityInterests.$inferSelect;
export type NewInterest = typeof opportunityInterests.$inferInsert;

const t = opportunityInterests;
/** Newest first. */
const ORDER = [t.createdAt, t.id];
export const interestCursor = (r: InterestRow): unknown[] => [r.createdAt, r.id];

export class InterestStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): InterestStore {
    return new InterestStore(db, this.principal);
  }

  private visible(): SQL | undefined {
    const p = this.principal;
    return visibleWhen(
      undefined,
      readScope(
        p,
        { departmentCode: t.departmentCode, countyCode: t.countyCode, enterpriseCode: t.enterpriseCode },
        COMMERCE_SCOPE,
      ),
      p.role === 'enterprise' && p.enterprise ? eq(t.ownerCode, p.enterprise) : undefined,
    );
  }

  /** findInterestsByIds */
  findByIds(ids: readonly string[]): Promise<InterestRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.id, ids), this.visible()));
  }

  /** firstInterestsByOpportunities: one page of visible interests per opportunity, newest first. */
  firstByOpportunities(opportunityIds: readonly string[], page: Page): Promise<InterestRow[]> {
    return firstRowsPerKey(
      this.db,
      t,
      t.opportunityId,
      orderBy(ORDER, 'desc'),
      and(anyOf(t.opportunityId, opportunityIds), this.visible(), afterCursor(ORDER, page.after, 'desc')),
      page.limit + 1,
    );
  }

  /** countInterestsByOpportunities: every interest (the number is public); `visibleOnly` for a connection's total. */
  async countByOpportunities(opportunityIds: readonly string[], visibleOnly: boolean): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ id: t.opportunityId, n: count() })
      .from(t)
      .where(and(anyOf(t.opportunityId, opportunityIds), visibleOnly ? this.visible() : undefined))
      .groupBy(t.opportunityId);
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** findInterestsOfEnterprise: the interests an enterprise expressed in these opportunities. */
  findOfEnterprise(enterpriseCode: string, opportunityIds: readonly string[]): Promise<InterestRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(eq(t.enterpriseCode, enterpriseCode), anyOf(t.opportunityId, opportunityIds)));
  }

  /** insertInterest: a second interest of the same enterprise is a unique violation. */
  async insert(values: NewInterest): Promise<InterestRow> {
    const [row] = await this.db.insert(t).values(values).returning();
    if (!row) throw new Error('insertInterest returned no row');
    return row;
  }
}
