/**
 * The talent module's vocabulary: who leads it (Art. 4: 人社局), who is an enterprise user or a person, and the
 * thresholds of keeping information current (Art. 8).
 */
import { CITY_CODE, chinaDay, type Principal, type ScopePolicy } from '@qq/kit';

/** 人社局 leads talent services: its staff read and keep every record of their county (the city's: all). */
export const TALENT_SCOPE: ScopePolicy = { leads: ['hrss'] };

/** The department that moderates job postings and publishes talent policies. */
export const HRSS = 'hrss';

/** A published posting or policy whose content was not updated for this many days is stale (超过90天未更新). */
export const STALE_DAYS = 90;

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

/** The instant before which a published record's last revision makes it stale. */
export function staleBefore(now: Date): Date {
  return new Date(now.getTime() - STALE_DAYS * DAY_MS);
}

/** A day (YYYY-MM-DD) `n` days after `day`. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whether a last valid day has passed on the China calendar day of `now`. */
export function isPastExpiry(expiresOn: string | null, now: Date): boolean {
  return expiresOn !== null && expiresOn < chinaDay(now);
}

/** Published and its content not updated for 90 days before `now`. */
export function isStaleAt(row: { status: string; revisedAt: Date }, now: Date): boolean {
  return row.status === 'PUBLISHED' && row.revisedAt < staleBefore(now);
}
