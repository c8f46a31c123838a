/** Per-request DataLoaders of 免申即享 (rules, entitlements and their events): one statement per batch. */
import { byKeys, groupByKeys } from '@qq/kit';
import DataLoader from 'dataloader';
import type { EntitlementEventRow, EntitlementRow, EntitlementStore } from './store/entitlements.store.ts';
import type { ExemptionStore, RuleRow } from './store/exemption.store.ts';

export function createExemptionLoaders(store: ExemptionStore, entitlements: EntitlementStore) {
  return {
    /** Every version of the rules of items the caller already read, oldest first. */
    rulesByItem: new DataLoader<string, RuleRow[]>(async (ids) =>
      groupByKeys(ids, await store.findRulesByItemIds(ids), (r) => r.itemId),
    ),
    /** Rule versions named by records the caller already read. */
    rule: new DataLoader<string, RuleRow | null>(async (ids) =>
      byKeys(ids, await store.findRulesByIds(ids), (r) => r.id),
    ),
    /** Entitlements the caller may read, by id. */
    entitlement: new DataLoader<string, EntitlementRow | null>(async (ids) =>
      byKeys(ids, await entitlements.findByIds(ids), (r) => r.id),
    ),
    /** Transitions of entitlements the caller already read. */
    eventsByEntitlement: new DataLoader<string, EntitlementEventRow[]>(async (ids) =>
      groupByKeys(ids, await entitlements.findEvents(ids), (r) => r.subjectId),
    ),
  };
}

export type ExemptionLoaders = ReturnType<typeof createExemptionLoaders>;
