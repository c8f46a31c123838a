/** Reading statistical reports and their totals; the rows a caller sees are scoped in the store's SQL. */
import {
  assertUuid,
  countOnlyConnection,
  isUuid,
  readCountyFilter,
  readPage,
  toConnection,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { ABOVE_SCALE_CATEGORIES, type AboveScaleCategory, type ReportStatus } from '@qq/db/schema/statistics';
import type { Loaders } from '../loaders.ts';
import type { ReportFilter, ReportRow, ReportStore } from '../store/reports.store.ts';
import { requireReportReader, requireTotalsReader } from './access.ts';
import { formByCode, STATISTICAL_FORMS, type StatisticalFormDefinition } from './forms.ts';
import * as valid from './validation.ts';

export interface ReportFilterArgs {
  period?: string | null;
  formCode?: string | null;
  status?: string | null;
  countyCode?: string | null;
  allVersions?: boolean | null;
}

interface Sums {
  reportCount: number;
  enterpriseCount: number;
  revenue: number;
  outputValue: number;
  employees: number;
}

export interface ReportTotals {
  period: string;
  countyCode: string | null;
  acceptedOnly: boolean;
  byCategory: Array<Sums & { category: AboveScaleCategory }>;
  byForm: Array<Sums & { form: StatisticalFormDefinition }>;
}

export class ReportService {
  constructor(
    private readonly principal: Principal,
    private readonly store: ReportStore,
    private readonly loaders: Loaders,
  ) {}

  async list(args: PageArgs & { filter?: ReportFilterArgs | null }) {
    requireReportReader(this.principal);
    const page = readPage(args, 2);
    const filter: ReportFilter = {
      period: valid.period(args.filter?.period, 'filter.period'),
      formCode: valid.formCode(args.filter?.formCode, 'filter.formCode'),
      status: valid.status(args.filter?.status, 'filter.status'),
      countyCode: readCountyFilter(args.filter?.countyCode, 'filter.countyCode'),
      allVersions: args.filter?.allVersions ?? false,
    };
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.report.prime(row.id, row);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.period, r.id],
      () => this.store.count(filter),
    );
  }

  /** A version by id: null when missing or out of the caller's scope. */
  async byId(id: string): Promise<ReportRow | null> {
    requireReportReader(this.principal);
    assertUuid(id, 'id', 'must be a report id (UUID)');
    return this.loaders.report.load(id.toLowerCase());
  }

  /** The `_entities` path: an id that is malformed, missing or out of scope is simply not there. */
  async reference(id: string): Promise<ReportRow | null> {
    if (!isUuid(id)) return null;
    return this.loaders.report.load(id.toLowerCase());
  }

  /**
   * The first current reports of one enterprise (`Enterprise.statisticalReports`), batched over enterprises; only
   * their count when the query reads nothing else (`rows` false).
   */
  async forEnterprise(creditCode: string, args: { first?: number | null }, rows = true) {
    requireReportReader(this.principal);
    const { limit } = readPage({ first: args.first }, 2, 50, 10);
    if (!rows) return countOnlyConnection<ReportRow>(() => this.loaders.reportCountByEnterprise.load(creditCode));
    return this.loaders.reportsByEnterprise({ first: limit }).load(creditCode);
  }

  async totals(args: {
    period: string;
    countyCode?: string | null;
    acceptedOnly?: boolean | null;
  }): Promise<ReportTotals> {
    requireTotalsReader(this.principal);
    const period = valid.period(args.period, 'period')!;
    const countyCode = readCountyFilter(args.countyCode, 'countyCode');
    const acceptedOnly = args.acceptedOnly ?? false;
    const statuses: ReportStatus[] = acceptedOnly ? ['ACCEPTED'] : ['SUBMITTED', 'ACCEPTED'];
    const rows = await this.store.totals(period, countyCode, statuses);
    const sums = (r: (typeof rows)[number]): Sums => ({
      reportCount: r.reportCount,
      enterpriseCount: r.enterpriseCount,
      revenue: r.revenue,
      outputValue: r.outputValue,
      employees: r.employees,
    });
    const byCategory = rows
      .filter((r) => !r.byForm)
      .map((r) => ({ category: r.category as AboveScaleCategory, ...sums(r) }))
      .sort((a, b) => ABOVE_SCALE_CATEGORIES.indexOf(a.category) - ABOVE_SCALE_CATEGORIES.indexOf(b.category));
    const order = (code: string) => STATISTICAL_FORMS.findIndex((f) => f.code === code);
    const byForm = rows
      .filter((r) => r.byForm && r.formCode && formByCode(r.formCode))
      .sort((a, b) => order(a.formCode!) - order(b.formCode!))
      .map((r) => ({ form: formByCode(r.formCode!)!, ...sums(r) }));
    return { period, countyCode, acceptedOnly, byCategory, byForm };
  }
}
