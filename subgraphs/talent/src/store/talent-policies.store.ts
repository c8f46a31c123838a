/**
 * Every SQL statement on `talent.talent_policies`. The store is bound to one caller: published policies are public
 * (Art. 8), drafts, withdrawn and expired ones are read by 人社局 staff of their scope, admins and analysts
 * (readScope).
 */
import type { Database } from '@qq/db/client';
import { talentPolicies, type TalentPolicyStatus } from '@qq/db/schema/talent';
import {
  afterCursor,
  CITY_CODE,
  containsPattern,
  firstRowsPerKey,
  isUuid,
  orderBy,
  publishedFilter,
  readScope,
  visibleWhen,
  type Page,
  type Principal,
  type Tx,
  anyOf,
} from '@qq/kit';
import { and, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { TALENT_SCOPE } from '../domain.ts';

export type TalentPolicyRow = typeof talentPolicies.$inferSelect;
export type NewTalentPolicy = typeof talentPolicies.$inferInsert;

export interface TalentPolicyFilter {
  /** A county's own policies and the city-wide ones; the city code: the city-wide ones only. */
  countyCode?: string | null;
  keyword?: string | null;
  status?: string | null;
  /** True: published and not updated for 90 days; false: the others. */
  stale?: boolean | null;
}

/** Newest first: by creation (drafts have no publication instant yet). */
const SORT = [talentPolicies.createdAt, talentPolicies.id];

export function policyCursor(row: TalentPolicyRow): unknown[] {
  return [row.createdAt, row.id];
}

function filterCondition(filter: TalentPolicyFilter, now: Date): SQL | undefined {
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
    publishedFilter(talentPolicies, filter, now),
  );
}

export class TalentPolicyStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): TalentPolicyStore {
    return new TalentPolicyStore(db, this.principal);
  }

  /** Rows the caller may read: published ones, or those of its scope. */
  private visible(): SQL | undefined {
    return visibleWhen(
      eq(talentPolicies.status, 'PUBLISHED'),
      readScope(
        this.principal,
        { departmentCode: talentPolicies.departmentCode, countyCode: talentPolicies.countyCode },
        TALENT_SCOPE,
      ),
    );
  }

  /** findTalentPoliciesByIds: visible rows among these ids (malformed ids match nothing). */
  async findByIds(ids: readonly string[]): Promise<TalentPolicyRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.db
      .select()
      .from(talentPolicies)
      .where(and(inArray(talentPolicies.id, valid), this.visible()));
  }

  /** listTalentPolicies: one page of visible rows, newest first. */
  async list(filter: TalentPolicyFilter, page: Page, now: Date): Promise<TalentPolicyRow[]> {
    return this.db
      .select()
      .from(talentPolicies)
      .where(and(this.visible(), filterCondition(filter, now), afterCursor(SORT, page.after, 'desc')))
      .orderBy(...orderBy(SORT, 'desc'))
      .limit(page.limit + 1);
  }

  /** countTalentPolicies: visible rows matching the filter. */
  async count(filter: TalentPolicyFilter, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(talentPolicies)
      .where(and(this.visible(), filterCondition(filter, now)));
    return Number(row?.n ?? 0);
  }

  /** firstTalentPoliciesByDepartments: the first `perParent` visible policies of each department, newest first. */
  async firstByDepartments(codes: readonly string[], perParent: number): Promise<TalentPolicyRow[]> {
    if (codes.length === 0) return [];
    return firstRowsPerKey(
      this.db,
      talentPolicies,
      talentPolicies.departmentCode,
      orderBy(SORT, 'desc'),
      and(anyOf(talentPolicies.departmentCode, codes), this.visible()),
      perParent,
    );
  }

  /** countTalentPoliciesByDepartments: visible rows per department. */
  async countByDepartments(codes: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .select({ code: talentPolicies.departmentCode, n: count() })
      .from(talentPolicies)
      .where(and(anyOf(talentPolicies.departmentCode, codes), this.visible()))
      .groupBy(talentPolicies.departmentCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** insertTalentPolicy */
  async insert(values: NewTalentPolicy): Promise<TalentPolicyRow> {
    const [row] = await this.db.insert(talentPolicies).values(values).returning();
    if (!row) throw new Error('insertTalentPolicy returned no row');
    return row;
  }

  /** transitionTalentPolicy: the change, only if the policy is still in the state and version it was read in. */
  async transition(
    id: string,
    from: { status: string; version?: number },
    set: Partial<NewTalentPolicy>,
  ): Promise<TalentPolicyRow | null> {
    const [row] = await this.db
      .update(talentPolicies)
      .set(set)
      .where(
        and(
          eq(talentPolicies.id, id),
          eq(talentPolicies.status, from.status as TalentPolicyStatus),
          eq(talentPolicies.version, from.version ?? 1),
        ),
      )
      .returning();
    return row ?? null;
  }
}
