/** SQL conditions every listing table shares: current, stale, the status and staleness filters, visibility. */
import { chinaDay } from '@qq/kit';
import { and, eq, gte, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { staleBefore } from '../domain.ts';

export interface ListingColumns {
  status: PgColumn;
  expiresOn: PgColumn;
  revisedAt: PgColumn;
}

export interface ListingFilter {
  status?: string | null;
  stale?: boolean | null;
}

/** Published and not past its last valid day (China calendar day of `now`). */
export function isCurrent(t: ListingColumns, now: Date): SQL {
  return and(eq(t.status, 'PUBLISHED'), or(isNull(t.expiresOn), gte(t.expiresOn, chinaDay(now))))!;
}

/** Published and its content not updated for 90 days. */
export function isStale(t: ListingColumns, now: Date): SQL {
  return and(eq(t.status, 'PUBLISHED'), lt(t.revisedAt, staleBefore(now)))!;
}

/** The `status` and `stale` filters of a listing list. */
export function listingFilter(t: ListingColumns, filter: ListingFilter, now: Date): SQL | undefined {
  const stale = filter.stale === true ? isStale(t, now) : undefined;
  const fresh = filter.stale === false ? or(ne(t.status, 'PUBLISHED'), gte(t.revisedAt, staleBefore(now))) : undefined;
  return and(filter.status ? eq(t.status, filter.status) : undefined, stale, fresh);
}

/**
 * What the caller may read: public rows (`published`), or rows in the caller's scope. `scope` undefined means no
 * restriction (admins, analysts); extra conditions widen the scope (an institution's own rows).
 */
export function visibleWhen(
  published: SQL | undefined,
  scope: SQL | undefined,
  ...extra: Array<SQL | undefined>
): SQL | undefined {
  if (scope === undefined) return undefined;
  return or(...[published, scope, ...extra].filter((c): c is SQL => c !== undefined));
}
