/** Every SQL statement on `platform.enterprises`. */
import type { Database } from '@qq/db/client';
import { enterprises } from '@qq/db/schema/platform';
import { afterCursor, containsPattern, firstRowsPerKey, orderBy, type Page, anyOf } from '@qq/kit';
import { and, count, eq, ilike, type SQL } from 'drizzle-orm';

export type EnterpriseRow = typeof enterprises.$inferSelect;

export interface EnterpriseFilter {
  countyCode?: string | null;
  industryCode?: string | null;
  scale?: string | null;
  nameContains?: string | null;
}

function filterCondition(filter: EnterpriseFilter): SQL | undefined {
  return and(
    filter.countyCode ? eq(enterprises.countyCode, filter.countyCode) : undefined,
    filter.industryCode ? eq(enterprises.industryCode, filter.industryCode) : undefined,
    filter.scale ? eq(enterprises.scale, filter.scale) : undefined,
    // Served by the pg_trgm GIN index on name.
    filter.nameContains ? ilike(enterprises.name, containsPattern(filter.nameContains)) : undefined,
  );
}

export class EnterpriseStore {
  constructor(private readonly db: Database) {}

  /** findByCodes: rows in key order, null where missing. */
  async findByCodes(codes: readonly string[]): Promise<EnterpriseRow[]> {
    return this.db.select().from(enterprises).where(anyOf(enterprises.creditCode, codes));
  }

  /** list: one page ordered by credit code, newest codes first. */
  async list(filter: EnterpriseFilter, page: Page): Promise<EnterpriseRow[]> {
    return this.db
      .select()
      .from(enterprises)
      .where(and(filterCondition(filter), afterCursor([enterprises.creditCode], page.after, 'desc')))
      .orderBy(...orderBy([enterprises.creditCode], 'desc'))
      .limit(page.limit + 1);
  }

  /** firstByCounties: the first `perCounty` enterprises of each county, newest codes first, in one statement. */
  async firstByCounties(codes: readonly string[], perCounty: number): Promise<EnterpriseRow[]> {
    return firstRowsPerKey(
      this.db,
      enterprises,
      enterprises.countyCode,
      orderBy([enterprises.creditCode], 'desc'),
      anyOf(enterprises.countyCode, codes),
      perCounty,
    );
  }

  /** countFiltered */
  async count(filter: EnterpriseFilter): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(enterprises).where(filterCondition(filter));
    return Number(row?.n ?? 0);
  }

  /** countByCounties: enterprises per county code. */
  async countByCounties(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ countyCode: enterprises.countyCode, n: count() })
      .from(enterprises)
      .where(anyOf(enterprises.countyCode, codes))
      .groupBy(enterprises.countyCode);
    return new Map(rows.map((r) => [r.countyCode, Number(r.n)]));
  }
}
