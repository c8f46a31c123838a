/**
 * Who may do what in the statistics module (Art. 4: 市统计局 and 市工信局 lead it). The shield checks the same
 * conditions on the graph; services repeat them on their first line so that no other entry point skips them. Which
 * rows a caller sees is decided in the stores' SQL (`readScope`).
 */
import { ForbiddenError, UnauthenticatedError, type DepartmentCode, type Principal } from '@qq/kit';

/** Lead departments of the module: their staff read every report of their county scope. */
export const LEADS: readonly DepartmentCode[] = ['stats', 'miit'];
export const SCOPE_POLICY = { leads: LEADS };

export function isLeadStaff(principal: Principal): boolean {
  return principal.role === 'staff' && !!principal.dept && LEADS.includes(principal.dept);
}

/** Enterprises (their own), lead staff (their county), analysts and admins read reports. */
export function readsReports(principal: Principal): boolean {
  return (
    principal.role === 'enterprise' ||
    principal.role === 'analyst' ||
    principal.role === 'admin' ||
    isLeadStaff(principal)
  );
}

/** Aggregates are for lead staff, analysts and admins. */
export function readsTotals(principal: Principal): boolean {
  return principal.role === 'analyst' || principal.role === 'admin' || isLeadStaff(principal);
}

function refuse(principal: Principal): never {
  throw principal.role === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
}

export function requireReportReader(principal: Principal): void {
  if (!readsReports(principal)) refuse(principal);
}

export function requireTotalsReader(principal: Principal): void {
  if (!readsTotals(principal)) refuse(principal);
}

/** An enterprise user acting for its enterprise; returns the credit code. */
export function requireEnterpriseUser(principal: Principal): string {
  if (principal.role !== 'enterprise' || !principal.enterprise) refuse(principal);
  return principal.enterprise;
}
