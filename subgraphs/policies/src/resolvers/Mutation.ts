/** Mutations: each passes its arguments to one service, which checks access first and validates the input. */
import type { Context } from '../context.ts';
import { redemptionExchangeMutation } from './redemptionExchange.ts';

type IdArgs = { id: string; input?: unknown };

export const Mutation = {
  applyForRedemption: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.redemption.submit(args.input),
  submitRedemptionApplication: (_: unknown, args: { input: unknown }, ctx: Context) =>
    ctx.redemption.submit(args.input),
  receiveRedemptionApplication: (_: unknown, a: IdArgs, ctx: Context) => ctx.redemption.receive(a.id, a.input),
  acceptRedemptionApplication: (_: unknown, a: IdArgs, ctx: Context) => ctx.redemption.accept(a.id, a.input),
  returnRedemptionApplication: (_: unknown, a: IdArgs, ctx: Context) => ctx.redemption.returnToApplicant(a.id, a.input),
  resubmitRedemptionApplication: (_: unknown, a: IdArgs, ctx: Context) => ctx.redemption.resubmit(a.id, a.input),
  processRedemptionApplication: (_: unknown, a: IdArgs, ctx: Context) => ctx.redemption.process(a.id, a.input),
  completeRedemptionApplication: (_: unknown, a: IdArgs, ctx: Context) => ctx.redemption.complete(a.id, a.input),
  discloseRedemptionApplication: (_: unknown, a: IdArgs, ctx: Context) => ctx.redemption.disclose(a.id, a.input),
  uploadRedemptionMaterial: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.materials.upload(args.input),
  createPolicyDraft: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.policies.createDraft(args.input),
  revisePolicy: (_: unknown, a: IdArgs, ctx: Context) => ctx.policies.revise(a.id, a.input),
  submitPolicyForReview: (_: unknown, a: IdArgs, ctx: Context) => ctx.policies.submitForReview(a.id),
  publishPolicy: (_: unknown, a: IdArgs, ctx: Context) => ctx.policies.publish(a.id),
  rejectPolicy: (_: unknown, a: IdArgs, ctx: Context) => ctx.policies.reject(a.id, a.input),
  withdrawPolicy: (_: unknown, a: IdArgs, ctx: Context) => ctx.policies.withdraw(a.id, a.input),
  expirePolicy: (_: unknown, a: IdArgs, ctx: Context) => ctx.policies.expire(a.id, a.input),
  ...redemptionExchangeMutation,
};
