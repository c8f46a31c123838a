/** Who leads the commerce module (Art. 4): staff of 市商务局 read every opportunity and financing need in their county. */
import type { ScopePolicy } from '@qq/kit';

export const COMMERCE_SCOPE: ScopePolicy = { leads: ['mofcom'] };
