/** Resolvers of cases (办件), licences (证照) and the monthly figures: thin, each calls the service or a loader. */
import { assertUuid, ForbiddenError, personalName, personalPhone } from '@qq/kit';
import type { Context } from '../context.ts';
import type { CaseListArgs } from '../service/cases.service.ts';
import type { CaseEventRow, CaseRow, LicenceRow } from '../store/cases.store.ts';
import type { EnterpriseRow } from '../store/enterprises.store.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const caseResolvers = {
  Query: {
    cases: (_: unknown, args: CaseListArgs, ctx: Context) => ctx.cases.list(args),
    case: (_: unknown, args: { id: string }, ctx: Context) => {
      assertUuid(args.id, 'id');
      return ctx.facilitation.case.load(args.id);
    },
  },
  Mutation: {
    receiveCase: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.cases.receive(args.input),
    acceptCase: (_: unknown, args: { id: string; handlingUnit?: string }, ctx: Context) =>
      ctx.cases.accept(args.id, args.handlingUnit),
    rejectCase: (_: unknown, args: { id: string; reason: string; handlingUnit?: string }, ctx: Context) =>
      ctx.cases.reject(args.id, args.reason, args.handlingUnit),
    returnCase: (_: unknown, args: { id: string; reason: string; handlingUnit?: string }, ctx: Context) =>
      ctx.cases.return(args.id, args.reason, args.handlingUnit),
    resubmitCase: (_: unknown, args: { id: string }, ctx: Context) => ctx.cases.resubmit(args.id),
    processCase: (_: unknown, args: { id: string; handlingUnit?: string }, ctx: Context) =>
      ctx.cases.process(args.id, args.handlingUnit),
    concludeCase: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.cases.conclude(args.input),
  },
  Case: {
    service: (c: CaseRow, _: unknown, ctx: Context) => ctx.facilitation.service.load(c.serviceId),
    enterprise: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.enterprise.load(c.enterpriseCode),
    applicantName: (c: CaseRow, _: unknown, ctx: Context) => personalName(ctx.principal, c.applicantName),
    applicantPhone: (c: CaseRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, c.applicantPhone),
    department: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.department.load(c.departmentCode),
    county: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.county.load(c.countyCode),
    appliedAt: (c: CaseRow) => c.appliedAt.toISOString(),
    receivedAt: (c: CaseRow) => c.receivedAt.toISOString(),
    acceptedAt: (c: CaseRow) => iso(c.acceptedAt),
    processingAt: (c: CaseRow) => iso(c.processingAt),
    concludedAt: (c: CaseRow) => iso(c.concludedAt),
    rejectedAt: (c: CaseRow) => iso(c.rejectedAt),
    returnedAt: (c: CaseRow) => iso(c.returnedAt),
    dueAt: (c: CaseRow) => iso(c.dueAt),
    overdue: (c: CaseRow, _: unknown, ctx: Context) => ctx.cases.overdue(c),
    licence: (c: CaseRow, _: unknown, ctx: Context) => ctx.facilitation.licenceOfCase.load(c.id),
    events: (c: CaseRow, _: unknown, ctx: Context) => ctx.facilitation.caseEvents.load(c.id),
    availableActions: (c: CaseRow, _: unknown, ctx: Context) => ctx.cases.available(c),
  },
  CaseEvent: {
    at: (e: CaseEventRow) => e.at.toISOString(),
    handlingUnit: (e: CaseEventRow) => String(e.data?.handlingUnit ?? ''),
  },
  Licence: {
    department: (l: LicenceRow, _: unknown, ctx: Context) => ctx.loaders.department.load(l.departmentCode),
  },
  Department: {
    serviceFigures: (d: { code: string }, args: { month: string }, ctx: Context) =>
      ctx.cases.figures({ departmentCode: d.code }, args.month),
  },
  County: {
    serviceFigures: (c: { code: string }, args: { month: string }, ctx: Context) =>
      ctx.cases.figures({ countyCode: c.code }, args.month),
  },
  Enterprise: {
    cases: (
      e: EnterpriseRow,
      args: { first?: number; after?: string; status?: string; overdue?: boolean },
      ctx: Context,
    ) => ctx.cases.ofEnterprise(e.creditCode, args),
    licences: (e: EnterpriseRow, _: unknown, ctx: Context) =>
      ctx.cases.mayReadLicences(e) ? ctx.facilitation.licencesOfEnterprise.load(e.creditCode) : forbidden(),
  },
};

function forbidden(): never {
  throw new ForbiddenError('Only the enterprise, staff of its county and analysts read its licences (无权查看).');
}
