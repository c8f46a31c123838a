/**
 * Every SQL statement on `commerce.opportunities`. The store is bound to the caller: every read carries the
 * visibility condition (published, or within the caller's scope: own enterprise, 商务局 staff of the county, admins
 * and analysts) in its SQL.
 */
import type { Database } from '@qq/db/client';
import { opportunities } from '@qq/db/schema/commerce';
import {
  afterCursor,
  CITY_CODE,
  containsPattern,
  pagePerKey,
  type PagePerKey,
  isCurrent,
  orderBy,
  type Page,
  type Principal,
  readScope,
  type Tx,
  visibleWhen,
  anyOf,
} from '@qq/kit';
import { and, count, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { COMMERCE_SCOPE } from '../domain.ts';

export type OpportunityRow = typeof opportunities.$inferSelect;
export type NewOpportunity = typeof opportunities.$inferInsert;

export interface OpportunityFilter {
  kind?: string | null;
  industryCode?: string | null;
  countyCode?: string | null;
  keyword?: string | null;
  status?: string | null;
}

/** The enterprise a feed is for: its own posts are left out, posts of its industry and unit come first. */
export interface FeedFor {
  enterpriseCode: string;
  industryCode: string | null;
  countyCode: string | null;
  kind?: string | null;
}

/** A feed page starts after `(rank, createdAt, id)`. */
export interface FeedPage {
  limit: number;
  after: [number, string, string] | null;
}

/** The sort key of opportunity lists: newest submissions first. */
const ORDER = [opportunities.createdAt, opportunities.id];
export const opportunityCursor = (r: OpportunityRow): unknown[] => [r.createdAt, r.id];

const t = opportunities;

function filterCondition(filter: OpportunityFilter): SQL | undefined {
  return and(
    filter.kind ? eq(t.kind, filter.kind) : undefined,
    filter.industryCode ? eq(t.industryCode, filter.industryCode) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(t.countyCode, filter.countyCode) : undefined,
    filter.status ? eq(t.status, filter.status) : undefined,
    // Served by the trigram index on search_text (two-character Chinese terms included).
    filter.keyword ? ilike(t.searchText, containsPattern(filter.keyword)) : undefined,
  );
}

/** 0: same industry and unit; 1: same industry; 2: same unit; 3: the rest. */
function rankOf(feed: FeedFor): SQL<number> {
  return sql<number>`(case
    when ${t.industryCode} = ${feed.industryCode ?? ''} and ${t.countyCode} = ${feed.countyCode ?? ''} then 0
    when ${t.industryCode} = ${feed.industryCode ?? ''} then 1
    when ${t.countyCode} = ${feed.countyCode ?? ''} then 2
    else 3 end)::int`;
}

export class OpportunityStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  /** The same store on another connection (a transaction). */
  withDb(db: Database | Tx): OpportunityStore {
    return new OpportunityStore(db, this.principal);
  }

  private visible(): SQL | undefined {
    return visibleWhen(
      eq(t.status, 'PUBLISHED'),
      readScope(
        this.principal,
        { departmentCode: t.departmentCode, countyCode: t.countyCode, enterpriseCode: t.enterpriseCode },
        COMMERCE_SCOPE,
      ),
    );
  }

  /** findOpportunitiesByIds: the visible rows among these ids. */
  findByIds(ids: readonly string[]): Promise<OpportunityRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.id, ids), this.visible()));
  }

  /** listOpportunities: one page of visible rows, newest first. */
  list(filter: OpportunityFilter, page: Page): Promise<OpportunityRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(this.visible(), filterCondition(filter), afterCursor(ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countOpportunities: visible rows matching the filter. */
  async count(filter: OpportunityFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(t)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  private feedCondition(feed: FeedFor, now: Date): SQL {
    return and(
      isCurrent(t, now),
      ne(t.enterpriseCode, feed.enterpriseCode),
      feed.kind ? eq(t.kind, feed.kind) : undefined,
    )!;
  }

  /** listOpportunityFeed: current opportunities of other enterprises, best match first, then newest. */
  async feed(feed: FeedFor, page: FeedPage, now: Date): Promise<Array<OpportunityRow & { rank: number }>> {
    const rank = rankOf(feed);
    const after = page.after
      ? or(
          sql`${rank} > ${page.after[0]}`,
          and(sql`${rank} = ${page.after[0]}`, sql`(${t.createdAt}, ${t.id}) < (${page.after[1]}, ${page.after[2]})`),
        )
      : undefined;
    return this.db
      .select({ row: t, rank })
      .from(t)
      .where(and(this.feedCondition(feed, now), after))
      .orderBy(rank, sql`${t.createdAt} desc`, sql`${t.id} desc`)
      .limit(page.limit + 1)
      .then((rows) => rows.map((r) => ({ ...r.row, rank: Number(r.rank) })));
  }

  /** countOpportunityFeed */
  async feedCount(feed: FeedFor, now: Date): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(t).where(this.feedCondition(feed, now));
    return Number(row?.n ?? 0);
  }

  /**
   * firstOpportunitiesByEnterprises: the newest `perParent` visible rows of each enterprise and how many each has, in one
   * statement.
   */
  async firstByEnterprises(codes: readonly string[], perParent: number): Promise<PagePerKey<OpportunityRow>> {
    return pagePerKey(
      this.db,
      t,
      t.enterpriseCode,
      orderBy(ORDER, 'desc'),
      and(anyOf(t.enterpriseCode, codes), this.visible()),
      perParent,
    );
  }

  /** countOpportunitiesByEnterprises: visible rows per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ code: t.enterpriseCode, n: count() })
      .from(t)
      .where(and(anyOf(t.enterpriseCode, codes), this.visible()))
      .groupBy(t.enterpriseCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** countOpportunitiesByCounties: published (`current` false) or current rows per unit; every unit for the city. */
  async countByCounties(codes: readonly string[], now: Date, current: boolean): Promise<Map<string, number>> {
    const all = codes.includes(CITY_CODE);
    const rows = await this.db
      .select({ code: t.countyCode, n: count() })
      .from(t)
      .where(and(current ? isCurrent(t, now) : eq(t.status, 'PUBLISHED'), all ? undefined : anyOf(t.countyCode, codes)))
      .groupBy(t.countyCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** insertOpportunity */
  async insert(values: NewOpportunity): Promise<OpportunityRow> {
    const [row] = await this.db.insert(t).values(values).returning();
    if (!row) throw new Error('insertOpportunity returned no row');
    return row;
  }

  /** transitionOpportunity: the change, only if still in the state and version it was read in. */
  async transition(id: string, from: { status: string; version: number }, set: Partial<NewOpportunity>) {
    const [row] = await this.db
      .update(t)
      .set(set)
      .where(and(eq(t.id, id), eq(t.status, from.status), eq(t.version, from.version)))
      .returning();
    return row ?? null;
  }
}
