/** Root query fields: parse, call one service, return. */
import type { Context } from '../context.ts';
import type { RegisterFilterArgs } from '../service/register.service.ts';
import type { ReportFilterArgs } from '../service/report.service.ts';
import { STATISTICAL_FORMS } from '../service/forms.ts';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const Query = {
  aboveScaleEnterprises: (_: unknown, args: PageArgs & { filter?: RegisterFilterArgs | null }, ctx: Context) =>
    ctx.register.list(args),
  statisticalForms: () => STATISTICAL_FORMS,
  statisticalReports: (_: unknown, args: PageArgs & { filter?: ReportFilterArgs | null }, ctx: Context) =>
    ctx.reports.list(args),
  statisticalReport: (_: unknown, args: { id: string }, ctx: Context) => ctx.reports.byId(args.id),
  reportTotals: (
    _: unknown,
    args: { period: string; countyCode?: string | null; acceptedOnly?: boolean | null },
    ctx: Context,
  ) => ctx.reports.totals(args),
};
