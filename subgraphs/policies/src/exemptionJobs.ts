/**
 * Scheduled runs of 免申即享 (kit job contract: each takes `now`, runs once per China calendar day): the facts
 * snapshot refreshed from its owners through the gateway, then the matching run over every enterprise.
 */
import type { Database } from '@qq/db/client';
import { daySlot, defineJob } from '@qq/kit';
import { collectFacts, graphFactFeedFromEnv, storeFacts, type FactRecord } from './service/facts.ts';
import { runMatching } from './service/matching.ts';

/** 企业画像更新: registry particulars and statistics, read through the graph before the transaction opens. */
export const refreshEnterpriseFacts = defineJob({
  name: 'policies.refreshEnterpriseFacts',
  description:
    'Refreshes the enterprise facts snapshot of 免申即享 from platform (registry) and statistics through the gateway.',
  cron: '30 1 * * *',
  slot: daySlot,
  prepare: () => collectFacts(graphFactFeedFromEnv()),
  async run({ db, now, prepared }) {
    return storeFacts(db as unknown as Database, prepared as FactRecord[], now);
  },
});

/** 免申即享比对: every rule in effect against every enterprise; new entitlements told once. */
export const matchEntitlements = defineJob({
  name: 'policies.matchEntitlements',
  description:
    'Matches every eligibility rule in effect against every enterprise and tells the newly entitled (免申即享).',
  cron: '0 2 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const { run } = await runMatching(db as unknown as Database, { now, trigger: 'SCHEDULE' });
    return { runId: run.id, rules: run.rules, enterprises: run.enterprises, entitled: run.entitled };
  },
});

export const exemptionJobs = [refreshEnterpriseFacts, matchEntitlements];
