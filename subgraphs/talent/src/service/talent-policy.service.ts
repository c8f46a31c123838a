/** Rules of talent policies (人才政策): public lists and lookups, filters and pages. */
import { BadUserInputError, CITY_CODE, COUNTY_CODES, readPage, toConnection, type PageArgs } from '@qq/kit';
import type { Loaders } from '../loaders.ts';
import {
  policyCursor,
  type TalentPolicyFilter,
  type TalentPolicyRow,
  type TalentPolicyStore,
} from '../store/talent-policies.store.ts';
import { isUuid } from '../store/scope.ts';
import { readKeyword } from './validation.ts';

export interface TalentPolicyListArgs extends PageArgs {
  filter?: TalentPolicyFilter | null;
}

export class TalentPolicyService {
  constructor(
    private readonly store: TalentPolicyStore,
    private readonly loaders: Loaders,
  ) {}

  async byId(id: string): Promise<TalentPolicyRow | null> {
    if (!isUuid(id)) throw new BadUserInputError('id', 'is not a talent policy id');
    return this.loaders.talentPolicy.load(id);
  }

  async list(args: TalentPolicyListArgs) {
    const page = readPage(args, 2);
    const given = args.filter ?? {};
    const countyCode = given.countyCode ?? null;
    if (countyCode !== null && countyCode !== CITY_CODE && !(COUNTY_CODES as readonly string[]).includes(countyCode)) {
      throw new BadUserInputError(
        'filter.countyCode',
        'must be the GB/T 2260 code of a county-level unit of Pingdingshan or 410400',
      );
    }
    const filter: TalentPolicyFilter = { countyCode, keyword: readKeyword(given.keyword, 'filter.keyword') };
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.talentPolicy.prime(row.id, row);
    return toConnection(rows, page.limit, policyCursor, () => this.store.count(filter));
  }

  /** The first policies of a department (batched over every department of the request). */
  async ofDepartment(code: string, first: number | null | undefined) {
    const page = readPage({ first }, 2);
    return this.loaders.talentPoliciesByDepartment(page.limit).load(code);
  }
}
