/**
 * Scheduled checks of the commerce subgraph (kit job contract: a function of the database and `now`, run once per
 * slot, idempotent on its own):
 * - `commerce.expireListings` (daily, 00:10 CST): published parks, projects, opportunities and bank products whose
 *   last valid day has passed become EXPIRED, with an `EXPIRE` event each; their keepers are told (an opportunity's
 *   poster, a product's institution, a park's or project's unit); the public read cache is told that commerce's
 *   public data changed.
 * - `commerce.remindStaleListings` (daily, 09:00 CST): the units are told once per version of each park, project
 *   and bank product not updated for 90 days.
 * - `commerce.refreshEnterpriseIndustries` (daily, 01:50 CST): the copy of each enterprise's county and industry that
 *   the aggregates group by, read through the gateway from the registry (platform) and the statistical units
 *   (statistics) before the run's transaction opens.
 */
import {
  bankProductEvents,
  enterpriseIndustries,
  investmentProjectEvents,
  opportunityEvents,
  outbox,
  parkEvents,
  type EventTable,
} from '@qq/db/schema/commerce';
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
  type Recipient,
  STALE_DAYS,
  type Tx,
} from '@qq/kit';
import { LISTING_LABEL, messages, type ListingKind } from './messages.ts';
import { MaintenanceStore, type ListingSummary } from './store/maintenance.store.ts';

const EVENTS: Record<ListingKind, EventTable> = {
  park: parkEvents,
  investmentProject: investmentProjectEvents,
  opportunity: opportunityEvents,
  bankProduct: bankProductEvents,
};

/** Who keeps a listing: the poster, the institution, or the staff of its department and unit. */
function keepers(row: ListingSummary): Recipient {
  return row.ownerCode ? { enterprise: row.ownerCode } : { dept: row.departmentCode, county: row.countyCode };
}

export const expireListings = defineJob({
  name: 'commerce.expireListings',
  description:
    'Expires published parks, investment projects, opportunities and bank products past their last valid day.',
  cron: '10 0 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const today = chinaDay(now);
    const store = new MaintenanceStore(db);
    const result: Record<string, number> = {};
    for (const kind of Object.keys(EVENTS) as ListingKind[]) {
      const expired = await store.expire(kind, today, now);
      const steps = await recordExpiries(db, EVENTS[kind], expired, {
        job: 'commerce.expireListings',
        now,
        note: (row) => `有效期至${row.expiresOn}`,
      });
      const notes: OutboundMessage[] = steps.map(({ row, eventId }) => ({
        topic: 'listing.expired',
        idempotencyKey: `listing.expired:inbox:${kind}:${row.id}:${eventId}`,
        countyCode: row.countyCode,
        channel: 'inbox',
        to: keepers(row),
        ...messages.render('listing.expired', {
          label: LISTING_LABEL[kind],
          title: row.title,
          expiresOn: row.expiresOn ?? '',
        }),
        data: { kind, id: row.id },
      }));
      await enqueue(db, notes);
      result[kind] = expired.length;
    }
    // Published listings were taken down outside a mutation: cached public answers must not be served again.
    if (Object.values(result).some((n) => n > 0)) await publicDataChanged('commerce');
    return result;
  },
});

export const remindStaleListings = defineJob({
  name: 'commerce.remindStaleListings',
  description: 'Tells each unit, once per version, of its published listings not updated for 90 days.',
  cron: '0 9 * * *',
  slot: daySlot,
  async run({ db, now }) {
    const store = new MaintenanceStore(db);
    const result: Record<string, number> = {};
    for (const kind of ['park', 'investmentProject', 'bankProduct'] as const) {
      const stale = await store.stale(kind, now);
      await enqueue(
        db,
        stale.map((row) => ({
          topic: 'listing.stale',
          // Once per version: an update makes a new version, which may be reminded of again 90 days later.
          idempotencyKey: `listing.stale:inbox:${kind}:${row.id}:v${row.version}`,
          countyCode: row.countyCode,
          channel: 'inbox' as const,
          to: { dept: row.departmentCode, county: row.countyCode },
          ...messages.render('listing.stale', { label: LISTING_LABEL[kind], title: row.title, days: STALE_DAYS }),
          data: { kind, id: row.id },
        })),
      );
      result[kind] = stale.length;
    }
    return result;
  },
});

async function enqueue(db: Tx, list: OutboundMessage[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await enqueueMessages(db, outbox, list.slice(i, i + 500));
}

/**
 * 企业属地与行业: the registry's county and industry and the statistical unit's class of every enterprise, through the
 * gateway as 商务局's `system` client (`REGISTRY_GRAPH_URL`, `COMMERCE_REGISTRY_GRAPH_TOKEN`).
 */
export const refreshEnterpriseIndustries = defineJob({
  name: 'commerce.refreshEnterpriseIndustries',
  description:
    "Refreshes the copy of enterprises' county and industry (registry and statistical unit) for the aggregates.",
  cron: '50 1 * * *',
  slot: daySlot,
  prepare: () =>
    collectIndustries(
      industryFeedFromEnv({ dept: 'mofcom', sub: 'mofcom-aggregates', tokenVariable: 'COMMERCE_REGISTRY_GRAPH_TOKEN' }),
    ),
  async run({ db, now, prepared }) {
    return storeIndustries(db, enterpriseIndustries, prepared as EnterpriseIndustry[], now);
  },
});

export const jobs = [expireListings, remindStaleListings, refreshEnterpriseIndustries];
