/**
 * Row scoping: which rows of a department's tables a caller may read, as a SQL condition applied in the store's query
 * on every path (lists, lookups by id, entity fields). Never filtered after the fact.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { CITY_CODE, type DepartmentCode, type Principal } from './auth.ts';

export interface ScopeColumns {
  departmentCode: PgColumn;
  countyCode: PgColumn;
  /** The enterprise a row belongs to, when an enterprise user may read its own rows. */
  enterpriseCode?: PgColumn;
}

export interface ScopePolicy {
  /** Lead departments of the module (Art. 4): their staff read every row of the module in their county scope. */
  leads: readonly DepartmentCode[];
}

const NOTHING = sql`false`;

/** Staff and admins bound to one county read that county only; `410400` means city-wide. */
function countyCondition(principal: Principal, column: PgColumn): SQL | undefined {
  return principal.county && principal.county !== CITY_CODE ? eq(column, principal.county) : undefined;
}

/**
 * The condition for rows the caller may read beyond public data. `undefined` means no restriction.
 * - admin (大数据局) and analyst: every row (analysts see personal data masked, and never mutate)
 * - staff of a lead department: every row of their county scope
 * - other staff: rows handled by their department in their county scope
 * - enterprise users: rows of their own enterprise
 * - a department's system: as its department's staff
 * - leaders, persons and anonymous callers: nothing (leaders read the figures)
 */
export function readScope(principal: Principal, cols: ScopeColumns, policy: ScopePolicy): SQL | undefined {
  switch (principal.role) {
    case 'admin':
      return countyCondition(principal, cols.countyCode);
    case 'analyst':
      return undefined;
    // A department's own system is scoped like its department's staff.
    case 'system':
    case 'staff': {
      const county = countyCondition(principal, cols.countyCode);
      if (principal.dept && policy.leads.includes(principal.dept)) return county ?? undefined;
      return and(eq(cols.departmentCode, principal.dept ?? ''), county);
    }
    case 'enterprise':
      return cols.enterpriseCode && principal.enterprise ? eq(cols.enterpriseCode, principal.enterprise) : NOTHING;
    // Leaders read figures (aggregates), not rows.
    case 'leader':
    case 'person':
    case 'anonymous':
      return NOTHING;
  }
}

/** Whether the caller's scope covers a (department, county) pair: for writes, checked before the change. */
export function coversUnit(
  principal: Principal,
  departmentCode: string,
  countyCode: string,
  policy: ScopePolicy,
): boolean {
  if (principal.role !== 'staff' && principal.role !== 'admin') return false;
  const countyOk = !principal.county || principal.county === CITY_CODE || principal.county === countyCode;
  if (principal.role === 'admin') return countyOk;
  const deptOk = principal.dept === departmentCode || (!!principal.dept && policy.leads.includes(principal.dept));
  return countyOk && deptOk;
}
