/** Every SQL statement on `commerce.parks`. Parks are public: no row scope applies to them. */
import type { Database } from '@qq/db/client';
import { parks } from '@qq/db/schema/commerce';
import { afterCursor, CITY_CODE, orderBy, type Page } from '@qq/kit';
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';

export type ParkRow = typeof parks.$inferSelect;

export interface ParkFilter {
  countyCode?: string | null;
  level?: string | null;
}

/** The sort key of the park list: national parks first, then by name. */
export const PARK_ORDER = [parks.levelRank, parks.name, parks.id];
export const parkCursor = (r: ParkRow): unknown[] => [r.levelRank, r.name, r.id];

function filterCondition(filter: ParkFilter): SQL | undefined {
  return and(
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(parks.countyCode, filter.countyCode) : undefined,
    filter.level ? eq(parks.level, filter.level) : undefined,
  );
}

export class ParkStore {
  constructor(private readonly db: Database) {}

  /** findParksByIds */
  findByIds(ids: readonly string[]): Promise<ParkRow[]> {
    return this.db
      .select()
      .from(parks)
      .where(inArray(parks.id, [...ids]));
  }

  /** listParks: one page, national parks first, then by name. */
  list(filter: ParkFilter, page: Page): Promise<ParkRow[]> {
    return this.db
      .select()
      .from(parks)
      .where(and(filterCondition(filter), afterCursor(PARK_ORDER, page.after, 'asc')))
      .orderBy(...orderBy(PARK_ORDER, 'asc'))
      .limit(page.limit + 1);
  }

  /** countParks */
  async count(filter: ParkFilter): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(parks).where(filterCondition(filter));
    return Number(row?.n ?? 0);
  }

  /** findParksByCounties: the parks of these units in list order; the city (410400) asks for every park. */
  findByCounties(codes: readonly string[]): Promise<ParkRow[]> {
    const all = codes.includes(CITY_CODE);
    return this.db
      .select()
      .from(parks)
      .where(all ? undefined : inArray(parks.countyCode, [...codes]))
      .orderBy(asc(parks.levelRank), asc(parks.name), asc(parks.id));
  }
}
