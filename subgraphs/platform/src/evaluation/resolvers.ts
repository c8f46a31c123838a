/** Resolvers of the monthly evaluation: thin, each parses its arguments and calls the service or an export. */
import { BadUserInputError } from '@qq/kit';
import type { Context } from '../context.ts';
import { FIGURE_CATALOG, UNIT_KINDS } from './catalog.ts';
import type { DefineMeasuresInput, MeasureSetRow, MonthPlan, ReportRow } from './evaluation.service.ts';
import { last12, reportCsv, reportXlsx, unitChart } from './exports.ts';
import type { MonthInputs } from './engine.ts';

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

function setOut(row: MeasureSetRow) {
  return { ...row, definedAt: iso(row.definedAt) };
}

function planOut(plan: MonthPlan) {
  return {
    month: plan.month,
    settings: plan.settings,
    measures: plan.measures,
    sets: plan.sets.map((s) => ({
      id: s.id,
      owner: s.owner,
      validFrom: s.validFrom,
      measures: plan.measures.filter((m) => m.owner === s.owner),
      settings: s.owner === 'general' ? plan.settings : null,
      note: null,
      definedBy: null,
      definedAt: null,
    })),
  };
}

function monthInputsOut(m: MonthInputs) {
  return {
    month: m.month,
    plan: planOut(m),
    figures: UNIT_KINDS.flatMap((kind) =>
      Object.entries(m.figures[kind]).flatMap(([unit, values]) =>
        Object.entries(values).map(([path, value]) => ({ kind, unit, path, value })),
      ),
    ),
  };
}

export const evaluationResolvers = {
  Query: {
    evaluationCatalog: () =>
      FIGURE_CATALOG.map((m) => ({
        field: m.field,
        label: m.label,
        leadDepartment: m.lead,
        monthly: m.monthly,
        departments: m.departments,
        figures: Object.entries(m.figures).map(([name, f]) => ({ path: `${m.field}.${name}`, ...f })),
      })),
    evaluationMeasureSets: async (_: unknown, args: { owner?: string | null }, ctx: Context) =>
      (await ctx.evaluation.measureSets(args.owner)).map(setOut),
    evaluationPlan: async (_: unknown, args: { month: string }, ctx: Context) =>
      planOut(await ctx.evaluation.plan(args.month)),
    evaluationReport: (_: unknown, args: { month: string; version?: number | null }, ctx: Context) =>
      ctx.evaluation.report(args.month, args.version),
    evaluationReports: (_: unknown, args: { from: string; to: string }, ctx: Context) =>
      ctx.evaluation.reports(args.from, args.to),
  },
  Mutation: {
    defineEvaluationMeasures: async (_: unknown, args: { input: DefineMeasuresInput }, ctx: Context) =>
      setOut(await ctx.evaluation.defineMeasures(args.input)),
    generateEvaluationReport: (
      _: unknown,
      args: { month: string; newVersion?: boolean | null; reason?: string | null },
      ctx: Context,
    ) => ctx.evaluation.generate(args.month, args),
  },
  EvaluationReport: {
    generatedAt: (r: ReportRow) => iso(r.generatedAt),
    figuresReadAt: (r: ReportRow) => r.inputs.readAt,
    plan: (r: ReportRow) => planOut(r.inputs.months[0]!),
    departments: (r: ReportRow) => r.results.departments,
    counties: (r: ReportRow) => r.results.counties,
    supervised: (r: ReportRow) => [...r.results.departments, ...r.results.counties].filter((u) => u.supervised),
    inputs: (r: ReportRow) => r.inputs.months.map(monthInputsOut),
    export: (r: ReportRow, args: { format: 'CSV' | 'XLSX' }) => (args.format === 'CSV' ? reportCsv(r) : reportXlsx(r)),
    chart: async (r: ReportRow, args: { unit: string }, ctx: Context) => {
      const unit = [...r.results.departments, ...r.results.counties].find((u) => u.code === args.unit);
      if (!unit) throw new BadUserInputError('unit', `no unit ${args.unit} in the report of ${r.month}`);
      const months = last12(r.month);
      return unitChart(r, await ctx.evaluation.history(months[0]!, months[11]!), unit);
    },
  },
};
