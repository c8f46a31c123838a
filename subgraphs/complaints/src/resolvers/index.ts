/** Resolvers of the complaints subgraph: thin, each parses its arguments and calls one service or loader. */
import { isDepartmentCode, isUnitCode, isUuid, isValidCreditCode, personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import { overdueSteps } from '../domain.ts';
import type { MatterEventRow, MatterRow } from '../store/matters.store.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const stub = (code: string | null | undefined) => (code ? { code } : null);
const unitOf = (e: MatterEventRow, key: 'departmentCode' | 'countyCode') => {
  const value = e.data?.[key];
  return e.actorRole !== 'enterprise' && typeof value === 'string' ? { code: value } : null;
};

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const resolvers = {
  Query: {
    matters: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: Context) => ctx.matters.list(args),
    matter: (_: unknown, args: { id: string }, ctx: Context) => ctx.matters.byId(args.id),
    matterByReference: (_: unknown, args: { referenceNo: string }, ctx: Context) =>
      ctx.matters.byReference(args.referenceNo),
    matterClockProfile: (_: unknown, __: unknown, ctx: Context) => ctx.clock,
  },
  Mutation: {
    submitMatter: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.matters.submit(args.input),
    signMatter: (_: unknown, args: { id: string }, ctx: Context) => ctx.matters.sign(args.id),
  },
  Matter: {
    // Scoped like every read: a matter the caller may not see resolves to null.
    __resolveReference: (ref: { id: string }, ctx: Context) =>
      isUuid(ref.id) ? ctx.loaders.matter.load(ref.id) : null,
    enterprise: (m: MatterRow) => ({ creditCode: m.enterpriseCode }),
    contactName: (m: MatterRow, _: unknown, ctx: Context) => personalName(ctx.principal, m.contactName),
    contactPhone: (m: MatterRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, m.contactPhone),
    department: (m: MatterRow) => ({ code: m.departmentCode }),
    county: (m: MatterRow) => ({ code: m.countyCode }),
    firstAcceptorDepartment: (m: MatterRow) => stub(m.firstAcceptorDepartmentCode),
    firstAcceptorCounty: (m: MatterRow) => stub(m.firstAcceptorCountyCode),
    submittedAt: (m: MatterRow) => iso(m.submittedAt),
    signDueAt: (m: MatterRow) => iso(m.signDueAt),
    replyDueAt: (m: MatterRow) => iso(m.replyDueAt),
    resolveDueAt: (m: MatterRow) => iso(m.resolveDueAt),
    reportDueAt: (m: MatterRow) => iso(m.reportDueAt),
    signedAt: (m: MatterRow) => iso(m.signedAt),
    repliedAt: (m: MatterRow) => iso(m.repliedAt),
    resolvedAt: (m: MatterRow) => iso(m.resolvedAt),
    reportedAt: (m: MatterRow) => iso(m.reportedAt),
    closedAt: (m: MatterRow) => iso(m.closedAt),
    overdue: (m: MatterRow, _: unknown, ctx: Context) => overdueSteps(m, ctx.now).length > 0,
    overdueSteps: (m: MatterRow, _: unknown, ctx: Context) => overdueSteps(m, ctx.now),
    events: (m: MatterRow, _: unknown, ctx: Context) => ctx.loaders.eventsOfMatter.load(m.id),
    availableActions: (m: MatterRow, _: unknown, ctx: Context) => ctx.matters.availableActions(m),
  },
  MatterEvent: {
    at: (e: MatterEventRow) => iso(e.at),
    department: (e: MatterEventRow) => unitOf(e, 'departmentCode'),
    county: (e: MatterEventRow) => unitOf(e, 'countyCode'),
  },
  Enterprise: {
    __resolveReference: (ref: { creditCode: string }) =>
      isValidCreditCode(ref.creditCode) ? { creditCode: ref.creditCode } : null,
    matters: (e: { creditCode: string }, args: PageArgs, ctx: Context) => ctx.matters.ofEnterprise(e.creditCode, args),
  },
  County: {
    __resolveReference: (ref: { code: string }) => (isUnitCode(ref.code) ? { code: ref.code } : null),
    openMatterCount: (c: { code: string }, _: unknown, ctx: Context) =>
      ctx.loaders.openMatterCountByCounty.load(c.code),
  },
  Department: {
    __resolveReference: (ref: { code: string }) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
    openMatterCount: (d: { code: string }, _: unknown, ctx: Context) =>
      ctx.loaders.openMatterCountByDepartment.load(d.code),
  },
};
