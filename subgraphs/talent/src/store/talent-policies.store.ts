/**
 * Every SQL statement on `talent.talent_policies`. Talent policies are published information (Art. 8): every row is
 * public, so no caller condition applies.
 */
import type { Database } from '@qq/db/client';
import { talentPolicies } from '@qq/db/schema/talent';
import { CITY_CODE, afterCursor, containsPattern, firstRowsPerKey, isUuid, orderBy, type Page } from '@qq/kit';
import { and, count, ilike, inArray, or, type SQL } from 'drizzle-orm';

export type TalentPolicyRow = typeof talentPolicies.$inferSelect;

export interface TalentPolicyFilter {
  countyCode?: string | null;
  keyword?: string | null;
}

const SORT = [talentPolicies.publishedAt, talentPolicies.id];

export function policyCursor(row: TalentPolicyRow): unknown[] {
  return [row.publishedAt, row.id];
}

function filterCondition(filter: TalentPolicyFilter): SQL | undefined {
  const keyword = filter.keyword ? containsPattern(filter.keyword) : null;
  return and(
    // A county's own policies and the city-wide ones apply there.
    filter.countyCode ? inArray(talentPolicies.countyCode, [...new Set([filter.countyCode, CITY_CODE])]) : undefined,
    keyword
      ? or(
          ilike(talentPolicies.title, keyword),
          ilike(talentPolicies.summary, keyword),
          ilike(talentPolicies.body, keyword),
        )
      : undefined,
  );
}

export class TalentPolicyStore {
  constructor(private readonly db: Database) {}

  /** findTalentPoliciesByIds (malformed ids match nothing) */
  async findByIds(ids: readonly string[]): Promise<TalentPolicyRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.db.select().from(talentPolicies).where(inArray(talentPolicies.id, valid));
  }

  /** listTalentPolicies: one page, newest first. */
  async list(filter: TalentPolicyFilter, page: Page): Promise<TalentPolicyRow[]> {
    return this.db
      .select()
      .from(talentPolicies)
      .where(and(filterCondition(filter), afterCursor(SORT, page.after, 'desc')))
      .orderBy(...orderBy(SORT, 'desc'))
      .limit(page.limit + 1);
  }

  /** countTalentPolicies */
  async count(filter: TalentPolicyFilter): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(talentPolicies).where(filterCondition(filter));
    return Number(row?.n ?? 0);
  }

  /** firstTalentPoliciesByDepartments: the first `perParent` policies of each department, newest first. */
  async firstByDepartments(codes: readonly string[], perParent: number): Promise<TalentPolicyRow[]> {
    if (codes.length === 0) return [];
    return firstRowsPerKey(
      this.db,
      talentPolicies,
      talentPolicies.departmentCode,
      orderBy(SORT, 'desc'),
      inArray(talentPolicies.departmentCode, [...codes]),
      perParent,
    );
  }

  /** countTalentPoliciesByDepartments */
  async countByDepartments(codes: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .select({ code: talentPolicies.departmentCode, n: count() })
      .from(talentPolicies)
      .where(inArray(talentPolicies.departmentCode, [...codes]))
      .groupBy(talentPolicies.departmentCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }
}
