/** Field resolvers of the statistics types: rows to GraphQL shapes, references as stubs, personal data masked. */
import { CITY_CODE, personalName, personalPhone } from '@qq/kit';
import type { ReportFigure } from '@qq/db/schema/statistics';
import type { Context } from '../context.ts';
import { formByCode, type StatisticalFormDefinition } from '../service/forms.ts';
import { ACTION_ENUM, reportWorkflow } from '../service/report.workflow.ts';
import type { ReportTotals } from '../service/report.service.ts';
import type { Aggregate } from '../service/aggregates.service.ts';
import { changeReason } from '../service/derivation.service.ts';
import { REGISTER_ACTION_ENUM, registerChangeWorkflow } from '../service/register-change.workflow.ts';
import type { RegisterChangeEventRow, RegisterChangeRow, UnitRow } from '../store/derivation.store.ts';
import type { RegisterRow } from '../store/register.store.ts';
import type { ReportEventRow, ReportRow } from '../store/reports.store.ts';

const FIGURE_ENUM: Record<ReportFigure, string> = {
  revenue: 'REVENUE',
  mainBusinessRevenue: 'MAIN_BUSINESS_REVENUE',
  outputValue: 'OUTPUT_VALUE',
  employees: 'EMPLOYEES',
};

export const AboveScaleRecord = {
  enterprise: (r: RegisterRow) => ({ creditCode: r.enterpriseCode }),
  current: (r: RegisterRow, _: unknown, ctx: Context) =>
    r.since <= ctx.register.today && (r.until === null || r.until >= ctx.register.today),
  county: (r: RegisterRow) => ({ code: r.countyCode }),
  department: (r: RegisterRow) => ({ code: r.departmentCode }),
};

export const StatisticalForm = {
  figures: (f: StatisticalFormDefinition) => f.fields.map((d) => FIGURE_ENUM[d.name]),
  fields: (f: StatisticalFormDefinition) => f.fields.map((d) => ({ ...d, figure: FIGURE_ENUM[d.name] })),
  rules: (f: StatisticalFormDefinition) =>
    f.rules.map((r) => ({
      kind: r.kind,
      figure: FIGURE_ENUM[r.field],
      total: FIGURE_ENUM[r.total],
      description: r.message,
    })),
  warningChecks: (f: StatisticalFormDefinition) =>
    f.warnings.map((w) => ({ code: w.kind, figure: FIGURE_ENUM[w.field], threshold: w.threshold })),
};

export const StatisticalReport = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.reports.reference(ref.id),
  enterprise: (r: ReportRow) => ({ creditCode: r.enterpriseCode }),
  county: (r: ReportRow) => ({ code: r.countyCode }),
  department: (r: ReportRow) => ({ code: r.departmentCode }),
  form: (r: ReportRow) => formByCode(r.formCode),
  latest: (r: ReportRow) => r.current,
  figures: (r: ReportRow) => ({
    revenue: r.revenue,
    mainBusinessRevenue: r.mainBusinessRevenue,
    outputValue: r.outputValue,
    employees: r.employees,
  }),
  acceptedAt: (r: ReportRow) => r.acceptedAt?.toISOString() ?? null,
  returnedAt: (r: ReportRow) => r.returnedAt?.toISOString() ?? null,
  returnReasons: (r: ReportRow) =>
    (r.returnReasons ?? []).map((x) => ({ figure: x.field ? FIGURE_ENUM[x.field] : null, text: x.text })),
  warnings: (r: ReportRow) => (r.warnings ?? []).map((w) => ({ ...w, figure: FIGURE_ENUM[w.field] })),
  versions: (r: ReportRow, _: unknown, ctx: Context) => ctx.loaders.reportVersions.load(r.id),
  availableActions: (r: ReportRow, _: unknown, ctx: Context) =>
    r.current ? reportWorkflow.available(r.status, ctx.principal, r).map((a) => ACTION_ENUM[a]) : [],
  preparer: (r: ReportRow, _: unknown, ctx: Context) => personalName(ctx.principal, r.preparerName),
  preparerPhone: (r: ReportRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, r.preparerPhone),
  submittedAt: (r: ReportRow) => r.submittedAt?.toISOString() ?? null,
  events: (r: ReportRow, _: unknown, ctx: Context) => ctx.loaders.reportEvents.load(r.id),
};

export const ReportEvent = {
  // Staff accounts stay within the government: an enterprise sees who acted only when it was one of its own users.
  actor: (e: ReportEventRow, _: unknown, ctx: Context) => {
    const role = ctx.principal.role;
    if (role === 'staff' || role === 'admin') return e.actor;
    if (role === 'analyst') return personalName(ctx.principal, e.actor);
    return e.actorRole === 'enterprise' ? e.actor : e.actorRole;
  },
  at: (e: ReportEventRow) => e.at.toISOString(),
};

export const ReportTotalsType = {
  county: (t: ReportTotals) => (t.countyCode && t.countyCode !== CITY_CODE ? { code: t.countyCode } : null),
};

export const StatisticalUnit = {
  county: (u: UnitRow) => ({ code: u.countyCode }),
};

export const RegisterChange = {
  enterprise: (r: RegisterChangeRow) => ({ creditCode: r.enterpriseCode }),
  county: (r: RegisterChangeRow) => ({ code: r.countyCode }),
  department: (r: RegisterChangeRow) => ({ code: r.departmentCode }),
  threshold: (r: RegisterChangeRow, _: unknown, ctx: Context) => ctx.loaders.threshold.load(r.thresholdId),
  reason: (r: RegisterChangeRow) => changeReason(r),
  manual: (r: RegisterChangeRow) => r.proposalReason !== null,
  proposedAt: (r: RegisterChangeRow) => r.proposedAt.toISOString(),
  confirmedAt: (r: RegisterChangeRow) => r.confirmedAt?.toISOString() ?? null,
  overriddenAt: (r: RegisterChangeRow) => r.overriddenAt?.toISOString() ?? null,
  availableActions: (r: RegisterChangeRow, _: unknown, ctx: Context) =>
    registerChangeWorkflow.available(r.status, ctx.principal, r).map((a) => REGISTER_ACTION_ENUM[a]),
  events: (r: RegisterChangeRow, _: unknown, ctx: Context) => ctx.loaders.registerChangeEvents.load(r.id),
};

export const RegisterChangeEvent = {
  actor: (e: RegisterChangeEventRow, _: unknown, ctx: Context) =>
    ctx.principal.role === 'analyst' ? personalName(ctx.principal, e.actor) : e.actor,
  at: (e: RegisterChangeEventRow) => e.at.toISOString(),
};

const unlessWithheld = (key: 'revenue' | 'mainBusinessRevenue' | 'outputValue' | 'employees') => (a: Aggregate) =>
  a.withheld ? null : a[key];

export const ReportAggregate = {
  county: (a: Aggregate) => (a.countyCode ? { code: a.countyCode } : null),
  revenue: unlessWithheld('revenue'),
  mainBusinessRevenue: unlessWithheld('mainBusinessRevenue'),
  outputValue: unlessWithheld('outputValue'),
  employees: unlessWithheld('employees'),
};
