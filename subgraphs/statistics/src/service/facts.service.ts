/**
 * The statistical facts of an enterprise (四上 flag, annual revenue, persons employed): the fact feed that 免申即享
 * matching in the policies subgraph reads through the graph (`Enterprise.statisticalFacts`).
 */
import { CITY_CODE, type Principal } from '@qq/kit';
import type { Loaders } from '../loaders.ts';
import { isLeadStaff } from './access.ts';

export interface StatisticalFacts {
  aboveScale: boolean;
  aboveScaleSince: string | null;
  /** Yuan. */
  annualRevenue: number | null;
  employees: number | null;
  period: string | null;
}

/** Who may read facts at all (the shield checks the same; lead staff are further limited to their county). */
export function readsFacts(principal: Principal, creditCode: string): boolean {
  switch (principal.role) {
    case 'enterprise':
      return principal.enterprise === creditCode;
    case 'system':
    case 'analyst':
    case 'admin':
      return true;
    case 'staff':
      return isLeadStaff(principal);
    case 'leader':
    case 'person':
    case 'anonymous':
      return false;
  }
}

export class FactsService {
  constructor(
    private readonly principal: Principal,
    private readonly loaders: Loaders,
  ) {}

  /**
   * The facts of one enterprise, batched over enterprises; null when the caller may not see them (lead staff or an
   * admin of another county), so the rest of the enterprise still resolves.
   */
  async forEnterprise(creditCode: string): Promise<StatisticalFacts | null> {
    if (!readsFacts(this.principal, creditCode)) return null;
    const [records, annual] = await Promise.all([
      this.loaders.aboveScaleByEnterprise.load(creditCode),
      this.loaders.annualFacts.load(creditCode),
    ]);
    const counties = new Set([...records.map((r) => r.countyCode), ...(annual ? [annual.countyCode] : [])]);
    const county = this.principal.county;
    const countyBound = this.principal.role === 'staff' || this.principal.role === 'admin';
    if (countyBound && county && county !== CITY_CODE && counties.size > 0 && !counties.has(county)) return null;
    const since = records.map((r) => r.since).sort()[0] ?? null;
    return {
      aboveScale: records.length > 0,
      aboveScaleSince: since,
      annualRevenue: annual?.revenue === null || annual === null ? null : Math.round(annual.revenue * 1000),
      employees: annual?.employees ?? null,
      period: annual?.year ?? null,
    };
  }
}
