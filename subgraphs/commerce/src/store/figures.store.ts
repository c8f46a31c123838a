/**
 * Figures of the listings units keep (Art. 8, counted by the monthly evaluation): current and stale parks,
 * investment projects and bank products per unit or per department, in one statement per batch.
 */
import type { Database } from '@qq/db/client';
import { bankProducts, investmentProjects, parks } from '@qq/db/schema/commerce';
import { chinaDay, CITY_CODE, rowsOf, staleBefore, type Tx } from '@qq/kit';
import { sql, type SQL } from 'drizzle-orm';

export type FigureKind = 'park' | 'investmentProject' | 'bankProduct';

export interface ListingFigures {
  currentParks: number;
  currentInvestmentProjects: number;
  currentBankProducts: number;
  staleParks: number;
  staleInvestmentProjects: number;
  staleBankProducts: number;
}

export const NO_FIGURES: ListingFigures = {
  currentParks: 0,
  currentInvestmentProjects: 0,
  currentBankProducts: 0,
  staleParks: 0,
  staleInvestmentProjects: 0,
  staleBankProducts: 0,
};

const FIELD: Record<
  FigureKind,
  ['currentParks' | 'currentInvestmentProjects' | 'currentBankProducts', keyof ListingFigures]
> = {
  park: ['currentParks', 'staleParks'],
  investmentProject: ['currentInvestmentProjects', 'staleInvestmentProjects'],
  bankProduct: ['currentBankProducts', 'staleBankProducts'],
};

export class FigureStore {
  constructor(private readonly db: Database | Tx) {}

  /**
   * countListingFigures: per key (a unit's code, or a department's), the current and stale listings. `by` county:
   * the city (410400) adds up every unit.
   */
  async figures(by: 'county' | 'department', keys: readonly string[], now: Date): Promise<Map<string, ListingFigures>> {
    const today = chinaDay(now);
    const before = staleBefore(now).toISOString();
    const all = by === 'county' && keys.includes(CITY_CODE);
    const part = (kind: FigureKind, table: typeof parks | typeof investmentProjects | typeof bankProducts): SQL => {
      const key = by === 'county' ? table.countyCode : table.departmentCode;
      const only = all
        ? sql``
        : sql` and ${key} in (${sql.join(
            keys.map((k) => sql`${k}`),
            sql`, `,
          )})`;
      return sql`select ${key} as key, ${sql.raw(`'${kind}'`)} as kind,
          (${table.expiresOn} is null or ${table.expiresOn} >= ${today}) as current,
          (${table.revisedAt} < ${before}::timestamptz) as stale
        from ${table} where ${table.status} = 'PUBLISHED'${only}`;
    };
    const result = await this.db.execute(sql`
      select key, kind, count(*) filter (where current) as current, count(*) filter (where stale) as stale from (
        ${part('park', parks)} union all ${part('investmentProject', investmentProjects)}
        union all ${part('bankProduct', bankProducts)}
      ) listed group by key, kind`);
    const out = new Map<string, ListingFigures>();
    const city: ListingFigures = { ...NO_FIGURES };
    for (const row of rowsOf<{ key: string; kind: FigureKind; current: unknown; stale: unknown }>(result)) {
      const figures = out.get(row.key) ?? { ...NO_FIGURES };
      const [current, stale] = FIELD[row.kind];
      figures[current] += Number(row.current);
      figures[stale] += Number(row.stale);
      city[current] += Number(row.current);
      city[stale] += Number(row.stale);
      out.set(row.key, figures);
    }
    if (all) out.set(CITY_CODE, city);
    return out;
  }
}
