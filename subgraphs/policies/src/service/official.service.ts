/**
 * 万人助万企 (Art. 4 (2)): service officials (助企干部) registered by 万人助万企办, assigned to enterprises (包联), their
 * visits (走访) with what the enterprise raised, follow-ups, and problems raised as complaints matters on the
 * enterprise's behalf through the graph (`matters.ts`). Assignments and visits are workflows on transition tables;
 * each step, its event and its messages are one transaction.
 */
import type { Database } from '@qq/db/client';
import type { AssignmentStatus, VisitStatus } from '@qq/db/schema/policies';
import {
  assertUuid,
  BadUserInputError,
  CITY_CODE,
  ConflictError,
  defineWorkflow,
  eventValues,
  ForbiddenError,
  inTransaction,
  isDepartmentCode,
  monthRange,
  NotFoundError,
  parseInput,
  readPage,
  reportedInstantSchema,
  toConnection,
  unitCodeSchema,
  unitOfEnterprise,
  type Connection,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import type { OfficialLoaders } from '../officialLoaders.ts';
import { officialMessages } from '../officialMessages.ts';
import {
  assignmentCursor,
  officialCursor,
  visitCursor,
  type AssignmentRow,
  type OfficialRow,
  type OfficialStore,
  type VisitRow,
} from '../store/officials.store.ts';
import { matterGateway } from './matters.ts';
import { creditCode, length, uuid } from './validation.ts';

export const ASSIGNMENT_ACTIONS = ['ASSIGN', 'END'] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];
export const VISIT_ACTIONS = ['RECORD', 'FOLLOW_UP', 'RAISE_PROBLEM', 'CLOSE'] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

/** What the rules look at: the official's user id and the enterprise's county. */
export interface OfficialSubject {
  officialUserId: string;
  countyCode: string;
}

/** 万人助万企办 staff of the county (or of the city). */
function wrzwqOf(p: Principal, countyCode: string): boolean {
  return p.role === 'staff' && p.dept === 'wrzwq' && (p.county === CITY_CODE || p.county === countyCode);
}

function coordinator(p: Principal, row: OfficialSubject | undefined): boolean {
  return !!row && wrzwqOf(p, row.countyCode);
}

/** The official of the row. */
function theOfficial(p: Principal, row: OfficialSubject | undefined): boolean {
  return p.role === 'staff' && !!p.sub && !!row && row.officialUserId === p.sub;
}

function officialOrCoordinator(p: Principal, row: OfficialSubject | undefined): boolean {
  return theOfficial(p, row) || coordinator(p, row);
}

export const assignmentWorkflow = defineWorkflow<AssignmentStatus, AssignmentAction, OfficialSubject>(
  'official assignment',
  [
    { from: null, action: 'ASSIGN', to: 'ACTIVE', allowed: coordinator },
    { from: ['ACTIVE'], action: 'END', to: 'ENDED', allowed: coordinator },
  ],
);

const OPEN: VisitStatus[] = ['RECORDED', 'FOLLOWING_UP'];

export const visitWorkflow = defineWorkflow<VisitStatus, VisitAction, OfficialSubject>('visit', [
  { from: null, action: 'RECORD', to: 'RECORDED', allowed: theOfficial },
  { from: OPEN, action: 'FOLLOW_UP', to: 'FOLLOWING_UP', allowed: officialOrCoordinator },
  { from: OPEN, action: 'RAISE_PROBLEM', to: 'FOLLOWING_UP', allowed: officialOrCoordinator },
  { from: OPEN, action: 'CLOSE', to: 'CLOSED', allowed: officialOrCoordinator },
]);

/** A mainland mobile number or a landline with its area code. */
const phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?)$/, 'must be a mobile number or a landline with area code');
const department = z.string().refine(isDepartmentCode, 'is not a department code');
const registerInput = z.object({
  userId: length(1, 128, '用户编号'),
  name: length(1, 30, '姓名'),
  position: length(1, 60, '职务'),
  phone,
  departmentCode: department,
  countyCode: unitCodeSchema.nullish(),
});
const updateInput = z
  .object({ position: length(1, 60, '职务').nullish(), phone: phone.nullish() })
  .refine((v) => v.position || v.phone, { message: 'name at least one of position, phone', path: ['position'] });
const officialFilterInput = z.object({ countyCode: unitCodeSchema.nullish(), departmentCode: department.nullish() });
const assignInput = z.object({
  officialId: uuid,
  enterpriseCreditCode: creditCode,
  countyCode: unitCodeSchema.nullish(),
});
const endInput = z.object({ reason: length(2, 500, '原因').nullish() });
const assignmentFilterInput = z.object({
  status: z.enum(['ACTIVE', 'ENDED']).nullish(),
  officialId: uuid.nullish(),
  enterpriseCode: creditCode.nullish(),
});
const recordInput = z.object({
  assignmentId: uuid,
  visitedAt: reportedInstantSchema,
  metWith: length(1, 100, '接待人'),
  notes: length(1, 2000, '走访情况'),
  problems: z
    .array(length(2, 500, '问题'))
    .max(20, 'at most 20 problems')
    .nullish(),
});
const followUpInput = z.object({ note: length(2, 1000, '跟进情况') });
const raiseInput = z.object({
  problemId: uuid,
  kind: z.string().regex(/^[A-Z_]{2,40}$/, 'must be a MatterKind such as REQUEST'),
  category: z.string().regex(/^[A-Z_]{2,40}$/, 'must be a MatterCategory such as FACTOR_SUPPORT'),
  title: length(1, 60, '标题').nullish(),
  contactName: length(1, 30, '联系人'),
  contactPhone: length(5, 30, '联系电话'),
});
const closeInput = z.object({ note: length(2, 500, '办结说明').nullish() });
const visitFilterInput = z.object({
  status: z.enum(['RECORDED', 'FOLLOWING_UP', 'CLOSED']).nullish(),
  officialId: uuid.nullish(),
  enterpriseCode: creditCode.nullish(),
  month: z.string().nullish(),
});

export interface OfficialServiceDeps {
  principal: Principal;
  db: Database;
  store: OfficialStore;
  loaders: OfficialLoaders;
  now: Date;
}

/** China-time date and minute of an instant, for messages. */
function cstDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export class OfficialService {
  private readonly principal: Principal;
  constructor(private readonly deps: OfficialServiceDeps) {
    this.principal = deps.principal;
  }

  // ── officials ──────────────────────────────────────────────────────────────────────────────────────────────────

  async listOfficials(args: PageArgs & { filter?: unknown }): Promise<Connection<OfficialRow>> {
    const page = readPage(args, 2);
    const filter = parseInput(officialFilterInput, args.filter ?? {}, 'filter');
    const { store } = this.deps;
    const rows = await store.listOfficials(filter, page);
    return toConnection(rows, page.limit, officialCursor, () => store.countOfficials(filter));
  }

  /** The caller's own entry. */
  mine(): Promise<OfficialRow | null> {
    const p = this.principal;
    return p.role === 'staff' && p.sub ? this.deps.store.officialByUser(p.sub) : Promise.resolve(null);
  }

  /** 登记助企干部: 万人助万企办 staff of the official's county (or of the city). */
  async register(raw: unknown): Promise<OfficialRow> {
    const input = parseInput(registerInput, raw);
    const p = this.principal;
    const countyCode = input.countyCode ?? p.county ?? CITY_CODE;
    if (!wrzwqOf(p, countyCode)) {
      throw new ForbiddenError(
        'Only 万人助万企办 of the official’s county registers officials (仅万人助万企办可登记).',
      );
    }
    const at = new Date(this.deps.now.getTime());
    const row = await this.deps.store.insertOfficial({
      userId: input.userId,
      name: input.name,
      position: input.position,
      phone: input.phone,
      departmentCode: input.departmentCode,
      countyCode,
      registeredBy: p.sub ?? 'unknown',
      registeredAt: at,
      updatedAt: at,
    });
    if (!row) throw new ConflictError(`User ${input.userId} is registered as an official already (已登记).`);
    return row;
  }

  /** 修改助企干部信息: position and phone. */
  async update(id: string, raw: unknown): Promise<OfficialRow> {
    assertUuid(id, 'id');
    const input = parseInput(updateInput, raw);
    const row = await this.official(id);
    if (!row || !this.canSeeOfficial(row)) throw new NotFoundError('ServiceOfficial', id);
    if (!wrzwqOf(this.principal, row.countyCode)) throw new ForbiddenError();
    const updated = await this.deps.store.updateOfficial(id, {
      ...(input.position ? { position: input.position } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      updatedAt: new Date(this.deps.now.getTime()),
    });
    this.deps.loaders.official.clear(id).prime(id, updated);
    return updated;
  }

  official(id: string): Promise<OfficialRow | null> {
    return this.deps.loaders.official.load(id);
  }

  /** The officials list's scope, for a lookup by id (staff of the unit, 万人助万企办, the official, analysts, admins). */
  private canSeeOfficial(o: OfficialRow): boolean {
    const p = this.principal;
    const countyOk = !p.county || p.county === CITY_CODE || p.county === o.countyCode;
    if (p.role === 'analyst') return true;
    if (p.role === 'admin') return countyOk;
    if (p.role !== 'staff') return false;
    return o.userId === p.sub || (countyOk && (p.dept === 'wrzwq' || p.dept === o.departmentCode));
  }

  // ── assignments ────────────────────────────────────────────────────────────────────────────────────────────────

  async listAssignments(args: PageArgs & { filter?: unknown }): Promise<Connection<AssignmentRow>> {
    const page = readPage(args, 2);
    const filter = parseInput(assignmentFilterInput, args.filter ?? {}, 'filter');
    const { store, loaders } = this.deps;
    const rows = await store.listAssignments(filter, page);
    for (const r of rows) loaders.assignment.prime(r.id, r);
    return toConnection(rows, page.limit, assignmentCursor, () => store.countAssignments(filter));
  }

  assignmentActions(row: AssignmentRow): AssignmentAction[] {
    return assignmentWorkflow.available(row.status, this.principal, row);
  }

  /** Whether the caller may record a visit under the assignment now. */
  canRecordVisit(row: AssignmentRow): boolean {
    return row.status === 'ACTIVE' && theOfficial(this.principal, row);
  }

  /** 包联: assigns an official to an enterprise; the enterprise is told who serves it. */
  async assign(raw: unknown): Promise<AssignmentRow> {
    const input = parseInput(assignInput, raw);
    const countyCode = unitOfEnterprise(input.enterpriseCreditCode, input.countyCode, 'input.countyCode');
    const official = await this.official(input.officialId);
    // An official the caller may not see is answered as one that is not registered.
    if (!official || !this.canSeeOfficial(official)) {
      throw new BadUserInputError('input.officialId', 'is not a registered official');
    }
    const subject = { officialUserId: official.userId, countyCode };
    const to = assignmentWorkflow.next(null, 'ASSIGN', this.principal, subject);
    const at = new Date(this.deps.now.getTime());
    const row = await inTransaction(this.deps.db, async (tx) => {
      const store = this.deps.store.withTx(tx as unknown as Database);
      const created = await store.insertAssignment({
        officialId: official.id,
        officialUserId: official.userId,
        enterpriseCode: input.enterpriseCreditCode,
        status: to,
        assignedAt: at,
        assignedBy: this.principal.sub ?? 'unknown',
        departmentCode: official.departmentCode,
        countyCode,
        updatedAt: at,
      });
      if (!created) {
        throw new ConflictError('This official serves this enterprise already (已包联).', { status: 'ACTIVE' });
      }
      await store.insertAssignmentEvent({
        ...eventValues(this.principal, {
          subjectId: created.id,
          action: 'ASSIGN',
          fromStatus: null,
          toStatus: to,
          data: { officialId: official.id, enterpriseCode: created.enterpriseCode },
        }),
        at,
      });
      await store.enqueue([
        {
          topic: 'official.assigned',
          idempotencyKey: `official.assigned:inbox:${created.id}`,
          countyCode,
          channel: 'inbox',
          to: { enterprise: created.enterpriseCode },
          ...officialMessages.render('official.assigned', {
            name: official.name,
            position: official.position,
            phone: official.phone,
          }),
          data: { assignmentId: created.id },
        },
      ]);
      return created;
    });
    this.deps.loaders.assignment.prime(row.id, row);
    return row;
  }

  /** 结束包联. */
  async end(id: string, raw: unknown): Promise<AssignmentRow> {
    assertUuid(id, 'id');
    const input = parseInput(endInput, raw ?? {});
    const { loaders } = this.deps;
    const row = await loaders.assignment.load(id);
    if (!row) throw new NotFoundError('OfficialAssignment', id);
    const to = assignmentWorkflow.next(row.status, 'END', this.principal, row);
    const at = new Date(this.deps.now.getTime());
    const updated = await inTransaction(this.deps.db, async (tx) => {
      const store = this.deps.store.withTx(tx as unknown as Database);
      const changed = await store.updateAssignmentInState(id, row.status, {
        status: to,
        endedAt: at,
        endReason: input.reason ?? null,
        updatedAt: at,
      });
      if (!changed) throw new ConflictError('official assignment: "END" is not possible, it changed meanwhile.');
      await store.insertAssignmentEvent({
        ...eventValues(this.principal, {
          subjectId: id,
          action: 'END',
          fromStatus: row.status,
          toStatus: to,
          note: input.reason ?? null,
        }),
        at,
      });
      return changed;
    });
    loaders.assignment.clear(id).prime(id, updated);
    return updated;
  }

  // ── visits ─────────────────────────────────────────────────────────────────────────────────────────────────────

  async listVisits(args: PageArgs & { filter?: unknown }): Promise<Connection<VisitRow>> {
    const page = readPage(args, 2);
    const f = parseInput(visitFilterInput, args.filter ?? {}, 'filter');
    const filter = { ...f, range: f.month ? monthRange(f.month, 'filter.month') : null };
    const { store, loaders } = this.deps;
    const rows = await store.listVisits(filter, page);
    for (const r of rows) loaders.visit.prime(r.id, r);
    return toConnection(rows, page.limit, visitCursor, () => store.countVisits(filter));
  }

  async visitsOfEnterprise(code: string, args: { first?: number | null }): Promise<Connection<VisitRow>> {
    const page = readPage({ first: args.first }, 2);
    return this.deps.loaders.visitsByEnterprise(page.limit).load(code);
  }

  async byId(id: string): Promise<VisitRow | null> {
    assertUuid(id, 'id');
    return this.deps.loaders.visit.load(id);
  }

  visitActions(row: VisitRow): VisitAction[] {
    return visitWorkflow.available(row.status, this.principal, row);
  }

  /** 登记走访: the official of an ACTIVE assignment records a visit that took place, with the problems raised. */
  async record(raw: unknown): Promise<VisitRow> {
    const input = parseInput(recordInput, raw);
    const { loaders } = this.deps;
    const assignment = await loaders.assignment.load(input.assignmentId);
    if (!assignment) throw new BadUserInputError('input.assignmentId', 'is not an assignment of the caller');
    const to = visitWorkflow.next(null, 'RECORD', this.principal, assignment);
    if (assignment.status !== 'ACTIVE') {
      throw new ConflictError('The assignment has ended: record visits under one in force (包联已结束).', {
        status: assignment.status,
      });
    }
    const at = new Date(this.deps.now.getTime());
    const visitedAt = new Date(input.visitedAt);
    if (visitedAt > at)
      throw new BadUserInputError('input.visitedAt', 'is in the future: record visits that took place');
    const official = await this.official(assignment.officialId);
    const problems = input.problems ?? [];
    const row = await inTransaction(this.deps.db, async (tx) => {
      const store = this.deps.store.withTx(tx as unknown as Database);
      const visit = await store.insertVisit({
        assignmentId: assignment.id,
        officialId: assignment.officialId,
        officialUserId: assignment.officialUserId,
        enterpriseCode: assignment.enterpriseCode,
        visitedAt,
        metWith: input.metWith,
        notes: input.notes,
        status: to,
        recordedAt: at,
        recordedBy: this.principal.sub ?? 'unknown',
        departmentCode: assignment.departmentCode,
        countyCode: assignment.countyCode,
        updatedAt: at,
      });
      await store.insertProblems(
        problems.map((description, position) => ({ visitId: visit.id, position, description })),
      );
      await store.insertVisitEvent({
        ...eventValues(this.principal, {
          subjectId: visit.id,
          action: 'RECORD',
          fromStatus: null,
          toStatus: to,
          data: { assignmentId: assignment.id, problems: problems.length },
        }),
        at,
      });
      await store.enqueue([
        {
          topic: 'visit.recorded',
          idempotencyKey: `visit.recorded:inbox:${visit.id}`,
          countyCode: visit.countyCode,
          channel: 'inbox',
          to: { enterprise: visit.enterpriseCode },
          ...officialMessages.render('visit.recorded', {
            name: official?.name ?? '助企干部',
            date: cstDate(visitedAt),
            problems: problems.length,
          }),
          data: { visitId: visit.id },
        },
      ]);
      return visit;
    });
    loaders.visit.prime(row.id, row);
    return row;
  }

  /** 跟进: a follow-up, kept as the visit's FOLLOW_UP event. */
  async followUp(id: string, raw: unknown): Promise<VisitRow> {
    const input = parseInput(followUpInput, raw);
    return this.step(id, 'FOLLOW_UP', input.note, (at) => ({ followedUpAt: at }));
  }

  /** 办结走访. */
  async close(id: string, raw: unknown): Promise<VisitRow> {
    const input = parseInput(closeInput, raw ?? {});
    return this.step(id, 'CLOSE', input.note ?? null, (at) => ({ closedAt: at, closeNote: input.note ?? null }));
  }

  /**
   * 问题转诉求: the problem is submitted to complaints through the gateway (first claimed, so it is submitted once even
   * when asked twice at the same time), then the matter's id, the visit's step and its event are one transaction.
   */
  async raiseProblem(id: string, raw: unknown): Promise<VisitRow> {
    assertUuid(id, 'id');
    const { loaders } = this.deps;
    const row = await loaders.visit.load(id);
    if (!row) throw new NotFoundError('Visit', id);
    const to = visitWorkflow.next(row.status, 'RAISE_PROBLEM', this.principal, row);
    const input = parseInput(raiseInput, raw);
    const problem = await this.deps.store.problem(id, input.problemId);
    if (!problem) throw new BadUserInputError('input.problemId', 'is not a problem of this visit');
    if (problem.matterId) {
      throw new ConflictError('This problem was raised as a matter already (已转诉求).', { id: problem.matterId });
    }
    const at = new Date(this.deps.now.getTime());
    const claimed = await this.deps.store.claimProblem(problem.id, at);
    if (!claimed) throw new ConflictError('This problem is being raised right now (正在提交).');
    const official = await this.official(row.officialId);
    let matter;
    try {
      matter = await matterGateway().submit({
        kind: input.kind,
        category: input.category,
        title: input.title ?? [...problem.description].slice(0, 60).join(''),
        content: `${problem.description}\n（${official?.name ?? '助企干部'}${cstDate(row.visitedAt)}走访时企业反映，走访记录 ${row.id}）`,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        enterpriseCreditCode: row.enterpriseCode,
        countyCode: row.countyCode,
        sourceReference: problem.id,
      });
    } catch (e) {
      await this.deps.store.releaseProblem(problem.id);
      throw e;
    }
    const updated = await inTransaction(this.deps.db, async (tx) => {
      const store = this.deps.store.withTx(tx as unknown as Database);
      await store.recordMatter(problem.id, {
        matterId: matter.id,
        matterReference: matter.referenceNo,
        raisedAt: at,
        raisedBy: this.principal.sub ?? 'unknown',
      });
      // The matter exists whatever happened to the visit meanwhile: its id is kept, the step taken if still open.
      const changed = (await store.updateVisitInState(id, row.status, { status: to, updatedAt: at })) ?? row;
      await store.insertVisitEvent({
        ...eventValues(this.principal, {
          subjectId: id,
          action: 'RAISE_PROBLEM',
          fromStatus: row.status,
          toStatus: changed.status,
          note: problem.description,
          data: { problemId: problem.id, matterId: matter.id, referenceNo: matter.referenceNo },
        }),
        at,
      });
      return changed;
    });
    loaders.visit.clear(id).prime(id, updated);
    loaders.problemsByVisit.clear(id);
    return updated;
  }

  private async step(
    id: string,
    action: Exclude<VisitAction, 'RECORD' | 'RAISE_PROBLEM'>,
    note: string | null,
    values: (at: Date) => Partial<VisitRow>,
  ): Promise<VisitRow> {
    assertUuid(id, 'id');
    const { loaders } = this.deps;
    const row = await loaders.visit.load(id);
    if (!row) throw new NotFoundError('Visit', id);
    const to = visitWorkflow.next(row.status, action, this.principal, row);
    const at = new Date(this.deps.now.getTime());
    const updated = await inTransaction(this.deps.db, async (tx) => {
      const store = this.deps.store.withTx(tx as unknown as Database);
      const changed = await store.updateVisitInState(id, row.status, { ...values(at), status: to, updatedAt: at });
      if (!changed) throw new ConflictError(`visit: "${action}" is not possible, it changed meanwhile.`);
      await store.insertVisitEvent({
        ...eventValues(this.principal, { subjectId: id, action, fromStatus: row.status, toStatus: to, note }),
        at,
      });
      return changed;
    });
    loaders.visit.clear(id).prime(id, updated);
    return updated;
  }
}
