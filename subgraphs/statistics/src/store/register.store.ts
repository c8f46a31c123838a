/**
 * Every SQL statement on `statistics.above_scale`, the 四上企业 register. Who is in the register is public information
 * (it is published with the statistical bulletins), so reads here carry no row scope; the figures, in the reports
 * store, always do.
 */
import type { Database } from '@qq/db/client';
import { aboveScale, type AboveScaleCategory } from '@qq/db/schema/statistics';
import { afterCursor, CITY_CODE, orderBy, type Page, type Tx, anyOf } from '@qq/kit';
import { and, asc, count, countDistinct, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';

export type RegisterRow = typeof aboveScale.$inferSelect;

export interface RegisterFilter {
  category?: AboveScaleCategory | null;
  /** A county-level unit; null (or the city) for all. */
  countyCode?: string | null;
  /** The day the register is read at, YYYY-MM-DD. */
  asOf: string;
}

/** Records in force on `day`: `since` and `until` are both days in the register. */
function inForceOn(day: string): SQL {
  return and(lte(aboveScale.since, day), or(isNull(aboveScale.until), gte(aboveScale.until, day)))!;
}

function filterCondition(filter: RegisterFilter): SQL | undefined {
  return and(
    inForceOn(filter.asOf),
    filter.category ? eq(aboveScale.category, filter.category) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(aboveScale.countyCode, filter.countyCode) : undefined,
  );
}

const LIST_KEY = [aboveScale.enterpriseCode, aboveScale.category, aboveScale.since];

export class RegisterStore {
  constructor(private readonly db: Database) {}

  /** listRegister: one page in (credit code, category, since) order. */
  list(filter: RegisterFilter, page: Page): Promise<RegisterRow[]> {
    return this.db
      .select()
      .from(aboveScale)
      .where(and(filterCondition(filter), afterCursor(LIST_KEY, page.after, 'asc')))
      .orderBy(...orderBy(LIST_KEY, 'asc'))
      .limit(page.limit + 1);
  }

  /** countRegister */
  async count(filter: RegisterFilter): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(aboveScale).where(filterCondition(filter));
    return Number(row?.n ?? 0);
  }

  /** recordsInForceByEnterprises: the records of many enterprises in force on `day`, in category order. */
  inForceByEnterprises(codes: readonly string[], day: string): Promise<RegisterRow[]> {
    return this.db
      .select()
      .from(aboveScale)
      .where(and(anyOf(aboveScale.enterpriseCode, codes), inForceOn(day)))
      .orderBy(asc(aboveScale.enterpriseCode), asc(aboveScale.category));
  }

  /**
   * countRegisterByCounties: distinct enterprises in force on `day` per county; with the city among the codes, the
   * city total comes from the same statement (`grouping sets`), an enterprise in two categories counted once.
   */
  async countEnterprisesByCounties(codes: readonly string[], day: string): Promise<Map<string, number>> {
    const counties = codes.filter((c) => c !== CITY_CODE);
    const withCity = counties.length < codes.length;
    const n = countDistinct(aboveScale.enterpriseCode);
    const rows = withCity
      ? await this.db
          .select({ countyCode: aboveScale.countyCode, total: sql<number>`grouping(${aboveScale.countyCode})`, n })
          .from(aboveScale)
          .where(inForceOn(day))
          .groupBy(sql`grouping sets ((${aboveScale.countyCode}), ())`)
      : await this.db
          .select({ countyCode: aboveScale.countyCode, total: sql<number>`0`, n })
          .from(aboveScale)
          .where(and(inForceOn(day), inArray(aboveScale.countyCode, counties)))
          .groupBy(aboveScale.countyCode);
    return new Map(rows.map((r) => [Number(r.total) === 1 ? CITY_CODE : r.countyCode, Number(r.n)]));
  }

  /**
   * recordsForFiling: the enterprise's records in one of `categories` in force on some day of the period
   * [`first`, `last`], locked against a concurrent change of the register while the report is filed.
   */
  forFiling(
    tx: Tx,
    enterpriseCode: string,
    categories: readonly AboveScaleCategory[],
    first: string,
    last: string,
  ): Promise<RegisterRow[]> {
    return tx
      .select()
      .from(aboveScale)
      .where(
        and(
          eq(aboveScale.enterpriseCode, enterpriseCode),
          anyOf(aboveScale.category, categories),
          lte(aboveScale.since, last),
          or(isNull(aboveScale.until), gte(aboveScale.until, first)),
        ),
      )
      .orderBy(asc(aboveScale.since))
      .for('share');
  }
}
