/** Reading the 四上企业 register: public, validated filters, keyset pages. */
import { readCountyFilter, readPage, toConnection, type PageArgs } from '@qq/kit';
import type { RegisterFilter, RegisterStore } from '../store/register.store.ts';
import * as valid from './validation.ts';

export interface RegisterFilterArgs {
  category?: string | null;
  countyCode?: string | null;
  asOf?: string | null;
}

export class RegisterService {
  constructor(
    private readonly store: RegisterStore,
    /** Today in China Standard Time, the default day the register is read at. */
    readonly today: string,
  ) {}

  /** The register is public: no access check beyond the arguments. */
  async list(args: PageArgs & { filter?: RegisterFilterArgs | null }) {
    const page = readPage(args, 3);
    const filter: RegisterFilter = {
      category: valid.category(args.filter?.category, 'filter.category'),
      countyCode: readCountyFilter(args.filter?.countyCode, 'filter.countyCode'),
      asOf: valid.day(args.filter?.asOf, 'filter.asOf') ?? this.today,
    };
    const rows = await this.store.list(filter, page);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.enterpriseCode, r.category, r.since],
      () => this.store.count(filter),
    );
  }
}
