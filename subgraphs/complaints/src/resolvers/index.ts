/** Resolvers of the complaints subgraph: thin, each parses its arguments and calls one service or loader. */
import {
  isDepartmentCode,
  isUnitCode,
  isUuid,
  isValidCreditCode,
  maskName,
  maskPhone,
  personalName,
  personalPhone,
  selectsRows,
} from '@qq/kit';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import { workingDaysLeft, type ClockConfig, type ClockProfile } from '../clock.ts';
import { clockStages, INTERNAL_ACTIONS, overdueSteps, type MatterAction, type MatterCategory } from '../domain.ts';
import { LEVELS } from '../jobs.ts';
import { publicServices } from '../public.ts';
import { transferDeadline, transferOf, type TransferView } from '../service/matter.conditions.ts';
import type { EscalationRow } from '../store/clockJobs.store.ts';
import type { StatisticsRow } from '../store/figures.store.ts';
import type { CoHandlerRow, MatterEventRow, MatterRow } from '../store/matters.store.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const stub = (code: string | null | undefined) => (code ? { code } : null);
const unitOf = (e: MatterEventRow, key: 'departmentCode' | 'countyCode') => {
  const value = e.data?.[key];
  return e.actorRole !== 'enterprise' && typeof value === 'string' ? { code: value } : null;
};

/** Text written between government units (transfer reasons, co-handlers' replies): null for the enterprise. */
const internal = (ctx: Context, text: string | null) => (ctx.principal.role === 'enterprise' ? null : text);

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
    similarOpenMatters: (_: unknown, args: { category: string }, ctx: Context) =>
      ctx.matters.similarOpen(args.category),
    publicMatters: (_: unknown, args: { filter?: unknown; first?: number | null }, ctx: Context) =>
      ctx.publicMatters(args),
    publicMatterServices: () => publicServices(),
    matterInbox: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: Context) => ctx.inbox.inbox(args),
    matterStatistics: (_: unknown, args: { groupBy: unknown; filter?: unknown }, ctx: Context) =>
      ctx.figures.statistics(args),
    matterClockProfile: (_: unknown, __: unknown, ctx: Context) => profileView(ctx.clock, ctx.clock.profile),
    matterClockProfiles: (_: unknown, __: unknown, ctx: Context) => {
      const profiles = new Map<string, ClockProfile>([[ctx.clock.profile.name, ctx.clock.profile]]);
      for (const p of Object.values(ctx.clock.byCategory)) profiles.set(p.name, p);
      return [...profiles.values()].map((p) => profileView(ctx.clock, p));
    },
  },
  Mutation: {
    submitMatter: (_: unknown, args: { input: unknown }, ctx: Context) => ctx.matters.submit(args.input),
    dispatchMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
      ctx.matters.dispatch(a.id, a.input),
    signMatter: (_: unknown, args: { id: string }, ctx: Context) => ctx.matters.sign(args.id),
    requestTransferOfMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
      ctx.matters.requestTransfer(a.id, a.input),
    decideTransferOfMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
      ctx.matters.decideTransfer(a.id, a.input),
    addCoHandlerToMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
      ctx.matters.addCoHandler(a.id, a.input),
    replyAsCoHandlerToMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
      ctx.matters.replyAsCoHandler(a.id, a.input),
    replyMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) => ctx.matters.reply(a.id, a.input),
    resolveMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) => ctx.matters.resolve(a.id, a.input),
    supplementMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
      ctx.matters.supplement(a.id, a.input),
    followMatter: (_: unknown, a: { id: string; input?: unknown }, ctx: Context) => ctx.matters.follow(a.id, a.input),
    rateMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) => ctx.matters.rate(a.id, a.input),
    confirmMatter: (_: unknown, a: { id: string; input?: unknown }, ctx: Context) => ctx.matters.confirm(a.id, a.input),
    reopenMatter: (_: unknown, a: { id: string; input: unknown }, ctx: Context) => ctx.matters.reopen(a.id, a.input),
  },
  Matter: {
    // Scoped like every read: a matter the caller may not see resolves to null.
    __resolveReference: (ref: { id: string }, ctx: Context) =>
      isUuid(ref.id) ? ctx.loaders.matter.load(ref.id) : null,
    enterprise: (m: MatterRow) => ({ creditCode: m.enterpriseCode }),
    // Leaders reach matters through the inbox only, with contact data masked as analysts see it.
    contactName: (m: MatterRow, _: unknown, ctx: Context) =>
      ctx.principal.role === 'leader' ? maskName(m.contactName) : personalName(ctx.principal, m.contactName),
    contactPhone: (m: MatterRow, _: unknown, ctx: Context) =>
      ctx.principal.role === 'leader' ? maskPhone(m.contactPhone) : personalPhone(ctx.principal, m.contactPhone),
    department: (m: MatterRow) => ({ code: m.departmentCode }),
    county: (m: MatterRow) => ({ code: m.countyCode }),
    raisedByDepartment: (m: MatterRow) => stub(m.raisedByDepartmentCode),
    firstAcceptorDepartment: (m: MatterRow) => stub(m.firstAcceptorDepartmentCode),
    firstAcceptorCounty: (m: MatterRow) => stub(m.firstAcceptorCountyCode),
    transferDueAt: (m: MatterRow) => iso(transferDeadline(m.signedAt)),
    transfers: (m: MatterRow) => {
      const transfer = transferOf(m);
      return transfer ? [transfer] : [];
    },
    coHandlers: (m: MatterRow, _: unknown, ctx: Context) => ctx.loaders.coHandlersOfMatter.load(m.id),
    satisfaction: (m: MatterRow) =>
      m.satisfaction !== null && m.ratedAt
        ? { score: m.satisfaction, comment: m.satisfactionComment, ratedAt: m.ratedAt.toISOString() }
        : null,
    lastFollowedAt: (m: MatterRow) => iso(m.lastFollowedAt),
    submittedAt: (m: MatterRow) => iso(m.submittedAt),
    dispatchDueAt: (m: MatterRow) => iso(m.dispatchDueAt),
    signDueAt: (m: MatterRow) => iso(m.signDueAt),
    replyDueAt: (m: MatterRow) => iso(m.replyDueAt),
    resolveDueAt: (m: MatterRow) => iso(m.resolveDueAt),
    reportDueAt: (m: MatterRow) => iso(m.reportDueAt),
    dispatchedAt: (m: MatterRow) => iso(m.dispatchedAt),
    signedAt: (m: MatterRow) => iso(m.signedAt),
    repliedAt: (m: MatterRow) => iso(m.repliedAt),
    resolvedAt: (m: MatterRow) => iso(m.resolvedAt),
    reportedAt: (m: MatterRow) => iso(m.reportedAt),
    reopenedAt: (m: MatterRow) => iso(m.reopenedAt),
    confirmedAt: (m: MatterRow) => iso(m.confirmedAt),
    closedAt: (m: MatterRow) => iso(m.closedAt),
    clock: (m: MatterRow, _: unknown, ctx: Context) => clockView(m, ctx.now),
    overdue: (m: MatterRow, _: unknown, ctx: Context) => overdueSteps(m, ctx.now).length > 0,
    overdueSteps: (m: MatterRow, _: unknown, ctx: Context) => overdueSteps(m, ctx.now),
    events: (m: MatterRow, _: unknown, ctx: Context) => ctx.loaders.eventsOfMatter.load(m.id),
    availableActions: (m: MatterRow, _: unknown, ctx: Context) => ctx.matters.availableActions(m),
    escalations: (m: MatterRow, _: unknown, ctx: Context) => ctx.loaders.escalationsOfMatter.load(m.id),
    currentStage: (m: MatterRow) => currentStageOf(m)?.step ?? null,
    currentDueAt: (m: MatterRow) => iso(currentStageOf(m)?.dueAt ?? null),
  },
  MatterEscalation: {
    level: (e: EscalationRow) => LEVELS[e.level as 1 | 2 | 3],
    levelNumber: (e: EscalationRow) => e.level,
    at: (e: EscalationRow) => iso(e.at),
    department: (e: EscalationRow) => ({ code: e.departmentCode }),
    county: (e: EscalationRow) => ({ code: e.countyCode }),
  },
  MatterEvent: {
    at: (e: MatterEventRow) => iso(e.at),
    // Notes of steps between government units stay inside government.
    note: (e: MatterEventRow, _: unknown, ctx: Context) =>
      INTERNAL_ACTIONS.includes(e.action as MatterAction) ? internal(ctx, e.note) : e.note,
    department: (e: MatterEventRow) => unitOf(e, 'departmentCode'),
    county: (e: MatterEventRow) => unitOf(e, 'countyCode'),
  },
  MatterTransfer: {
    fromDepartment: (t: TransferView) => ({ code: t.fromDepartmentCode }),
    fromCounty: (t: TransferView) => ({ code: t.fromCountyCode }),
    proposedDepartment: (t: TransferView) => ({ code: t.proposedDepartmentCode }),
    proposedCounty: (t: TransferView) => ({ code: t.proposedCountyCode }),
    reason: (t: TransferView, _: unknown, ctx: Context) => internal(ctx, t.reason),
    requestedAt: (t: TransferView) => iso(t.requestedAt),
    toDepartment: (t: TransferView) => stub(t.toDepartmentCode),
    toCounty: (t: TransferView) => stub(t.toCountyCode),
    decidedAt: (t: TransferView) => iso(t.decidedAt),
    decisionNote: (t: TransferView, _: unknown, ctx: Context) => internal(ctx, t.decisionNote),
  },
  MatterCoHandler: {
    department: (c: CoHandlerRow) => ({ code: c.departmentCode }),
    county: (c: CoHandlerRow) => ({ code: c.countyCode }),
    addedAt: (c: CoHandlerRow) => iso(c.addedAt),
    reply: (c: CoHandlerRow, _: unknown, ctx: Context) => internal(ctx, c.reply),
    repliedAt: (c: CoHandlerRow) => iso(c.repliedAt),
  },
  Enterprise: {
    __resolveReference: (ref: { creditCode: string }) =>
      isValidCreditCode(ref.creditCode) ? { creditCode: ref.creditCode } : null,
    matters: (e: { creditCode: string }, args: PageArgs, ctx: Context, info: GraphQLResolveInfo) =>
      ctx.matters.ofEnterprise(e.creditCode, args, selectsRows(info)),
  },
  County: {
    __resolveReference: (ref: { code: string }) => (isUnitCode(ref.code) ? { code: ref.code } : null),
    openMatterCount: (c: { code: string }, _: unknown, ctx: Context) =>
      ctx.loaders.openMatterCountByCounty.load(c.code),
    complaintFigures: (c: { code: string }, args: { month: string }, ctx: Context) =>
      ctx.figures.figures('county', c.code, args.month),
  },
  Department: {
    __resolveReference: (ref: { code: string }) => (isDepartmentCode(ref.code) ? { code: ref.code } : null),
    openMatterCount: (d: { code: string }, _: unknown, ctx: Context) =>
      ctx.loaders.openMatterCountByDepartment.load(d.code),
    complaintFigures: (d: { code: string }, args: { month: string }, ctx: Context) =>
      ctx.figures.figures('department', d.code, args.month),
  },
  MatterStatisticsRow: {
    department: (r: StatisticsRow) => stub(r.departmentCode),
    county: (r: StatisticsRow) => stub(r.countyCode),
  },
};

/** The stage a matter is at now (as `clock.sql.ts` decides it in SQL): the first not done; none once closed. */
function currentStageOf(m: MatterRow) {
  if (m.closedAt) return null;
  return clockStages(m).find((s) => !s.doneAt) ?? null;
}

function profileView(config: ClockConfig, profile: ClockProfile) {
  const categories = (Object.entries(config.byCategory) as Array<[MatterCategory, ClockProfile]>)
    .filter(([, p]) => p.name === profile.name && profile.name !== config.profile.name)
    .map(([c]) => c);
  return { ...profile, categories };
}

/** The stages of a matter's clock as the API shows them, at the request's instant. */
function clockView(m: MatterRow, now: Date) {
  return clockStages(m).map(({ step, dueAt, doneAt }) => {
    const stop = doneAt ?? m.closedAt;
    const overdue = !!dueAt && (stop ?? now).getTime() > dueAt.getTime();
    const running = !!dueAt && !stop;
    return {
      step,
      dueAt: iso(dueAt),
      doneAt: iso(doneAt),
      met: dueAt && doneAt ? doneAt.getTime() <= dueAt.getTime() : overdue ? false : null,
      overdue,
      workingDaysLeft: running ? workingDaysLeft(dueAt, now) : null,
      hoursLeft: running ? Math.floor((dueAt.getTime() - now.getTime()) / 3_600_000) : null,
    };
  });
}
