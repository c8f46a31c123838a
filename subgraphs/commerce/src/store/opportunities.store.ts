/**
 * Every SQL statement on `commerce.opportunities`, its event table and the outbox. The store is bound to the caller:
 * every read carries the visibility condition (published, or within the caller's scope) in its SQL.
 */
import type { Database } from '@qq/db/client';
import { opportunities, opportunityEvents } from '@qq/db/schema/commerce';
import {
  afterCursor,
  CITY_CODE,
  containsPattern,
  firstRowsPerKey,
  orderBy,
  readScope,
  type Page,
  type Principal,
} from '@qq/kit';
import { and, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { COMMERCE_SCOPE } from '../service/scope.ts';

export type OpportunityRow = typeof opportunities.$inferSelect;
export type NewOpportunity = typeof opportunities.$inferInsert;
export type NewEvent = typeof opportunityEvents.$inferInsert;

export interface OpportunityFilter {
  kind?: string | null;
  industryCode?: string | null;
  countyCode?: string | null;
  keyword?: string | null;
  status?: string | null;
}

/** The sort key of opportunity lists: newest submissions first. */
const ORDER = [opportunities.createdAt, opportunities.id];
export const opportunityCursor = (r: OpportunityRow): unknown[] => [r.createdAt, r.id];

function filterCondition(filter: OpportunityFilter): SQL | undefined {
  return and(
    filter.kind ? eq(opportunities.kind, filter.kind) : undefined,
    filter.industryCode ? eq(opportunities.industryCode, filter.industryCode) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(opportunities.countyCode, filter.countyCode) : undefined,
    filter.status ? eq(opportunities.status, filter.status) : undefined,
    // Served by the trigram index on search_text (two-character Chinese terms included).
    filter.keyword ? ilike(opportunities.searchText, containsPattern(filter.keyword)) : undefined,
  );
}

export class OpportunityStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  /** The same store on another connection (a transaction). */
  withDb(db: Database): OpportunityStore {
    return new OpportunityStore(db, this.principal);
  }

  /**
   * What the caller may read: published opportunities for everybody, plus the rows in the caller's scope (own
   * enterprise; commerce staff in their county; analysts and admins all). `undefined`: no restriction.
   */
  private visible(): SQL | undefined {
    const scope = readScope(
      this.principal,
      {
        departmentCode: opportunities.departmentCode,
        countyCode: opportunities.countyCode,
        enterpriseCode: opportunities.enterpriseCode,
      },
      COMMERCE_SCOPE,
    );
    return scope === undefined ? undefined : or(eq(opportunities.status, 'PUBLISHED'), scope);
  }

  /** findOpportunitiesByIds: the visible rows among these ids. */
  findByIds(ids: readonly string[]): Promise<OpportunityRow[]> {
    return this.db
      .select()
      .from(opportunities)
      .where(and(inArray(opportunities.id, [...ids]), this.visible()));
  }

  /** listOpportunities: one page of visible rows, newest first. */
  list(filter: OpportunityFilter, page: Page): Promise<OpportunityRow[]> {
    return this.db
      .select()
      .from(opportunities)
      .where(and(this.visible(), filterCondition(filter), afterCursor(ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countOpportunities: visible rows matching the filter. */
  async count(filter: OpportunityFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(opportunities)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** firstOpportunitiesByEnterprises: the newest `perParent` visible rows of each enterprise, in one statement. */
  async firstByEnterprises(codes: readonly string[], perParent: number): Promise<OpportunityRow[]> {
    return firstRowsPerKey(
      this.db,
      opportunities,
      opportunities.enterpriseCode,
      orderBy(ORDER, 'desc'),
      and(inArray(opportunities.enterpriseCode, [...codes]), this.visible()),
      perParent,
    );
  }

  /** countOpportunitiesByEnterprises: visible rows per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ code: opportunities.enterpriseCode, n: count() })
      .from(opportunities)
      .where(and(inArray(opportunities.enterpriseCode, [...codes]), this.visible()))
      .groupBy(opportunities.enterpriseCode);
    return new Map(rows.map((r) => [r.code ?? '', Number(r.n)]));
  }

  /** countPublishedByCounties: published rows per unit; every unit when the city (410400) is asked for. */
  async countPublishedByCounties(codes: readonly string[]): Promise<Map<string, number>> {
    const all = codes.includes(CITY_CODE);
    const rows = await this.db
      .select({ code: opportunities.countyCode, n: count() })
      .from(opportunities)
      .where(
        and(eq(opportunities.status, 'PUBLISHED'), all ? undefined : inArray(opportunities.countyCode, [...codes])),
      )
      .groupBy(opportunities.countyCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** insertOpportunity */
  async insert(values: NewOpportunity): Promise<OpportunityRow> {
    const [row] = await this.db.insert(opportunities).values(values).returning();
    if (!row) throw new Error('insertOpportunity returned no row');
    return row;
  }

  /** insertOpportunityEvent */
  async appendEvent(values: NewEvent): Promise<void> {
    await this.db.insert(opportunityEvents).values(values);
  }
}
