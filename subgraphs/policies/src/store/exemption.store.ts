/**
 * Every SQL statement of 免申即享's rules and facts: `policies.eligibility_rules` and `policies.enterprise_facts`.
 * Bound to the caller: the facts of an enterprise are read only in the caller's scope (its own enterprise, or staff
 * and admins of its county; analysts everything).
 */
import type { Database } from '@qq/db/client';
import { eligibilityRules, enterpriseFacts, policies, redemptionItems } from '@qq/db/schema/policies';
import { CITY_CODE, type Principal, anyOf } from '@qq/kit';
import { and, asc, desc, eq, getTableColumns, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm';

export type RuleRow = typeof eligibilityRules.$inferSelect;
export type NewRule = typeof eligibilityRules.$inferInsert;
export type FactsRow = typeof enterpriseFacts.$inferSelect;
export type NewFacts = typeof enterpriseFacts.$inferInsert;
export type ItemRow = typeof redemptionItems.$inferSelect;
/** A rule in effect with its item. */
export type ActiveRule = RuleRow & { item: ItemRow; policyTitle: string };

/** Versions in effect at `at`: started, not ended. */
export function inEffect(at: Date): SQL {
  return and(
    lte(eligibilityRules.effectiveFrom, at),
    or(isNull(eligibilityRules.effectiveUntil), gt(eligibilityRules.effectiveUntil, at)),
  )!;
}

/** Items of policies published and valid at `at`: the only ones a rule can entitle to. */
export function openPolicy(at: Date): SQL {
  return and(
    eq(policies.status, 'PUBLISHED'),
    or(isNull(policies.validFrom), lte(policies.validFrom, at)),
    or(isNull(policies.validUntil), gt(policies.validUntil, at)),
  )!;
}

/** The facts rows a caller may read (SQL): its own enterprise, its county as staff or admin, everything as analyst. */
export function factsScope(p: Principal): SQL | undefined {
  const county =
    p.county && p.county !== CITY_CODE ? eq(enterpriseFacts.countyCode, p.county) : (undefined as SQL | undefined);
  switch (p.role) {
    case 'analyst':
      return undefined;
    case 'admin':
    case 'staff':
    case 'system':
      return county;
    case 'enterprise':
      return p.enterprise ? eq(enterpriseFacts.creditCode, p.enterprise) : sql`false`;
    // Leaders read figures, not enterprises; persons and anonymous callers type their facts in.
    case 'leader':
    case 'person':
    case 'anonymous':
      return sql`false`;
  }
}

export class ExemptionStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  withTx(tx: Database): ExemptionStore {
    return new ExemptionStore(tx, this.principal);
  }

  /** lockRuleVersions: the item's versions, newest first, its row locked so two saves number versions in turn. */
  async latestVersion(itemId: string): Promise<number> {
    await this.db
      .select({ id: redemptionItems.id })
      .from(redemptionItems)
      .where(eq(redemptionItems.id, itemId))
      .for('update');
    const [row] = await this.db
      .select({ v: sql<number>`coalesce(max(${eligibilityRules.version}), 0)` })
      .from(eligibilityRules)
      .where(eq(eligibilityRules.itemId, itemId));
    return Number(row?.v ?? 0);
  }

  /** insertRule */
  async insertRule(values: NewRule): Promise<RuleRow> {
    const [row] = await this.db.insert(eligibilityRules).values(values).returning();
    return row!;
  }

  /** findRulesByItemIds: every version of these items' rules (items the caller already read), oldest first. */
  findRulesByItemIds(itemIds: readonly string[]): Promise<RuleRow[]> {
    return this.db
      .select()
      .from(eligibilityRules)
      .where(anyOf(eligibilityRules.itemId, itemIds))
      .orderBy(asc(eligibilityRules.itemId), asc(eligibilityRules.version));
  }

  /** findRulesByIds: rule versions by id (of items the caller already read). */
  findRulesByIds(ids: readonly string[]): Promise<RuleRow[]> {
    return this.db.select().from(eligibilityRules).where(anyOf(eligibilityRules.id, ids));
  }

  /**
   * listActiveRules: for every item of a policy published and valid at `at`, the newest rule version in effect then
   * (items without one are absent), in item order.
   */
  async listActiveRules(at: Date): Promise<ActiveRule[]> {
    const rows = await this.db
      .selectDistinctOn([eligibilityRules.itemId], {
        rule: getTableColumns(eligibilityRules),
        item: getTableColumns(redemptionItems),
        policyTitle: policies.title,
      })
      .from(eligibilityRules)
      .innerJoin(redemptionItems, eq(redemptionItems.id, eligibilityRules.itemId))
      .innerJoin(policies, eq(policies.id, redemptionItems.policyId))
      .where(and(inEffect(at), openPolicy(at)))
      .orderBy(asc(eligibilityRules.itemId), desc(eligibilityRules.version));
    return rows.map((r) => ({ ...r.rule, item: r.item, policyTitle: r.policyTitle }));
  }

  /** findFacts: an enterprise's facts snapshot, when the caller may read it. */
  async findFacts(creditCode: string): Promise<FactsRow | null> {
    const [row] = await this.db
      .select()
      .from(enterpriseFacts)
      .where(and(eq(enterpriseFacts.creditCode, creditCode), factsScope(this.principal)));
    return row ?? null;
  }
}
