/** Mutations: each passes its input to one service, which validates it. */
import type { Context } from '../context.ts';

export const Mutation = {
  applyForRedemption: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.redemption.apply(args.input),
  createPolicyDraft: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.policies.createDraft(args.input),
};
