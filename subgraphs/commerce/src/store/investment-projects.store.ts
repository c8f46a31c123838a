/**
 * Every SQL statement on `commerce.investment_projects`. Published projects are public; the others are read by the
 * staff of their scope (商务局 leads: every project of its county; 发改委: its own), admins and analysts.
 */
import type { Database } from '@qq/db/client';
import { investmentProjects } from '@qq/db/schema/commerce';
import {
  afterCursor,
  CITY_CODE,
  containsPattern,
  isCurrent,
  orderBy,
  type Page,
  type Principal,
  type PublishedFilter,
  publishedFilter,
  readScope,
  type Tx,
  visibleWhen,
  anyOf,
} from '@qq/kit';
import { and, count, desc, eq, ilike, type SQL } from 'drizzle-orm';
import { COMMERCE_SCOPE } from '../domain.ts';

export type InvestmentProjectRow = typeof investmentProjects.$inferSelect;
export type NewInvestmentProject = typeof investmentProjects.$inferInsert;

export interface InvestmentProjectFilter extends PublishedFilter {
  countyCode?: string | null;
  industryCode?: string | null;
  stage?: string | null;
  parkId?: string | null;
  keyword?: string | null;
}

/** Newest first. */
const ORDER = [investmentProjects.createdAt, investmentProjects.id];
export const investmentProjectCursor = (r: InvestmentProjectRow): unknown[] => [r.createdAt, r.id];

const t = investmentProjects;

export class InvestmentProjectStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): InvestmentProjectStore {
    return new InvestmentProjectStore(db, this.principal);
  }

  private visible(): SQL | undefined {
    return visibleWhen(
      eq(t.status, 'PUBLISHED'),
      readScope(this.principal, { departmentCode: t.departmentCode, countyCode: t.countyCode }, COMMERCE_SCOPE),
    );
  }

  private filterCondition(filter: InvestmentProjectFilter, now: Date): SQL | undefined {
    return and(
      filter.countyCode && filter.countyCode !== CITY_CODE ? eq(t.countyCode, filter.countyCode) : undefined,
      filter.industryCode ? eq(t.industryCode, filter.industryCode) : undefined,
      filter.stage ? eq(t.stage, filter.stage) : undefined,
      filter.parkId ? eq(t.parkId, filter.parkId) : undefined,
      filter.keyword ? ilike(t.title, containsPattern(filter.keyword)) : undefined,
      publishedFilter(t, filter, now),
    );
  }

  /** findInvestmentProjectsByIds: the visible projects among these ids. */
  findByIds(ids: readonly string[]): Promise<InvestmentProjectRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.id, ids), this.visible()));
  }

  /** listInvestmentProjects: one page of visible projects, newest first. */
  list(filter: InvestmentProjectFilter, page: Page, now: Date): Promise<InvestmentProjectRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(this.visible(), this.filterCondition(filter, now), afterCursor(ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countInvestmentProjects */
  async count(filter: InvestmentProjectFilter, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(t)
      .where(and(this.visible(), this.filterCondition(filter, now)));
    return Number(row?.n ?? 0);
  }

  /** findPublishedProjectsByParks: newest first. */
  findPublishedByParks(parkIds: readonly string[]): Promise<InvestmentProjectRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.parkId, parkIds), eq(t.status, 'PUBLISHED')))
      .orderBy(desc(t.createdAt), desc(t.id));
  }

  /** countProjectsByCounties: published (`current` false) or current projects per unit. */
  async countByCounties(codes: readonly string[], now: Date, current: boolean): Promise<Map<string, number>> {
    const all = codes.includes(CITY_CODE);
    const rows = await this.db
      .select({ code: t.countyCode, n: count() })
      .from(t)
      .where(and(current ? isCurrent(t, now) : eq(t.status, 'PUBLISHED'), all ? undefined : anyOf(t.countyCode, codes)))
      .groupBy(t.countyCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** insertInvestmentProject */
  async insert(values: NewInvestmentProject): Promise<InvestmentProjectRow> {
    const [row] = await this.db.insert(t).values(values).returning();
    if (!row) throw new Error('insertInvestmentProject returned no row');
    return row;
  }

  /** transitionInvestmentProject: the change, only if still in the state and version it was read in. */
  async transition(id: string, from: { status: string; version: number }, set: Partial<NewInvestmentProject>) {
    const [row] = await this.db
      .update(t)
      .set(set)
      .where(and(eq(t.id, id), eq(t.status, from.status), eq(t.version, from.version)))
      .returning();
    return row ?? null;
  }
}
