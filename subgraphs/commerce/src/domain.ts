/**
 * The commerce module's vocabulary: who leads which listings (Art. 4), how an institution's staff are recognised,
 * and the thresholds of keeping listings current (Art. 8).
 */
import { CITY_CODE, type Principal, type ScopePolicy } from '@qq/kit';

/** 发改委 leads the parks: its city staff keep every park, a county's staff the parks of their county. */
export const PARK_SCOPE: ScopePolicy = { leads: ['ndrc'] };
/** 商务局 leads the rest of the module: opportunities, investment promotion and financing. */
export const COMMERCE_SCOPE: ScopePolicy = { leads: ['mofcom'] };

/** The department that moderates opportunities and bank products and handles financing needs. */
export const MOFCOM = 'mofcom';
/** The department that keeps the parks. */
export const NDRC = 'ndrc';
/** Departments that publish investment projects. */
export const PROJECT_DEPARTMENTS = ['mofcom', 'ndrc'] as const;

/**
 * A financial institution's staff: users of the institution's own credit code (role `enterprise`, the `enterprise`
 * claim naming the institution) holding this permission. Other users of the same credit code act for the bank as an
 * enterprise only.
 */
export const INSTITUTION_PERM = 'financing:institution';

export const DAY_MS = 86_400_000;

export function isEnterpriseUser(p: Principal): boolean {
  return p.role === 'enterprise' && !!p.enterprise;
}

export function isInstitutionStaff(p: Principal): boolean {
  return isEnterpriseUser(p) && p.perms.includes(INSTITUTION_PERM);
}

/** Staff of the city (410400) rather than of one county. */
export function isCityStaff(p: Principal): boolean {
  return p.role === 'staff' && p.county === CITY_CODE;
}

/** Full years from `since` (YYYY-MM-DD) to `today` (YYYY-MM-DD). */
export function fullYearsBetween(since: string, today: string): number {
  const [y1, m1, d1] = since.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = today.split('-').map(Number) as [number, number, number];
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}
