/** Fields of 免申即享: eligibility rules, the calculator's answer and the facts it used. */
import type { Context } from '../context.ts';
import type { Calculation } from '../service/exemption.service.ts';
import type { ItemRow, RuleRow } from '../store/exemption.store.ts';
import { iso } from './scalars.ts';

export const exemptionQuery = {
  exemptionCalculator: (_: unknown, args: { creditCode?: string | null; facts?: unknown }, ctx: Context) =>
    ctx.exemption.calculate(args),
};

export const exemptionMutation = {
  saveEligibilityRule: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.exemption.saveRule(args.input),
};

export const redemptionItemRules = {
  eligibilityRule: (i: ItemRow, _: unknown, ctx: Context) => ctx.exemption.ruleInEffect(i.id),
  eligibilityRules: (i: ItemRow, _: unknown, ctx: Context) => ctx.rules.rulesByItem.load(i.id),
};

export const EligibilityRule = {
  item: async (r: RuleRow, _: unknown, ctx: Context) => {
    const item = await ctx.loaders.itemOfParent.load(r.itemId);
    if (!item) throw new Error(`redemption item ${r.itemId} of rule ${r.id} is missing`);
    return item;
  },
  rule: (r: RuleRow) => JSON.stringify(r.expression),
  effectiveFrom: (r: RuleRow) => iso(r.effectiveFrom),
  effectiveUntil: (r: RuleRow) => iso(r.effectiveUntil),
  inEffect: async (r: RuleRow, _: unknown, ctx: Context) => (await ctx.exemption.ruleInEffect(r.itemId))?.id === r.id,
  createdAt: (r: RuleRow) => iso(r.createdAt),
};

export const ExemptionCalculation = {
  facts: (c: Calculation) => ({
    ...c.facts,
    statisticsPeriod: c.snapshot?.statisticsPeriod ?? null,
    registryRefreshedAt: iso(c.snapshot?.registryRefreshedAt ?? null),
    statisticsRefreshedAt: iso(c.snapshot?.statisticsRefreshedAt ?? null),
  }),
  eligibleCount: (c: Calculation) => c.items.filter((i) => i.eligible).length,
};
