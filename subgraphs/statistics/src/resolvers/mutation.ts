/** Mutations: the first step of the reporting workflow. */
import type { Context } from '../context.ts';
import type { SubmitInput } from '../service/filing.service.ts';

export const Mutation = {
  submitStatisticalReport: (_: unknown, args: { input: SubmitInput }, ctx: Context) => ctx.filing.submit(args.input),
};
