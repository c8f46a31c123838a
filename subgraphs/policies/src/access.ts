/** Who leads the module: its staff read every row of the module in their county scope (Art. 4). */
import type { ScopePolicy } from '@qq/kit';

/** 万人助万企办 leads 惠企政策, 政策兑现, 免申即享 and 万人助万企. */
export const MODULE_SCOPE: ScopePolicy = { leads: ['wrzwq'] };
