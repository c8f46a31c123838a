/** Fields of 免申即享: eligibility rules, the calculator's answer and the facts it used. */
import type { Context } from '../context.ts';
import type { Calculation } from '../service/exemption.service.ts';
import type { EntitlementEventRow, EntitlementRow, MatchingRunRow } from '../store/entitlements.store.ts';
import type { ItemRow, RuleRow } from '../store/exemption.store.ts';
import type { PageArgs } from '@qq/kit';
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

export const entitlementQuery = {
  entitlements: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: Context) => ctx.entitlements.list(args),
  entitlement: (_: unknown, args: { id: string }, ctx: Context) => ctx.entitlements.byId(args.id),
};

export const entitlementMutation = {
  runExemptionMatching: (_: unknown, _args: unknown, ctx: Context) => ctx.entitlements.runMatching(),
  confirmEntitlement: (_: unknown, a: { id: string; input?: unknown }, ctx: Context) =>
    ctx.entitlements.confirm(a.id, a.input),
  declineEntitlement: (_: unknown, a: { id: string; input?: unknown }, ctx: Context) =>
    ctx.entitlements.decline(a.id, a.input),
};

export const Entitlement = {
  enterprise: (e: EntitlementRow) => ({ creditCode: e.enterpriseCode }),
  item: async (e: EntitlementRow, _: unknown, ctx: Context) => {
    const item = await ctx.loaders.itemOfParent.load(e.itemId);
    if (!item) throw new Error(`redemption item ${e.itemId} of entitlement ${e.id} is missing`);
    return item;
  },
  rule: async (e: EntitlementRow, _: unknown, ctx: Context) => {
    const rule = await ctx.rules.rule.load(e.ruleId);
    if (!rule) throw new Error(`rule ${e.ruleId} of entitlement ${e.id} is missing`);
    return rule;
  },
  facts: (e: EntitlementRow) =>
    // jsonb keeps its own key order: the facts are listed by name.
    Object.entries(e.facts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value: value === null ? null : JSON.stringify(value) })),
  entitledAt: (e: EntitlementRow) => iso(e.entitledAt),
  confirmedAt: (e: EntitlementRow) => iso(e.confirmedAt),
  declinedAt: (e: EntitlementRow) => iso(e.declinedAt),
  application: (e: EntitlementRow, _: unknown, ctx: Context) =>
    e.applicationId ? ctx.loaders.application.load(e.applicationId) : null,
  department: (e: EntitlementRow) => ({ code: e.departmentCode }),
  county: (e: EntitlementRow) => ({ code: e.countyCode }),
  availableActions: (e: EntitlementRow, _: unknown, ctx: Context) => ctx.entitlements.availableActions(e),
  events: (e: EntitlementRow, _: unknown, ctx: Context) => ctx.rules.eventsByEntitlement.load(e.id),
};

export const EntitlementEvent = {
  at: (e: EntitlementEventRow) => iso(e.at),
};

export const MatchingRun = {
  startedAt: (r: MatchingRunRow) => iso(r.startedAt),
  finishedAt: (r: MatchingRunRow) => iso(r.finishedAt),
};
