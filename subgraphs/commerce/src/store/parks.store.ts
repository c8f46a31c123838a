/**
 * Every SQL statement on `commerce.parks`. Published parks are public; drafts, expired and withdrawn parks are read
 * by 发改委 staff of their scope (the city's: all), admins and analysts: the condition is in every query.
 */
import type { Database } from '@qq/db/client';
import { parks } from '@qq/db/schema/commerce';
import {
  afterCursor,
  CITY_CODE,
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
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { PARK_SCOPE } from '../domain.ts';

export type ParkRow = typeof parks.$inferSelect;
export type NewPark = typeof parks.$inferInsert;

export interface ParkFilter extends PublishedFilter {
  countyCode?: string | null;
  level?: string | null;
}

/** The sort key of the park list: national parks first, then by name. */
export const PARK_ORDER = [parks.levelRank, parks.name, parks.id];
export const parkCursor = (r: ParkRow): unknown[] => [r.levelRank, r.name, r.id];

export class ParkStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): ParkStore {
    return new ParkStore(db, this.principal);
  }

  private visible(): SQL | undefined {
    return visibleWhen(
      eq(parks.status, 'PUBLISHED'),
      readScope(this.principal, { departmentCode: parks.departmentCode, countyCode: parks.countyCode }, PARK_SCOPE),
    );
  }

  private filterCondition(filter: ParkFilter, now: Date): SQL | undefined {
    return and(
      filter.countyCode && filter.countyCode !== CITY_CODE ? eq(parks.countyCode, filter.countyCode) : undefined,
      filter.level ? eq(parks.level, filter.level) : undefined,
      publishedFilter(parks, filter, now),
    );
  }

  /** findParksByIds: the visible parks among these ids. */
  findByIds(ids: readonly string[]): Promise<ParkRow[]> {
    return this.db
      .select()
      .from(parks)
      .where(and(anyOf(parks.id, ids), this.visible()));
  }

  /** listParks: one page of visible parks, national parks first, then by name. */
  list(filter: ParkFilter, page: Page, now: Date): Promise<ParkRow[]> {
    return this.db
      .select()
      .from(parks)
      .where(and(this.visible(), this.filterCondition(filter, now), afterCursor(PARK_ORDER, page.after, 'asc')))
      .orderBy(...orderBy(PARK_ORDER, 'asc'))
      .limit(page.limit + 1);
  }

  /** countParks */
  async count(filter: ParkFilter, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(parks)
      .where(and(this.visible(), this.filterCondition(filter, now)));
    return Number(row?.n ?? 0);
  }

  /** findPublishedParksByCounties: in list order; the city (410400) asks for every park. */
  findPublishedByCounties(codes: readonly string[]): Promise<ParkRow[]> {
    const all = codes.includes(CITY_CODE);
    return this.db
      .select()
      .from(parks)
      .where(and(eq(parks.status, 'PUBLISHED'), all ? undefined : anyOf(parks.countyCode, codes)))
      .orderBy(asc(parks.levelRank), asc(parks.name), asc(parks.id));
  }

  /** insertPark */
  async insert(values: NewPark): Promise<ParkRow> {
    const [row] = await this.db.insert(parks).values(values).returning();
    if (!row) throw new Error('insertPark returned no row');
    return row;
  }

  /** transitionPark: the change, only if the park is still in the state and version it was read in. */
  async transition(id: string, from: { status: string; version: number }, set: Partial<NewPark>) {
    const [row] = await this.db
      .update(parks)
      .set(set)
      .where(and(eq(parks.id, id), eq(parks.status, from.status), eq(parks.version, from.version)))
      .returning();
    return row ?? null;
  }
}
