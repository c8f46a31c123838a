/** Fields of 万人助万企: service officials, assignments, visits and their problems. */
import { personalName, personalPhone, type PageArgs } from '@qq/kit';
import type { Context } from '../context.ts';
import type { AssignmentRow, OfficialRow, ProblemRow, VisitRow, WorkflowEventRow } from '../store/officials.store.ts';
import { iso } from './scalars.ts';

export const officialQuery = {
  serviceOfficials: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: Context) =>
    ctx.officials.listOfficials(args),
  myServiceOfficial: (_: unknown, _args: unknown, ctx: Context) => ctx.officials.mine(),
  officialAssignments: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: Context) =>
    ctx.officials.listAssignments(args),
  visits: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: Context) => ctx.officials.listVisits(args),
  visit: (_: unknown, args: { id: string }, ctx: Context) => ctx.officials.byId(args.id),
};

export const officialMutation = {
  registerServiceOfficial: (_: unknown, a: { input: unknown }, ctx: Context) => ctx.officials.register(a.input),
  updateServiceOfficial: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
    ctx.officials.update(a.id, a.input),
  createOfficialAssignment: (_: unknown, a: { input: unknown }, ctx: Context) => ctx.officials.assign(a.input),
  endOfficialAssignment: (_: unknown, a: { id: string; input?: unknown }, ctx: Context) =>
    ctx.officials.end(a.id, a.input),
  recordVisit: (_: unknown, a: { input: unknown }, ctx: Context) => ctx.officials.record(a.input),
  followUpVisit: (_: unknown, a: { id: string; input: unknown }, ctx: Context) => ctx.officials.followUp(a.id, a.input),
  raiseProblemFromVisit: (_: unknown, a: { id: string; input: unknown }, ctx: Context) =>
    ctx.officials.raiseProblem(a.id, a.input),
  closeVisit: (_: unknown, a: { id: string; input?: unknown }, ctx: Context) => ctx.officials.close(a.id, a.input),
};

export const enterpriseOfficials = {
  serviceOfficials: (e: { creditCode: string }, _: unknown, ctx: Context) =>
    ctx.officialLoaders.activeAssignmentsByEnterprise.load(e.creditCode),
  visits: (e: { creditCode: string }, args: { first?: number | null }, ctx: Context) =>
    ctx.officials.visitsOfEnterprise(e.creditCode, args),
};

async function officialOf(id: string, ctx: Context): Promise<OfficialRow> {
  const o = await ctx.officialLoaders.official.load(id);
  if (!o) throw new Error(`service official ${id} is missing`);
  return o;
}

export const ServiceOfficial = {
  name: (o: OfficialRow, _: unknown, ctx: Context) => personalName(ctx.principal, o.name),
  phone: (o: OfficialRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, o.phone),
  department: (o: OfficialRow) => ({ code: o.departmentCode }),
  county: (o: OfficialRow) => ({ code: o.countyCode }),
  registeredAt: (o: OfficialRow) => iso(o.registeredAt),
  activeAssignmentCount: (o: OfficialRow, _: unknown, ctx: Context) =>
    ctx.officialLoaders.activeCountByOfficial.load(o.id),
};

export const OfficialAssignment = {
  official: (a: AssignmentRow, _: unknown, ctx: Context) => officialOf(a.officialId, ctx),
  enterprise: (a: AssignmentRow) => ({ creditCode: a.enterpriseCode }),
  county: (a: AssignmentRow) => ({ code: a.countyCode }),
  availableActions: (a: AssignmentRow, _: unknown, ctx: Context) => ctx.officials.assignmentActions(a),
  canRecordVisit: (a: AssignmentRow, _: unknown, ctx: Context) => ctx.officials.canRecordVisit(a),
  assignedAt: (a: AssignmentRow) => iso(a.assignedAt),
  endedAt: (a: AssignmentRow) => iso(a.endedAt),
  events: (a: AssignmentRow, _: unknown, ctx: Context) => ctx.officialLoaders.assignmentEvents.load(a.id),
};

export const Visit = {
  official: (v: VisitRow, _: unknown, ctx: Context) => officialOf(v.officialId, ctx),
  enterprise: (v: VisitRow) => ({ creditCode: v.enterpriseCode }),
  county: (v: VisitRow) => ({ code: v.countyCode }),
  department: (v: VisitRow) => ({ code: v.departmentCode }),
  visitedAt: (v: VisitRow) => iso(v.visitedAt),
  metWith: (v: VisitRow, _: unknown, ctx: Context) => personalName(ctx.principal, v.metWith),
  problems: (v: VisitRow, _: unknown, ctx: Context) => ctx.officialLoaders.problemsByVisit.load(v.id),
  followUps: async (v: VisitRow, _: unknown, ctx: Context) =>
    (await ctx.officialLoaders.visitEvents.load(v.id))
      .filter((e) => e.action === 'FOLLOW_UP')
      .map((e) => ({ note: e.note ?? '', at: iso(e.at), actor: e.actor })),
  availableActions: (v: VisitRow, _: unknown, ctx: Context) => ctx.officials.visitActions(v),
  recordedAt: (v: VisitRow) => iso(v.recordedAt),
  closedAt: (v: VisitRow) => iso(v.closedAt),
  events: (v: VisitRow, _: unknown, ctx: Context) => ctx.officialLoaders.visitEvents.load(v.id),
};

export const VisitProblem = {
  matter: (p: ProblemRow) => (p.matterId ? { id: p.matterId } : null),
  raisedAt: (p: ProblemRow) => iso(p.raisedAt),
};

export const WorkflowEvent = {
  at: (e: WorkflowEventRow) => iso(e.at),
};
