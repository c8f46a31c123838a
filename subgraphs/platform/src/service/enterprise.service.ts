/** Rules of the enterprise registry: code validation, filters, pages. */
import { BadUserInputError, checkCreditCode, readPage, toConnection, type PageArgs, type Principal } from '@qq/kit';
import { INDUSTRIES } from '@qq/db/reference';
import type { Loaders } from '../loaders.ts';
import type { EnterpriseFilter, EnterpriseRow, EnterpriseStore } from '../store/enterprises.store.ts';

const SCALES = new Set(['MICRO', 'SMALL', 'MEDIUM', 'LARGE']);

export function assertCreditCode(code: string, field: string): void {
  const check = checkCreditCode(code);
  if (!check.valid) throw new BadUserInputError(field, `invalid unified social credit code: ${check.message}`);
}

export class EnterpriseService {
  constructor(
    private readonly principal: Principal,
    private readonly store: EnterpriseStore,
    private readonly loaders: Loaders,
  ) {}

  async byCode(creditCode: string): Promise<EnterpriseRow | null> {
    assertCreditCode(creditCode, 'creditCode');
    return this.loaders.enterprise.load(creditCode);
  }

  /**
   * A county's enterprises. The first page of many counties in one request is one statement (a DataLoader); later
   * pages, and the city (every unit), page through the registry.
   */
  async ofCounty(countyCode: string, isCity: boolean, args: PageArgs) {
    if (isCity || args.after) return this.list({ ...args, filter: isCity ? {} : { countyCode } });
    const page = readPage(args, 1, 500);
    const rows = await this.loaders.firstEnterprisesByCounty(page.limit).load(countyCode);
    for (const row of rows) this.loaders.enterprise.prime(row.creditCode, row);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.creditCode],
      () => this.loaders.enterpriseCountByCounty.load(countyCode),
    );
  }

  async list(args: PageArgs & { filter?: EnterpriseFilter | null }) {
    // Registry pages may be larger than other lists: analysts and back offices page through thousands.
    const page = readPage(args, 1, 500);
    const filter = args.filter ?? {};
    if (filter.industryCode && !INDUSTRIES[filter.industryCode]) {
      throw new BadUserInputError('filter.industryCode', 'must be a GB/T 4754 section letter A–T');
    }
    if (filter.scale && !SCALES.has(filter.scale)) throw new BadUserInputError('filter.scale', 'unknown scale');
    if (
      filter.nameContains !== undefined &&
      filter.nameContains !== null &&
      [...filter.nameContains.trim()].length < 2
    ) {
      throw new BadUserInputError('filter.nameContains', 'must be at least two characters');
    }
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.enterprise.prime(row.creditCode, row);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.creditCode],
      () => this.store.count(filter),
    );
  }
}
