/**
 * 免申即享: eligibility rules on redemption items (saved as validated, dated versions) and the policy calculator
 * (政策计算器): which items an enterprise qualifies for now, and for the others every failing condition with the
 * fact's value and the threshold. Enterprises ask for themselves, staff for any enterprise of their county scope,
 * anybody with facts typed in.
 */
import type { Database } from '@qq/db/client';
import {
  BadUserInputError,
  ConflictError,
  coversUnit,
  ForbiddenError,
  inTransaction,
  isCalendarDay,
  isUniqueViolation,
  isUnitCode,
  NotFoundError,
  parseInput,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import { MODULE_SCOPE } from '../access.ts';
import type { ExemptionLoaders } from '../exemptionLoaders.ts';
import type { Loaders } from '../loaders.ts';
import type { ActiveRule, ExemptionStore, FactsRow, ItemRow, RuleRow } from '../store/exemption.store.ts';
import {
  explain,
  industryAncestors,
  parseRule,
  type FailedCondition,
  type Facts,
  type ParsedRule,
} from './eligibility.ts';
import { creditCode as creditCodeSchema, length, uuid } from './validation.ts';

const CST_OFFSET_MS = 8 * 3600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date (the start of that day in China) or an ISO 8601 instant. */
const instantInput = z
  .string()
  .trim()
  .refine(
    (s) => (DATE.test(s) ? isCalendarDay(s) : !Number.isNaN(toInstant(s).getTime()) && isCalendarDay(s.slice(0, 10))),
    'must be an existing date YYYY-MM-DD or an ISO 8601 instant',
  );

function toInstant(s: string): Date {
  return DATE.test(s) ? new Date(Date.parse(`${s}T00:00:00Z`) - CST_OFFSET_MS) : new Date(s);
}

const saveRuleInput = z.object({
  itemId: uuid,
  rule: z.string().max(20_000, 'is longer than 20,000 characters'),
  description: length(2, 500, '资格条件说明'),
  effectiveFrom: instantInput.nullish(),
  effectiveUntil: instantInput.nullish(),
});

const dateFact = z.string().regex(DATE, 'must be a date YYYY-MM-DD').refine(isCalendarDay, 'is not a calendar date');
const factsInput = z.object({
  county: z.string().refine(isUnitCode, 'must be the GB/T 2260 code of a unit of Pingdingshan').nullish(),
  industry: z
    .string()
    .regex(/^[A-T]\d{0,4}$/, 'must be a GB/T 4754 code such as C or C391')
    .nullish(),
  scale: z.enum(['MICRO', 'SMALL', 'MEDIUM', 'LARGE']).nullish(),
  registeredCapital: z.number().min(0).max(1e10).nullish(),
  establishedOn: dateFact.nullish(),
  aboveScale: z.boolean().nullish(),
  aboveScaleSince: dateFact.nullish(),
  annualRevenue: z.number().min(0).max(1e10).nullish(),
  employees: z.number().int().min(0).max(10_000_000).nullish(),
});
export type FactsInput = z.input<typeof factsInput>;

/** The facts as rules read them, from the snapshot. */
export function factsOfRow(row: FactsRow): Facts {
  return {
    county: row.countyCode,
    industry: row.industryCode.slice(0, 1),
    industryCodes: industryAncestors(row.industryCode),
    scale: row.scale,
    registeredCapital: row.registeredCapital,
    establishedOn: row.establishedOn,
    aboveScale: row.aboveScale,
    aboveScaleSince: row.aboveScaleSince,
    annualRevenue: row.annualRevenue,
    employees: row.employees,
  };
}

function factsOfInput(input: z.output<typeof factsInput>): Facts {
  return {
    county: input.county ?? null,
    industry: input.industry ? input.industry.slice(0, 1) : null,
    industryCodes: input.industry ? industryAncestors(input.industry) : null,
    scale: input.scale ?? null,
    registeredCapital: input.registeredCapital ?? null,
    establishedOn: input.establishedOn ?? null,
    aboveScale: input.aboveScale ?? null,
    aboveScaleSince: input.aboveScaleSince ?? null,
    annualRevenue: input.annualRevenue ?? null,
    employees: input.employees ?? null,
  };
}

/** Rule versions never change: each is parsed once per process. */
const parsedRules = new Map<string, ParsedRule>();
export function parsedRule(row: Pick<RuleRow, 'id' | 'expression'>): ParsedRule {
  let parsed = parsedRules.get(row.id);
  if (!parsed) {
    parsed = parseRule(JSON.stringify(row.expression), 'rule');
    if (parsedRules.size > 10_000) parsedRules.clear();
    parsedRules.set(row.id, parsed);
  }
  return parsed;
}

/** One item's answer in the calculator. */
export interface ItemEligibility {
  item: ItemRow;
  rule: RuleRow;
  eligible: boolean;
  failedConditions: FailedCondition[];
}

/** What the calculator answers. */
export interface Calculation {
  creditCode: string | null;
  facts: Facts;
  snapshot: FactsRow | null;
  items: ItemEligibility[];
}

export interface ExemptionServiceDeps {
  principal: Principal;
  db: Database;
  store: ExemptionStore;
  loaders: Loaders;
  rules: ExemptionLoaders;
  now: Date;
}

export class ExemptionService {
  private readonly principal: Principal;
  constructor(private readonly deps: ExemptionServiceDeps) {
    this.principal = deps.principal;
  }

  /**
   * Saves a new version of an item's eligibility rule. Staff of the item's department and county (万人助万企办 in its
   * county scope) on an item of a published policy; the rule is validated first, every problem named by its place.
   */
  async saveRule(raw: unknown): Promise<RuleRow> {
    const p = this.principal;
    if (p.role !== 'staff')
      throw new ForbiddenError('Only staff may write eligibility rules (仅工作人员可设置资格规则).');
    const input = parseInput(saveRuleInput, raw);
    const { loaders, db, now } = this.deps;
    const item = await loaders.visibleItem.load(input.itemId);
    if (!item) throw new NotFoundError('RedemptionItem', input.itemId);
    if (!coversUnit(p, item.departmentCode, item.countyCode, MODULE_SCOPE)) {
      throw new ForbiddenError('Only the item’s department in its county may set its rule (非本部门事项).');
    }
    const policy = await loaders.policy.load(item.policyId);
    if (policy?.status !== 'PUBLISHED') {
      throw new ConflictError('Rules are set on items of published policies (政策未发布或已失效).', {
        status: policy?.status ?? null,
      });
    }
    const parsed = parseRule(input.rule);
    const from = input.effectiveFrom ? toInstant(input.effectiveFrom) : now;
    const until = input.effectiveUntil ? toInstant(input.effectiveUntil) : null;
    if (until && until <= from) throw new BadUserInputError('input.effectiveUntil', 'must be after effectiveFrom');
    try {
      const row = await inTransaction(db, async (tx) => {
        const store = this.deps.store.withTx(tx as unknown as Database);
        const version = (await store.latestVersion(item.id)) + 1;
        return store.insertRule({
          itemId: item.id,
          version,
          expression: parsed.expression,
          facts: parsed.facts,
          description: input.description,
          effectiveFrom: from,
          effectiveUntil: until,
          createdBy: p.sub ?? 'staff',
          createdAt: now,
          departmentCode: item.departmentCode,
          countyCode: item.countyCode,
        });
      });
      this.deps.rules.rulesByItem.clear(item.id);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('Another version was saved meanwhile; save again.');
      throw error;
    }
  }

  /** The version in effect now of an item's rule (null: none). */
  async ruleInEffect(itemId: string): Promise<RuleRow | null> {
    const now = this.deps.now;
    const versions = await this.deps.rules.rulesByItem.load(itemId);
    const current = versions.filter(
      (r) => r.effectiveFrom <= now && (r.effectiveUntil === null || r.effectiveUntil > now),
    );
    return current.at(-1) ?? null;
  }

  /**
   * 政策计算器. With `facts`: anybody, for the facts typed in (no enterprise is named). Without: the enterprise named by
   * `creditCode` (an enterprise user's own by default) from the facts snapshot, when the caller may read it (else
   * NOT_FOUND, exactly as for an enterprise with no facts).
   */
  async calculate(args: { creditCode?: string | null; facts?: unknown }): Promise<Calculation> {
    const p = this.principal;
    let facts: Facts;
    let snapshot: FactsRow | null = null;
    let creditCode: string | null = null;
    if (args.facts != null) {
      if (args.creditCode) {
        throw new BadUserInputError('creditCode', 'give either creditCode or facts, not both (二选一)');
      }
      facts = factsOfInput(parseInput(factsInput, args.facts, 'facts'));
    } else {
      creditCode = args.creditCode ?? (p.role === 'enterprise' ? p.enterprise : null);
      if (!creditCode) throw new BadUserInputError('facts', 'is required without creditCode (请填写企业情况)');
      parseInput(creditCodeSchema, creditCode, 'creditCode');
      snapshot = await this.deps.store.findFacts(creditCode);
      if (!snapshot) throw new NotFoundError('Enterprise facts', creditCode);
      facts = factsOfRow(snapshot);
    }
    const rules = await this.deps.store.listActiveRules(this.deps.now);
    const items = rules.map((r: ActiveRule): ItemEligibility => {
      const { item, policyTitle: _title, ...rule } = r;
      const result = explain(parsedRule(rule), facts);
      return { item, rule, eligible: result.eligible, failedConditions: result.failed };
    });
    items.sort(
      (a, b) =>
        Number(b.eligible) - Number(a.eligible) ||
        a.item.sortOrder - b.item.sortOrder ||
        a.item.name.localeCompare(b.item.name, 'zh-CN'),
    );
    for (const i of items) this.deps.loaders.itemOfParent.prime(i.item.id, i.item);
    return { creditCode, facts, snapshot, items };
  }
}
