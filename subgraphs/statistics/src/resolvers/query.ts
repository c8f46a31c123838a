/** Root query fields: parse, call one service, return. */
import type { Context } from '../context.ts';
import type { FilingStatus } from '../service/compliance.service.ts';
import type { AggregateArgs } from '../service/aggregates.service.ts';
import type { RegisterChangeFilterArgs } from '../service/derivation.service.ts';
import type { RegisterFilterArgs } from '../service/register.service.ts';
import type { ReportFilterArgs } from '../service/report.service.ts';
import { STATISTICAL_FORMS } from '../service/forms.ts';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const Query = {
  reportAggregates: (_: unknown, args: AggregateArgs, ctx: Context) => ctx.aggregates.aggregates(args),
  scaleThresholds: (_: unknown, args: { asOf?: string | null; allVersions?: boolean | null }, ctx: Context) =>
    ctx.derivation.thresholds(args.asOf, args.allVersions),
  registerChanges: (_: unknown, args: PageArgs & { filter?: RegisterChangeFilterArgs | null }, ctx: Context) =>
    ctx.derivation.list(args),
  registerChange: (_: unknown, args: { id: string }, ctx: Context) => ctx.derivation.byId(args.id),
  aboveScaleEnterprises: (_: unknown, args: PageArgs & { filter?: RegisterFilterArgs | null }, ctx: Context) =>
    ctx.register.list(args),
  statisticalForms: () => STATISTICAL_FORMS,
  statisticalReports: (_: unknown, args: PageArgs & { filter?: ReportFilterArgs | null }, ctx: Context) =>
    ctx.reports.list(args),
  statisticalReport: (_: unknown, args: { id: string }, ctx: Context) => ctx.reports.byId(args.id),
  reportingCalendar: (_: unknown, args: { year: number; formCode?: string | null }, ctx: Context) =>
    ctx.compliance.calendar(args.year, args.formCode),
  reportingObligations: (
    _: unknown,
    args: {
      formCode: string;
      period: string;
      status?: FilingStatus | null;
      countyCode?: string | null;
      departmentCode?: string | null;
    },
    ctx: Context,
  ) => ctx.compliance.obligations(args),
  reportTotals: (
    _: unknown,
    args: { period: string; countyCode?: string | null; acceptedOnly?: boolean | null },
    ctx: Context,
  ) => ctx.reports.totals(args),
};
