/** The module's scope policy (Art. 4): 人社局 leads talent services, so its staff read every posting of their county. */
import type { ScopePolicy } from '@qq/kit';

export const TALENT_SCOPE: ScopePolicy = { leads: ['hrss'] };

/** The department that reviews job postings. */
export const REVIEWING_DEPARTMENT = 'hrss';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a row id (a malformed one would be a SQL error, not a miss). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
