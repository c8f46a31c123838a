/**
 * Every SQL statement on the policy aggregate: `policies.policies`, `policies.redemption_items` and
 * `policies.policy_events`. The store is bound to the caller: every read of rows that are not public carries the
 * caller's scope in its WHERE clause.
 */
import type { Database } from '@qq/db/client';
import { policies, policyEvents, redemptionItems, type PolicyStatus } from '@qq/db/schema/policies';
import { afterCursor, containsPattern, firstRowsPerKey, orderBy, readScope, type Page, type Principal } from '@qq/kit';
import { and, arrayContains, asc, count, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { MODULE_SCOPE } from '../access.ts';

export type PolicyRow = typeof policies.$inferSelect;
export type ItemRow = typeof redemptionItems.$inferSelect;
export type NewPolicy = typeof policies.$inferInsert;
export type NewItem = typeof redemptionItems.$inferInsert;
export type NewPolicyEvent = typeof policyEvents.$inferInsert;
/** An item with the state of its policy, read when an enterprise applies. */
export type ItemWithPolicy = ItemRow & { policyStatus: PolicyStatus };

export interface PolicyFilter {
  keyword?: string | null;
  departmentCode?: string | null;
  countyCode?: string | null;
  industry?: string | null;
  status?: PolicyStatus | null;
}

/** Sort key of every policy list: newest documents first. */
export const POLICY_ORDER = [policies.issuedAt, policies.id];
export const policyCursor = (p: PolicyRow): unknown[] => [p.issuedAt, p.id];

const published = eq(policies.status, 'PUBLISHED');

function filterCondition(filter: PolicyFilter): SQL | undefined {
  const pattern = filter.keyword ? containsPattern(filter.keyword) : null;
  return and(
    pattern ? or(ilike(policies.title, pattern), ilike(policies.summary, pattern)) : undefined,
    filter.departmentCode ? eq(policies.departmentCode, filter.departmentCode) : undefined,
    filter.countyCode ? eq(policies.countyCode, filter.countyCode) : undefined,
    // A policy without industries applies to every industry.
    filter.industry
      ? or(arrayContains(policies.industries, [filter.industry]), sql`cardinality(${policies.industries}) = 0`)
      : undefined,
    filter.status ? eq(policies.status, filter.status) : undefined,
  );
}

export class PolicyStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  /** The same store on a transaction. */
  withTx(tx: Database): PolicyStore {
    return new PolicyStore(tx, this.principal);
  }

  /** Policies the caller may read: every published one, plus those of the caller's scope. */
  private visible(): SQL | undefined {
    const scope = readScope(
      this.principal,
      { departmentCode: policies.departmentCode, countyCode: policies.countyCode },
      MODULE_SCOPE,
    );
    return scope === undefined ? undefined : or(published, scope);
  }

  /** listPolicies: one page of visible policies, newest documents first. */
  list(filter: PolicyFilter, page: Page): Promise<PolicyRow[]> {
    return this.db
      .select()
      .from(policies)
      .where(and(this.visible(), filterCondition(filter), afterCursor(POLICY_ORDER, page.after, 'desc')))
      .orderBy(...orderBy(POLICY_ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countPolicies: visible policies matching the filter. */
  async count(filter: PolicyFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(policies)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** findPoliciesByIds: visible policies among these ids. */
  findByIds(ids: readonly string[]): Promise<PolicyRow[]> {
    return this.db
      .select()
      .from(policies)
      .where(and(inArray(policies.id, [...ids]), this.visible()));
  }

  /** listPublishedPoliciesByDepartments: the first `limit + 1` published policies of each department. */
  async listPublishedByDepartments(codes: readonly string[], limit: number): Promise<PolicyRow[]> {
    return firstRowsPerKey(
      this.db,
      policies,
      policies.departmentCode,
      orderBy(POLICY_ORDER, 'desc'),
      and(published, inArray(policies.departmentCode, [...codes])),
      limit + 1,
    );
  }

  /** countPublishedPoliciesByDepartments */
  async countPublishedByDepartments(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: policies.departmentCode, n: count() })
      .from(policies)
      .where(and(published, inArray(policies.departmentCode, [...codes])))
      .groupBy(policies.departmentCode);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /** countPublishedPoliciesByCounties: policies issued for each unit (410400: the city's own). */
  async countPublishedByCounties(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: policies.countyCode, n: count() })
      .from(policies)
      .where(and(published, inArray(policies.countyCode, [...codes])))
      .groupBy(policies.countyCode);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /**
   * findItemsByPolicyIds: the items of these policies in the guide's order. Only called for policies the caller was
   * allowed to read, so the items inherit that check.
   */
  findItemsByPolicyIds(policyIds: readonly string[]): Promise<ItemRow[]> {
    return this.db
      .select()
      .from(redemptionItems)
      .where(inArray(redemptionItems.policyId, [...policyIds]))
      .orderBy(asc(redemptionItems.policyId), asc(redemptionItems.sortOrder), asc(redemptionItems.id));
  }

  /**
   * findItemsByIdsOfVisibleParents: items by id, for applications and disclosures the caller was allowed to read (the
   * item an application names is part of what its reader sees).
   */
  findItemsByIds(ids: readonly string[]): Promise<ItemRow[]> {
    return this.db
      .select()
      .from(redemptionItems)
      .where(inArray(redemptionItems.id, [...ids]));
  }

  /** findVisibleItemsByIds: items whose policy the caller may read. */
  async findVisibleItemsByIds(ids: readonly string[]): Promise<ItemRow[]> {
    return this.db
      .select(getTableColumns(redemptionItems))
      .from(redemptionItems)
      .innerJoin(policies, eq(policies.id, redemptionItems.policyId))
      .where(and(inArray(redemptionItems.id, [...ids]), this.visible()));
  }

  /**
   * lockItemForApplication: an item with its policy's state, both rows share-locked until the transaction ends so the
   * policy cannot be withdrawn while an application for it is written.
   */
  async lockItemForApplication(id: string): Promise<ItemWithPolicy | null> {
    const [row] = await this.db
      .select({ ...getTableColumns(redemptionItems), policyStatus: policies.status })
      .from(redemptionItems)
      .innerJoin(policies, eq(policies.id, redemptionItems.policyId))
      .where(eq(redemptionItems.id, id))
      .for('share');
    return row ?? null;
  }

  /** insertPolicy */
  async insertPolicy(values: NewPolicy): Promise<PolicyRow> {
    const [row] = await this.db.insert(policies).values(values).returning();
    return row!;
  }

  /** insertItems */
  async insertItems(values: NewItem[]): Promise<void> {
    if (values.length > 0) await this.db.insert(redemptionItems).values(values);
  }

  /** insertPolicyEvent */
  async insertEvent(values: NewPolicyEvent): Promise<void> {
    await this.db.insert(policyEvents).values(values);
  }
}
