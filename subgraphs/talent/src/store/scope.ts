/** The module's scope policy (Art. 4): 人社局 leads talent services, so its staff read every posting of their county. */
import type { ScopePolicy } from '@qq/kit';

export const TALENT_SCOPE: ScopePolicy = { leads: ['hrss'] };

/** The department that reviews job postings. */
export const REVIEWING_DEPARTMENT = 'hrss';
