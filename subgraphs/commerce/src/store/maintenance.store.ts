/**
 * Every SQL statement of the scheduled jobs (jobs.ts): expiring listings past their last valid day and finding the
 * stale ones. Jobs act for the system, not a caller: no row scope applies.
 */
import { bankProducts, investmentProjects, opportunities, parks } from '@qq/db/schema/commerce';
import { staleBefore, type Tx } from '@qq/kit';
import { and, asc, eq, lt } from 'drizzle-orm';
import type { ListingKind } from '../messages.ts';

/** What a job needs of a listing to record its step and tell its keepers. */
export interface ListingSummary {
  id: string;
  title: string;
  version: number;
  expiresOn: string | null;
  departmentCode: string;
  countyCode: string;
  /** The poster (opportunities) or the institution (bank products); null for a department's own listing. */
  ownerCode: string | null;
}

export const LISTING_TABLES = {
  park: parks,
  investmentProject: investmentProjects,
  opportunity: opportunities,
  bankProduct: bankProducts,
} as const;

function summaryColumns(kind: ListingKind) {
  switch (kind) {
    case 'park':
      return { ...common(parks), title: parks.name, ownerCode: parks.createdBy };
    case 'investmentProject':
      return {
        ...common(investmentProjects),
        title: investmentProjects.title,
        ownerCode: investmentProjects.createdBy,
      };
    case 'opportunity':
      return { ...common(opportunities), title: opportunities.title, ownerCode: opportunities.enterpriseCode };
    case 'bankProduct':
      return { ...common(bankProducts), title: bankProducts.name, ownerCode: bankProducts.institutionCode };
  }
}

function common(t: (typeof LISTING_TABLES)[ListingKind]) {
  return {
    id: t.id,
    version: t.version,
    expiresOn: t.expiresOn,
    departmentCode: t.departmentCode,
    countyCode: t.countyCode,
  };
}

export class MaintenanceStore {
  constructor(private readonly db: Tx) {}

  /** expireListings: published listings whose last valid day is before `today` become EXPIRED at `now`. */
  async expire(kind: ListingKind, today: string, now: Date): Promise<ListingSummary[]> {
    const t = LISTING_TABLES[kind];
    const rows = await this.db
      .update(t)
      .set({ status: 'EXPIRED', expiredAt: now, updatedAt: now })
      .where(and(eq(t.status, 'PUBLISHED'), lt(t.expiresOn, today)))
      .returning(summaryColumns(kind));
    return rows.map((r) => normalise(kind, r));
  }

  /** findStaleListings: published listings whose content was not updated for 90 days before `now`. */
  async stale(kind: Exclude<ListingKind, 'opportunity'>, now: Date): Promise<ListingSummary[]> {
    const t = LISTING_TABLES[kind];
    const rows = await this.db
      .select(summaryColumns(kind))
      .from(t)
      .where(and(eq(t.status, 'PUBLISHED'), lt(t.revisedAt, staleBefore(now))))
      .orderBy(asc(t.id));
    return rows.map((r) => normalise(kind, r));
  }
}

/** Parks and projects are the department's own: their keepers are the unit's staff, not their creator. */
function normalise(kind: ListingKind, r: ListingSummary): ListingSummary {
  return kind === 'park' || kind === 'investmentProject' ? { ...r, ownerCode: null } : r;
}
