/**
 * Every SQL statement on `commerce.financing_needs` and its event table. Financing needs are private: every read
 * carries the caller's scope (own enterprise; commerce staff in their county; analysts and admins all) in its SQL.
 */
import type { Database } from '@qq/db/client';
import { financingNeedEvents, financingNeeds } from '@qq/db/schema/commerce';
import { afterCursor, CITY_CODE, firstRowsPerKey, orderBy, readScope, type Page, type Principal } from '@qq/kit';
import { and, count, eq, inArray, type SQL } from 'drizzle-orm';
import { COMMERCE_SCOPE } from '../service/scope.ts';

export type FinancingNeedRow = typeof financingNeeds.$inferSelect;
export type NewFinancingNeed = typeof financingNeeds.$inferInsert;
export type NewFinancingEvent = typeof financingNeedEvents.$inferInsert;

export interface FinancingNeedFilter {
  status?: string | null;
  countyCode?: string | null;
}

/** The sort key of financing need lists: newest first. */
const ORDER = [financingNeeds.createdAt, financingNeeds.id];
export const financingNeedCursor = (r: FinancingNeedRow): unknown[] => [r.createdAt, r.id];

function filterCondition(filter: FinancingNeedFilter): SQL | undefined {
  return and(
    filter.status ? eq(financingNeeds.status, filter.status) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(financingNeeds.countyCode, filter.countyCode) : undefined,
  );
}

export class FinancingNeedStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database): FinancingNeedStore {
    return new FinancingNeedStore(db, this.principal);
  }

  /** The rows the caller may read; `undefined`: no restriction. */
  private visible(): SQL | undefined {
    return readScope(
      this.principal,
      {
        departmentCode: financingNeeds.departmentCode,
        countyCode: financingNeeds.countyCode,
        enterpriseCode: financingNeeds.enterpriseCode,
      },
      COMMERCE_SCOPE,
    );
  }

  /** findFinancingNeedsByIds: the visible rows among these ids. */
  findByIds(ids: readonly string[]): Promise<FinancingNeedRow[]> {
    return this.db
      .select()
      .from(financingNeeds)
      .where(and(inArray(financingNeeds.id, [...ids]), this.visible()));
  }

  /** listFinancingNeeds: one page of visible rows, newest first. */
  list(filter: FinancingNeedFilter, page: Page): Promise<FinancingNeedRow[]> {
    return this.db
      .select()
      .from(financingNeeds)
      .where(and(this.visible(), filterCondition(filter), afterCursor(ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countFinancingNeeds: visible rows matching the filter. */
  async count(filter: FinancingNeedFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(financingNeeds)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** firstFinancingNeedsByEnterprises: the newest `perParent` visible rows of each enterprise, in one statement. */
  async firstByEnterprises(codes: readonly string[], perParent: number): Promise<FinancingNeedRow[]> {
    return firstRowsPerKey(
      this.db,
      financingNeeds,
      financingNeeds.enterpriseCode,
      orderBy(ORDER, 'desc'),
      and(inArray(financingNeeds.enterpriseCode, [...codes]), this.visible()),
      perParent,
    );
  }

  /** countFinancingNeedsByEnterprises: visible rows per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ code: financingNeeds.enterpriseCode, n: count() })
      .from(financingNeeds)
      .where(and(inArray(financingNeeds.enterpriseCode, [...codes]), this.visible()))
      .groupBy(financingNeeds.enterpriseCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** insertFinancingNeed */
  async insert(values: NewFinancingNeed): Promise<FinancingNeedRow> {
    const [row] = await this.db.insert(financingNeeds).values(values).returning();
    if (!row) throw new Error('insertFinancingNeed returned no row');
    return row;
  }

  /** insertFinancingNeedEvent */
  async appendEvent(values: NewFinancingEvent): Promise<void> {
    await this.db.insert(financingNeedEvents).values(values);
  }
}
