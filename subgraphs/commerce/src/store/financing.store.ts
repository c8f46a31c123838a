/**
 * Every SQL statement on `commerce.financing_needs`. Financing needs are private: every read carries the caller's
 * scope (own enterprise; an institution's staff: the needs applied to it; 商务局 staff in their county; analysts
 * and admins all) in its SQL.
 */
import type { Database } from '@qq/db/client';
import { financingApplications, financingNeeds } from '@qq/db/schema/commerce';
import {
  afterCursor,
  CITY_CODE,
  pagePerKey,
  type PagePerKey,
  orderBy,
  type Page,
  type Principal,
  readScope,
  type Tx,
  visibleWhen,
  anyOf,
} from '@qq/kit';
import { and, count, eq, exists, type SQL } from 'drizzle-orm';
import { COMMERCE_SCOPE, isInstitutionStaff } from '../domain.ts';

export type FinancingNeedRow = typeof financingNeeds.$inferSelect;
export type NewFinancingNeed = typeof financingNeeds.$inferInsert;

export interface FinancingNeedFilter {
  status?: string | null;
  countyCode?: string | null;
}

const t = financingNeeds;
/** The sort key of financing need lists: newest first. */
const ORDER = [t.createdAt, t.id];
export const financingNeedCursor = (r: FinancingNeedRow): unknown[] => [r.createdAt, r.id];

function filterCondition(filter: FinancingNeedFilter): SQL | undefined {
  return and(
    filter.status ? eq(t.status, filter.status) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(t.countyCode, filter.countyCode) : undefined,
  );
}

export class FinancingNeedStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): FinancingNeedStore {
    return new FinancingNeedStore(db, this.principal);
  }

  /** The rows the caller may read; `undefined`: no restriction. */
  private visible(): SQL | undefined {
    const p = this.principal;
    const appliedToMe = isInstitutionStaff(p)
      ? exists(
          this.db
            .select({ one: financingApplications.id })
            .from(financingApplications)
            .where(
              and(eq(financingApplications.needId, t.id), eq(financingApplications.institutionCode, p.enterprise!)),
            ),
        )
      : undefined;
    return visibleWhen(
      undefined,
      readScope(
        p,
        { departmentCode: t.departmentCode, countyCode: t.countyCode, enterpriseCode: t.enterpriseCode },
        COMMERCE_SCOPE,
      ),
      appliedToMe,
    );
  }

  /** findFinancingNeedsByIds: the visible rows among these ids. */
  findByIds(ids: readonly string[]): Promise<FinancingNeedRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.id, ids), this.visible()));
  }

  /** listFinancingNeeds: one page of visible rows, newest first. */
  list(filter: FinancingNeedFilter, page: Page): Promise<FinancingNeedRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(this.visible(), filterCondition(filter), afterCursor(ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countFinancingNeeds: visible rows matching the filter. */
  async count(filter: FinancingNeedFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(t)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /**
   * firstFinancingNeedsByEnterprises: the newest `perParent` visible rows of each enterprise and how many each has, in one
   * statement.
   */
  async firstByEnterprises(codes: readonly string[], perParent: number): Promise<PagePerKey<FinancingNeedRow>> {
    return pagePerKey(
      this.db,
      t,
      t.enterpriseCode,
      orderBy(ORDER, 'desc'),
      and(anyOf(t.enterpriseCode, codes), this.visible()),
      perParent,
    );
  }

  /** countFinancingNeedsByEnterprises: visible rows per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ code: t.enterpriseCode, n: count() })
      .from(t)
      .where(and(anyOf(t.enterpriseCode, codes), this.visible()))
      .groupBy(t.enterpriseCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** insertFinancingNeed */
  async insert(values: NewFinancingNeed): Promise<FinancingNeedRow> {
    const [row] = await this.db.insert(t).values(values).returning();
    if (!row) throw new Error('insertFinancingNeed returned no row');
    return row;
  }

  /** transitionFinancingNeed: the change, only if the need is still in the state it was read in. */
  async transition(id: string, from: string, set: Partial<NewFinancingNeed>): Promise<FinancingNeedRow | null> {
    const [row] = await this.db
      .update(t)
      .set(set)
      .where(and(eq(t.id, id), eq(t.status, from)))
      .returning();
    return row ?? null;
  }
}
