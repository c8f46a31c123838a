/** Resolvers of the exchange's side in policies: the relayed step, and applications as entities of the graph. */
import { isUuid } from '@qq/kit';
import type { Context } from '../context.ts';

export const redemptionExchangeMutation = {
  relayRedemptionStep: (_: unknown, args: { client: unknown; input: unknown }, ctx: Context) =>
    ctx.redemptionExchange.relay(args.client, args.input),
};

/** An application named by another subgraph (the exchange's receipt): read in the caller's scope, else null. */
export const redemptionApplicationReference = {
  __resolveReference: (ref: { id: string }, ctx: Context) =>
    isUuid(ref.id) ? ctx.loaders.application.load(ref.id) : null,
};
