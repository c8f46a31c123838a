/** Per-request DataLoaders of 免申即享 (rules by item, rule versions by id): one statement per batch. */
import { byKeys, groupByKeys } from '@qq/kit';
import DataLoader from 'dataloader';
import type { ExemptionStore, RuleRow } from './store/exemption.store.ts';

export function createExemptionLoaders(store: ExemptionStore) {
  return {
    /** Every version of the rules of items the caller already read, oldest first. */
    rulesByItem: new DataLoader<string, RuleRow[]>(async (ids) =>
      groupByKeys(ids, await store.findRulesByItemIds(ids), (r) => r.itemId),
    ),
    /** Rule versions named by records the caller already read. */
    rule: new DataLoader<string, RuleRow | null>(async (ids) =>
      byKeys(ids, await store.findRulesByIds(ids), (r) => r.id),
    ),
  };
}

export type ExemptionLoaders = ReturnType<typeof createExemptionLoaders>;
