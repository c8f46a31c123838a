/** Shapes shared by the resolvers: events and versions as the API shows them, instants, staleness. */
import { INDUSTRIES } from '@qq/db/reference';
import type { Principal } from '@qq/kit';
import { staleBefore } from '../domain.ts';
import type { EventRow, VersionRow } from '../store/history.store.ts';

export const iso = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;

export const industryName = (code: string): string => INDUSTRIES[code] ?? code;

/** Accounts of whoever took a step are for staff and admins. */
export function actorFor(principal: Principal, actor: string): string | null {
  return principal.role === 'staff' || principal.role === 'admin' ? actor : null;
}

/** A step of a workflow as the API shows it. */
export function eventView(principal: Principal, e: EventRow) {
  return {
    action: e.action,
    step: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    version: Number((e.data as { version?: unknown } | null)?.version ?? 1),
    at: e.at.toISOString(),
    actorRole: e.actorRole,
    actor: actorFor(principal, e.actor),
    note: e.note,
  };
}

/** A saved content as the API shows it: the content's fields, its number and instant, the unit as a reference. */
export function versionView(v: VersionRow): Record<string, unknown> {
  const content = v.content;
  return {
    ...content,
    version: v.version,
    savedAt: v.at.toISOString(),
    county: typeof content.countyCode === 'string' ? { code: content.countyCode } : null,
  };
}

/** A bank product's eligibility columns as the API shows them. */
export function eligibilityView(r: {
  eligibleIndustries?: unknown;
  eligibleScales?: unknown;
  eligibleCounties?: unknown;
  acceptedGuarantees?: unknown;
  minYearsInBusiness?: unknown;
}) {
  return {
    industryCodes: (r.eligibleIndustries as string[] | undefined) ?? [],
    scales: (r.eligibleScales as string[] | undefined) ?? [],
    countyCodes: (r.eligibleCounties as string[] | undefined) ?? [],
    guarantees: (r.acceptedGuarantees as string[] | undefined) ?? [],
    minYearsInBusiness: (r.minYearsInBusiness as number | null | undefined) ?? null,
  };
}

/** Published and its content not updated for 90 days before the request. */
export function isStaleAt(row: { status: string; revisedAt: Date }, now: Date): boolean {
  return row.status === 'PUBLISHED' && row.revisedAt < staleBefore(now);
}
