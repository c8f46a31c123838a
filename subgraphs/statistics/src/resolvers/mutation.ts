/** Mutations: one per action of the reporting workflow. */
import type { Context } from '../context.ts';
import type { ProposalInput, ThresholdInput, UnitInput } from '../service/derivation.service.ts';
import type { ReturnReasonInput } from '../service/filing.service.ts';
import type { FiguresInput, ReportInput } from '../service/report-input.ts';

export const Mutation = {
  deriveAboveScaleRegister: (_: unknown, args: { year: number }, ctx: Context) => ctx.derivation.derive(args.year),
  proposeRegisterChange: (_: unknown, args: { input: ProposalInput }, ctx: Context) =>
    ctx.derivation.propose(args.input),
  confirmRegisterChange: (_: unknown, args: { id: string; note?: string | null }, ctx: Context) =>
    ctx.derivation.confirm(args.id, args.note),
  overrideRegisterChange: (_: unknown, args: { id: string; reason: string }, ctx: Context) =>
    ctx.derivation.override(args.id, args.reason),
  setScaleThreshold: (_: unknown, args: { input: ThresholdInput }, ctx: Context) =>
    ctx.derivation.setThreshold(args.input),
  setStatisticalUnit: (_: unknown, args: { input: UnitInput }, ctx: Context) => ctx.derivation.setUnit(args.input),
  draftStatisticalReport: (_: unknown, args: { input: ReportInput }, ctx: Context) => ctx.filing.draft(args.input),
  submitStatisticalReport: (_: unknown, args: { input: ReportInput }, ctx: Context) => ctx.filing.submit(args.input),
  resubmitStatisticalReport: (_: unknown, args: { id: string; input: FiguresInput }, ctx: Context) =>
    ctx.filing.resubmit(args.id, args.input),
  correctStatisticalReport: (_: unknown, args: { id: string; input: FiguresInput; reason: string }, ctx: Context) =>
    ctx.filing.correct(args.id, args.input, args.reason),
  setReportingCalendarEntry: (
    _: unknown,
    args: { input: { formCode: string; period: string; opensOn: string; dueOn: string; exempt?: boolean | null } },
    ctx: Context,
  ) => ctx.compliance.setEntry(args.input),
  acceptStatisticalReport: (_: unknown, args: { id: string; note?: string | null }, ctx: Context) =>
    ctx.filing.accept(args.id, args.note),
  returnStatisticalReport: (_: unknown, args: { id: string; reasons: ReturnReasonInput[] }, ctx: Context) =>
    ctx.filing.return(args.id, args.reasons),
};
