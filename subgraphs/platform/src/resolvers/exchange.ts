/** Resolvers of the exchange (数据交换): thin, each calls the exchange service. */
import type { Context } from '../context.ts';
import type { ExchangeClientRow, ExchangePushRow } from '../store/exchange.store.ts';

/** The fields of a pushed case (`CaseReport`) that are personal data: the applicant's name and phone. */
const PERSONAL_KEYS = ['applicantName', 'applicantPhone'];

/** A push's input as JSON text, as `payload` shows it. */
export const payloadText = (p: { payload: unknown }): string => JSON.stringify(p.payload);

/** The push's payload text when it carries personal data (a pushed case's applicant), for the access log. */
export function personalPayload(p: { payload: unknown }): string | undefined {
  const payload = p.payload as Record<string, unknown> | null;
  const carries = PERSONAL_KEYS.some((k) => typeof payload?.[k] === 'string' && payload[k] !== '');
  return carries ? payloadText(p) : undefined;
}

export const exchangeResolvers = {
  Query: {
    exchangeClients: (_: unknown, __: unknown, ctx: Context) => ctx.exchange.clients(),
    exchangePushes: (
      _: unknown,
      args: { first?: number; after?: string; clientId?: string; result?: string },
      ctx: Context,
    ) => ctx.exchange.pushes(args),
  },
  Mutation: {
    registerExchangeClient: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.exchange.register(args.input),
    disableExchangeClient: (_: unknown, args: { clientId: string }, ctx: Context) =>
      ctx.exchange.disable(args.clientId),
    reportCase: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.exchange.reportCase(args.input),
    reportCaseStep: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.exchange.reportCaseStep(args.input),
    reportRedemptionStep: (_: unknown, args: { input: unknown }, ctx: Context) =>
      ctx.exchange.reportRedemptionStep(args.input),
  },
  ExchangeClient: {
    department: (c: ExchangeClientRow, _: unknown, ctx: Context) => ctx.loaders.department.load(c.departmentCode),
    county: (c: ExchangeClientRow, _: unknown, ctx: Context) => ctx.loaders.county.load(c.countyCode),
    registeredAt: (c: ExchangeClientRow) => c.registeredAt.toISOString(),
  },
  ExchangePush: {
    id: (p: ExchangePushRow) => String(p.id),
    operation: (p: ExchangePushRow) => p.kind,
    payload: (p: ExchangePushRow) => payloadText(p),
    at: (p: ExchangePushRow) => p.at.toISOString(),
  },
};
