/**
 * Scheduled checks of the talent subgraph (kit job contract: a function of the database and `now`, run once per
 * slot, idempotent on its own):
 * - `talent.expirePostings` (daily, 00:15 CST): published job postings whose last day has passed become EXPIRED,
 *   with an `EXPIRE` event each; the enterprise is told; the public read cache is told that talent's public data
 *   changed.
 * - `talent.remindStalePostings` (daily, 09:05 CST): the enterprise is told once per version of each published
 *   posting not updated for 90 days.
 * - `talent.expirePolicies` (daily, 00:20 CST): published talent policies past their last valid day become EXPIRED,
 *   with an `EXPIRE` event each; 人社局 of the policy's unit is told.
 * - `talent.remindStalePolicies` (daily, 09:10 CST): 人社局 of the unit is told once per version of each published
 *   talent policy not updated for 90 days.
 * - `talent.refreshEnterpriseIndustries` (daily, 01:40 CST): the copy of each enterprise's county and industry that
 *   the aggregates group by, read through the gateway from the registry (platform) and the statistical units
 *   (statistics) before the run's transaction opens.
 */
import { enterpriseIndustries, jobPostingEvents, outbox, talentPolicyEvents } from '@qq/db/schema/talent';
import {
  chinaDay,
  collectIndustries,
  daySlot,
  defineJob,
  enqueueMessages,
  industryFeedFromEnv,
  storeIndustries,
  type EnterpriseIndustry,
  type OutboundMessage,
  publicDataChanged,
  recordExpiries,
  STALE_DAYS,
} from '@qq/kit';
import { messages } from './messages.ts';
import { MaintenanceStore } from './store/maintenance.store.ts';

export const expirePostings = defineJob({
  name: 'talent.expirePostings',
  description: 'Expires published job postings past their last day and tells their enterprises.',
  cron: '15 0 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const expired = await new MaintenanceStore(db).expirePostings(chinaDay(now), now);
    const steps = await recordExpiries(db, jobPostingEvents, expired, {
      job: 'talent.expirePostings',
      now,
      note: (row) => `招聘截止${row.expiresOn}`,
    });
    const notes: OutboundMessage[] = steps.map(({ row, eventId }) => ({
      topic: 'jobPosting.expired',
      idempotencyKey: `jobPosting.expired:inbox:${row.id}:${eventId}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { enterprise: row.enterpriseCode },
      ...messages.render('jobPosting.expired', { title: row.title, expiresOn: row.expiresOn ?? '' }),
      data: { jobPostingId: row.id },
    }));
    for (let i = 0; i < notes.length; i += 500) await enqueueMessages(db, outbox, notes.slice(i, i + 500));
    // Published postings were taken down outside a mutation: cached public answers must not be served again.
    if (expired.length > 0) await publicDataChanged('talent');
    return { jobPostings: expired.length };
  },
});

export const remindStalePostings = defineJob({
  name: 'talent.remindStalePostings',
  description: 'Tells each enterprise, once per version, of its published job postings not updated for 90 days.',
  cron: '5 9 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const stale = await new MaintenanceStore(db).stalePostings(now);
    const notes: OutboundMessage[] = stale.map((row) => ({
      topic: 'jobPosting.stale',
      // Once per version: an update makes a new version, which may be reminded of again 90 days later.
      idempotencyKey: `jobPosting.stale:inbox:${row.id}:v${row.version}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { enterprise: row.enterpriseCode },
      ...messages.render('jobPosting.stale', { title: row.title, days: STALE_DAYS }),
      data: { jobPostingId: row.id },
    }));
    for (let i = 0; i < notes.length; i += 500) await enqueueMessages(db, outbox, notes.slice(i, i + 500));
    return { jobPostings: stale.length };
  },
});

export const expirePolicies = defineJob({
  name: 'talent.expirePolicies',
  description: 'Expires published talent policies past their last valid day and tells 人社局 of their unit.',
  cron: '20 0 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const expired = await new MaintenanceStore(db).expirePolicies(chinaDay(now), now);
    const steps = await recordExpiries(db, talentPolicyEvents, expired, {
      job: 'talent.expirePolicies',
      now,
      note: (row) => `有效期至${row.expiresOn}`,
    });
    const notes: OutboundMessage[] = steps.map(({ row, eventId }) => ({
      topic: 'talentPolicy.expired',
      idempotencyKey: `talentPolicy.expired:inbox:${row.id}:${eventId}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { dept: row.departmentCode, county: row.countyCode },
      ...messages.render('talentPolicy.expired', { title: row.title, expiresOn: row.expiresOn ?? '' }),
      data: { talentPolicyId: row.id },
    }));
    for (let i = 0; i < notes.length; i += 500) await enqueueMessages(db, outbox, notes.slice(i, i + 500));
    if (expired.length > 0) await publicDataChanged('talent');
    return { talentPolicies: expired.length };
  },
});

export const remindStalePolicies = defineJob({
  name: 'talent.remindStalePolicies',
  description: 'Tells 人社局 of each unit, once per version, of its published talent policies not updated for 90 days.',
  cron: '10 9 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const stale = await new MaintenanceStore(db).stalePolicies(now);
    const notes: OutboundMessage[] = stale.map((row) => ({
      topic: 'talentPolicy.stale',
      idempotencyKey: `talentPolicy.stale:inbox:${row.id}:v${row.version}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { dept: row.departmentCode, county: row.countyCode },
      ...messages.render('talentPolicy.stale', { title: row.title, days: STALE_DAYS }),
      data: { talentPolicyId: row.id },
    }));
    for (let i = 0; i < notes.length; i += 500) await enqueueMessages(db, outbox, notes.slice(i, i + 500));
    return { talentPolicies: stale.length };
  },
});

/**
 * 企业属地与行业: the registry's county and industry and the statistical unit's class of every enterprise, through the
 * gateway as 人社局's `system` client (`REGISTRY_GRAPH_URL`, `TALENT_REGISTRY_GRAPH_TOKEN`).
 */
export const refreshEnterpriseIndustries = defineJob({
  name: 'talent.refreshEnterpriseIndustries',
  description:
    "Refreshes the copy of enterprises' county and industry (registry and statistical unit) for the aggregates.",
  cron: '40 1 * * *',
  slot: daySlot,
  prepare: () =>
    collectIndustries(
      industryFeedFromEnv({ dept: 'hrss', sub: 'hrss-aggregates', tokenVariable: 'TALENT_REGISTRY_GRAPH_TOKEN' }),
    ),
  async run({ db, now, prepared }) {
    return storeIndustries(db, enterpriseIndustries, prepared as EnterpriseIndustry[], now);
  },
});

export const jobs = [
  expirePostings,
  remindStalePostings,
  expirePolicies,
  remindStalePolicies,
  refreshEnterpriseIndustries,
];
