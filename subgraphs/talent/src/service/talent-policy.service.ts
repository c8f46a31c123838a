/** Rules of talent policies (人才政策): public lists and lookups, filters and pages. */
import { assertUuid, readCountyFilter, readKeyword, readPage, toConnection, type PageArgs } from '@qq/kit';
import type { Loaders } from '../loaders.ts';
import {
  policyCursor,
  type TalentPolicyFilter,
  type TalentPolicyRow,
  type TalentPolicyStore,
} from '../store/talent-policies.store.ts';

export interface TalentPolicyListArgs extends PageArgs {
  filter?: TalentPolicyFilter | null;
}

export class TalentPolicyService {
  constructor(
    private readonly store: TalentPolicyStore,
    private readonly loaders: Loaders,
  ) {}

  async byId(id: string): Promise<TalentPolicyRow | null> {
    assertUuid(id, 'id', 'is not a talent policy id');
    return this.loaders.talentPolicy.load(id);
  }

  async list(args: TalentPolicyListArgs) {
    const page = readPage(args, 2);
    const given = args.filter ?? {};
    const filter: TalentPolicyFilter = {
      // The city's code selects the city-wide policies only (a county's filter adds them to its own).
      countyCode: readCountyFilter(given.countyCode, 'filter.countyCode'),
      keyword: readKeyword(given.keyword, 'filter.keyword'),
    };
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
