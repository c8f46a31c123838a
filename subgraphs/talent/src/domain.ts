/**
 * The talent module's vocabulary: who leads it (Art. 4: 人社局), who is an enterprise user or a person, and the
 * thresholds of keeping information current (Art. 8).
 */
import { CITY_CODE, type Principal, type ScopePolicy } from '@qq/kit';

/** 人社局 leads talent services: its staff read and keep every record of their county (the city's: all). */
export const TALENT_SCOPE: ScopePolicy = { leads: ['hrss'] };

/** The department that moderates job postings and publishes talent policies. */
export const HRSS = 'hrss';

export const DAY_MS = 86_400_000;

/** A new posting is open for this many days unless its last day is given; at most a year. */
export const DEFAULT_POSTING_DAYS = 90;
export const POSTING_MAX_DAYS = 366;

export function isEnterpriseUser(p: Principal): boolean {
  return p.role === 'enterprise' && !!p.enterprise;
}

/** An individual (a job seeker) signed in with a user id. */
export function isPerson(p: Principal): boolean {
  return p.role === 'person' && !!p.sub;
}

export function isHrssStaff(p: Principal): boolean {
  return p.role === 'staff' && p.dept === HRSS;
}

/** Staff of the city (410400) rather than of one county. */
export function isCityStaff(p: Principal): boolean {
  return p.role === 'staff' && p.county === CITY_CODE;
}
