/** Shapes shared by the resolvers: events and versions as the API shows them, instants. */
import type { EventRow, Principal, VersionRow } from '@qq/kit';

export const iso = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;

/** Accounts of whoever took a step are for staff and admins. */
export function actorFor(principal: Principal, actor: string): string | null {
  return principal.role === 'staff' || principal.role === 'admin' ? actor : null;
}

/** A step of a workflow as the API shows it. */
export function eventView(principal: Principal, e: EventRow) {
  return {
    action: e.action,
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
