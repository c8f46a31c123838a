/**
 * Rules of matters (诉求与投诉, Art. 7): who may do what, input validation, the transactions of the workflow. Access
 * checks come first in every method; row visibility is the store's SQL scope.
 */
import type { Database } from '@qq/db/client';
import type { SQL } from 'drizzle-orm';
import {
  assertUuid,
  BadUserInputError,
  CITY_CODE,
  ConflictError,
  chinaDay,
  countOnlyConnection,
  endOfChinaDay,
  eventValues,
  ForbiddenError,
  inTransaction,
  isUuid,
  NotFoundError,
  parseInput,
  readPage,
  toConnection,
  UnauthenticatedError,
  unitOfEnterprise,
  type Connection,
  type Page,
  type OutboundMessage,
  type PageArgs,
  type Principal,
  type Tx,
} from '@qq/kit';
import { deadlinesFor, dispatchDeadline, profileFor, storedProfile, type ClockConfig } from '../clock.ts';
import {
  ENTERPRISE_SOURCES,
  FIRST_HANDLER,
  KIND_LABEL,
  KIND_PREFIX,
  REFERENCE_PATTERN,
  STAFF_SOURCES,
  formatReference,
  referenceDay,
  unitLabel,
  type MatterAction,
  type MatterKind,
  type MatterStatus,
} from '../domain.ts';
import { matterCursor, type Loaders } from '../loaders.ts';
import {
  MatterWriter,
  notTransferred,
  unrated,
  type MatterFilter,
  type MatterRow,
  type MatterStore,
  type NewMatter,
} from '../store/matters.store.ts';
import { messages } from '../messages.ts';
import { coHandlerOf, unmetCondition } from './matter.conditions.ts';
import { availableActions, matterWorkflow, type MatterSubject } from './matter.workflow.ts';
import {
  addCoHandlerToMatterInput,
  confirmMatterInput,
  decideTransferOfMatterInput,
  dispatchMatterInput,
  followMatterInput,
  matterFilterInput,
  rateMatterInput,
  reopenMatterInput,
  replyAsCoHandlerToMatterInput,
  requestTransferOfMatterInput,
  similarOpenMattersInput,
  replyMatterInput,
  resolveMatterInput,
  submitMatterInput,
  supplementMatterInput,
} from './validation.ts';

export interface MatterServiceDeps {
  principal: Principal;
  db: Database;
  store: MatterStore;
  loaders: Loaders;
  clock: ClockConfig;
  /** The instant of the request: clocks and overdue flags of one response agree. */
  now: Date;
}

/** `first`/`after` of a matter list; the cursor is `[submittedAt, id]`. */
export function readMatterPage(args: PageArgs): Page {
  const page = readPage(args, 2);
  if (page.after) {
    const [at, id] = page.after;
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id)) {
      throw new BadUserInputError('after', 'is not a cursor returned by this list');
    }
  }
  return page;
}

function startOfChinaDay(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

export function instant(value: string, edge: 'start' | 'end'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return edge === 'start' ? startOfChinaDay(value) : endOfChinaDay(value);
  return new Date(value);
}

export class MatterService {
  constructor(private readonly deps: MatterServiceDeps) {}

  private get principal() {
    return this.deps.principal;
  }

  /** Readers of matters: enterprise users (their own), staff, analysts, admins. */
  private requireReader(): void {
    const { role } = this.principal;
    if (role === 'anonymous') throw new UnauthenticatedError();
    if (role === 'person') throw new ForbiddenError();
  }

  async list(args: PageArgs & { filter?: unknown }): Promise<Connection<MatterRow>> {
    this.requireReader();
    const page = readMatterPage(args);
    const input = parseInput(matterFilterInput, args.filter, 'filter') ?? {};
    const filter: MatterFilter = {
      ...input,
      submittedFrom: input.submittedFrom ? instant(input.submittedFrom, 'start') : null,
      submittedTo: input.submittedTo ? instant(input.submittedTo, 'end') : null,
    };
    if (filter.submittedFrom && filter.submittedTo && filter.submittedFrom > filter.submittedTo) {
      throw new BadUserInputError('filter.submittedTo', 'must not be before filter.submittedFrom');
    }
    const { store, loaders, now } = this.deps;
    const rows = await store.list(filter, page, now);
    for (const row of rows) loaders.matter.prime(row.id, row);
    return toConnection(rows, page.limit, matterCursor, () => store.count(filter, now));
  }

  async byId(id: string): Promise<MatterRow | null> {
    this.requireReader();
    assertUuid(id, 'id', 'is not a matter id');
    return this.deps.loaders.matter.load(id);
  }

  async byReference(referenceNo: string): Promise<MatterRow | null> {
    this.requireReader();
    const ref = referenceNo.trim().toUpperCase();
    if (!REFERENCE_PATTERN.test(ref)) {
      throw new BadUserInputError('referenceNo', 'must look like TS-20261127-0001 or SQ-20261127-0001');
    }
    return this.deps.loaders.matterByReference.load(ref);
  }

  /**
   * Enterprise.matters: the first page of an enterprise's matters that the caller may see; only their count when the
   * query reads nothing else (`rows` false).
   */
  async ofEnterprise(creditCode: string, args: PageArgs, rows = true): Promise<Connection<MatterRow>> {
    this.requireReader();
    const page = readMatterPage(args);
    const { loaders } = this.deps;
    if (!rows) return countOnlyConnection(() => loaders.matterCountByEnterprise.load(creditCode));
    return loaders.mattersOfEnterprise(page).load(creditCode);
  }

  /** The workflow actions the caller may take on a matter now. */
  async availableActions(row: MatterRow): Promise<MatterAction[]> {
    return availableActions(await this.subjectOf(row), this.principal, this.deps.now);
  }

  /** A matter with its co-handlers: what the transition table and its conditions read. */
  private async subjectOf(row: MatterRow): Promise<MatterSubject> {
    const { loaders } = this.deps;
    return { ...row, coHandlers: await loaders.coHandlersOfMatter.load(row.id) };
  }

  /**
   * The duplicate hint (重复诉求提示), asked before submitting: the caller's enterprise's open matters of a category,
   * newest first, at most 20. The enterprise may follow one of them (`followMatter`) instead of raising another.
   */
  async similarOpen(category: unknown): Promise<MatterRow[]> {
    const principal = this.principal;
    if (principal.role === 'anonymous') throw new UnauthenticatedError();
    if (principal.role !== 'enterprise' || !principal.enterprise) throw new ForbiddenError();
    const parsed = parseInput(similarOpenMattersInput, category, 'category');
    const rows = await this.deps.store.similarOpen(principal.enterprise, parsed, 20);
    for (const row of rows) this.deps.loaders.matter.prime(row.id, row);
    return rows;
  }

  /**
   * 提交: an enterprise user raises a matter for its own enterprise (portal or mini-program); staff of any department
   * or a department's system raise one for an enterprise named by its credit code, with the channel it came through
   * (a 万人助万企 visit: `VISIT`). The matter, its event and its messages are one transaction: the enterprise learns
   * its reference number by SMS and in its message centre.
   */
  async submit(raw: unknown): Promise<MatterRow> {
    const principal = this.principal;
    if (principal.role === 'anonymous') throw new UnauthenticatedError();
    const status = matterWorkflow.next(null, 'SUBMIT', principal);
    const input = parseInput(submitMatterInput, raw, 'input');
    let enterpriseCode: string;
    let source: string;
    if (principal.role === 'enterprise') {
      if (input.enterpriseCreditCode && input.enterpriseCreditCode !== principal.enterprise) {
        throw new ForbiddenError('An enterprise user raises matters for its own enterprise only.');
      }
      if (input.source && !ENTERPRISE_SOURCES.includes(input.source)) {
        throw new BadUserInputError(
          'input.source',
          `must be one of ${ENTERPRISE_SOURCES.join(', ')} for an enterprise`,
        );
      }
      enterpriseCode = principal.enterprise!;
      source = input.source ?? 'PORTAL';
    } else {
      if (!input.enterpriseCreditCode) {
        throw new BadUserInputError('input.enterpriseCreditCode', 'is required when staff raise a matter');
      }
      if (!input.source || !STAFF_SOURCES.includes(input.source)) {
        throw new BadUserInputError('input.source', `is required: one of ${STAFF_SOURCES.join(', ')}`);
      }
      enterpriseCode = input.enterpriseCreditCode;
      source = input.source;
    }
    const countyCode = unitOfEnterprise(enterpriseCode, input.countyCode, 'input.countyCode');
    const { db } = this.deps;
    const profile = profileFor(this.deps.clock, input.category);
    // Millisecond precision, as stored: the instant is part of the list cursor.
    const submittedAt = new Date(this.deps.now.getTime());
    const raisedBy =
      principal.role === 'enterprise'
        ? { raisedByDepartmentCode: null, raisedByCountyCode: null }
        : { raisedByDepartmentCode: principal.dept, raisedByCountyCode: principal.county };
    const row = await inTransaction(db, async (tx) => {
      const writer = new MatterWriter(tx);
      const day = referenceDay(submittedAt);
      const referenceNo = formatReference(input.kind, day, await writer.nextSequence(KIND_PREFIX[input.kind], day));
      const matter = await writer.insertMatter({
        referenceNo,
        kind: input.kind,
        category: input.category,
        title: input.title,
        content: input.content,
        enterpriseCode,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        status,
        source,
        sourceReference: input.sourceReference ?? null,
        ...raisedBy,
        clockProfile: profile.name,
        submittedAt,
        dispatchDueAt: dispatchDeadline(profile, submittedAt),
        departmentCode: FIRST_HANDLER,
        countyCode,
        createdAt: submittedAt,
        updatedAt: submittedAt,
      });
      const eventId = await writer.insertEvent({
        ...eventValues(principal, {
          subjectId: matter.id,
          action: 'SUBMIT',
          fromStatus: null,
          toStatus: status,
          data: {
            referenceNo,
            departmentCode: principal.role === 'enterprise' ? FIRST_HANDLER : principal.dept,
            countyCode: principal.role === 'enterprise' ? countyCode : principal.county,
            source,
            clockProfile: profile.name,
          },
        }),
        at: submittedAt,
      });
      const received = messages.render('matter.received', {
        ...refOf(matter),
        dispatchDays: profile.dispatchDays,
      });
      await writer.enqueue([
        toEnterpriseSms(matter, 'matter.received', eventId, received),
        toEnterpriseInbox(matter, 'matter.received', eventId, received),
      ]);
      return matter;
    });
    this.deps.loaders.matter.prime(row.id, row);
    return row;
  }

  /**
   * 分派: the dispatcher (发改委 of the matter's county, or of the city) gives the matter to a department and county;
   * the 13710 clock starts now. A county's dispatcher dispatches within its county.
   */
  async dispatch(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'DISPATCH', {
      prepare: (row, principal) => {
        const input = parseInput(dispatchMatterInput, raw, 'input');
        const countyCode = input.countyCode ?? row.countyCode;
        if (principal.county !== CITY_CODE && countyCode !== principal.county) {
          throw new ForbiddenError('A county dispatcher dispatches within its own county.');
        }
        return { departmentCode: input.departmentCode, countyCode, note: input.note ?? null };
      },
      change: (row, input, at) => {
        const profile = storedProfile(this.deps.clock, row.clockProfile);
        return {
          departmentCode: input.departmentCode,
          countyCode: input.countyCode,
          dispatchedAt: row.dispatchedAt ?? at,
          ...(row.signDueAt ? {} : deadlinesFor(profile, at)),
        };
      },
      event: (_, input) => ({
        note: input.note,
        data: { toDepartmentCode: input.departmentCode, toCountyCode: input.countyCode },
      }),
      messages: (m, eventId) => [
        toUnitInbox(m, 'matter.dispatched', eventId, m.departmentCode, m.countyCode, {
          ...messages.render('matter.dispatched', { ...refOf(m), signDueOn: m.signDueAt ? chinaDay(m.signDueAt) : '' }),
        }),
      ],
    });
  }

  /** 签收: staff of the unit the matter was dispatched to sign for it; the first unit to sign owns it (首接责任制). */
  async sign(id: string): Promise<MatterRow> {
    return this.step(id, 'SIGN', {
      prepare: () => ({}),
      change: (row, _, at) => ({
        signedAt: row.signedAt ?? at,
        firstAcceptorDepartmentCode: row.firstAcceptorDepartmentCode ?? row.departmentCode,
        firstAcceptorCountyCode: row.firstAcceptorCountyCode ?? row.countyCode,
      }),
      event: () => ({ note: null, data: {} }),
      messages: (m, eventId) => [
        toEnterpriseInbox(
          m,
          'matter.signed',
          eventId,
          messages.render('matter.signed', { ...refOf(m), unit: unitLabel(m.departmentCode, m.countyCode) }),
        ),
      ],
    });
  }

  /**
   * 转办申请 (首接责任制): the owner asks, within 2 working days of signing, to pass on a matter that is not its job,
   * with a reason and the unit it proposes; the dispatcher of the matter's county is told. A matter is transferred at
   * most once, so the request is refused (CONFLICT) when the matter already had one.
   */
  async requestTransfer(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'REQUEST_TRANSFER', {
      prepare: (row) => {
        const input = parseInput(requestTransferOfMatterInput, raw, 'input');
        const countyCode = input.countyCode ?? row.countyCode;
        if (input.departmentCode === row.departmentCode && countyCode === row.countyCode) {
          throw new BadUserInputError('input.departmentCode', 'names the unit that owns the matter already');
        }
        return { reason: input.reason, departmentCode: input.departmentCode, countyCode };
      },
      change: (row, input, at) => ({
        transferFromDepartmentCode: row.departmentCode,
        transferFromCountyCode: row.countyCode,
        transferProposedDepartmentCode: input.departmentCode,
        transferProposedCountyCode: input.countyCode,
        // The unit it would go to: the proposed one until the dispatcher decides.
        transferToDepartmentCode: input.departmentCode,
        transferToCountyCode: input.countyCode,
        transferReason: input.reason,
        transferRequestedAt: at,
      }),
      // At most one transfer per matter, also against a racing request.
      when: notTransferred(),
      event: (_, input) => ({
        note: input.reason,
        data: { proposedDepartmentCode: input.departmentCode, proposedCountyCode: input.countyCode },
      }),
      messages: (m, eventId, input) => [
        toUnitInbox(
          m,
          'matter.transferRequested',
          eventId,
          FIRST_HANDLER,
          m.countyCode,
          messages.render('matter.transferRequested', {
            ...refOf(m),
            unit: unitLabel(m.departmentCode, m.countyCode),
            proposed: unitLabel(input.departmentCode, input.countyCode),
            reason: input.reason,
          }),
        ),
      ],
    });
  }

  /**
   * 转办审核: the dispatcher decides a pending transfer request once, finally. Approved, the matter goes to the
   * proposed unit (or another one the dispatcher names) to sign for and own; the clock keeps running from dispatch.
   * Declined (退回), the asking unit keeps it to the end. Both are recorded on the request, with their instants.
   */
  async decideTransfer(id: string, raw: unknown): Promise<MatterRow> {
    const input = parseInput(decideTransferOfMatterInput, raw, 'input');
    return this.step(id, 'DECIDE_TRANSFER', {
      outcome: input.approve ? 'APPROVE' : 'DECLINE',
      prepare: (row, principal) => {
        const from = { departmentCode: row.departmentCode, countyCode: row.countyCode };
        if (!input.approve) return { from, to: null };
        const departmentCode = input.departmentCode ?? row.transferProposedDepartmentCode ?? '';
        const countyCode = input.countyCode ?? row.transferProposedCountyCode ?? '';
        if (principal.county !== CITY_CODE && countyCode !== principal.county) {
          throw new ForbiddenError('A county dispatcher transfers within its own county.');
        }
        if (departmentCode === from.departmentCode && countyCode === from.countyCode) {
          throw new BadUserInputError(
            'input.departmentCode',
            'names the unit that asked; decline the transfer instead',
          );
        }
        return { from, to: { departmentCode, countyCode } };
      },
      change: (_, { to }, at) => ({
        transferApproved: !!to,
        transferDecidedAt: at,
        transferDecisionNote: input.note ?? null,
        ...(to
          ? {
              transferToDepartmentCode: to.departmentCode,
              transferToCountyCode: to.countyCode,
              departmentCode: to.departmentCode,
              countyCode: to.countyCode,
              // The unit it goes to becomes the owner when it signs.
              firstAcceptorDepartmentCode: null,
              firstAcceptorCountyCode: null,
            }
          : {}),
      }),
      event: (_, { from, to }) => ({
        note: input.note ?? null,
        data: to
          ? {
              approved: true,
              fromDepartmentCode: from.departmentCode,
              fromCountyCode: from.countyCode,
              toDepartmentCode: to.departmentCode,
              toCountyCode: to.countyCode,
            }
          : { approved: false },
      }),
      messages: (m, eventId, { from, to }) => {
        if (!to) {
          return [
            toUnitInbox(
              m,
              'matter.transferDeclined',
              eventId,
              from.departmentCode,
              from.countyCode,
              messages.render('matter.transferDeclined', refOf(m)),
            ),
          ];
        }
        const unit = unitLabel(to.departmentCode, to.countyCode);
        const enterprise = messages.render('matter.transferredToEnterprise', { ...refOf(m), unit });
        return [
          toUnitInbox(
            m,
            'matter.transferApproved',
            eventId,
            from.departmentCode,
            from.countyCode,
            messages.render('matter.transferApproved', { ...refOf(m), unit }),
          ),
          toUnitInbox(
            m,
            'matter.transferred',
            eventId,
            to.departmentCode,
            to.countyCode,
            messages.render('matter.transferred', refOf(m)),
          ),
          toEnterpriseInbox(m, 'matter.transferredToEnterprise', eventId, enterprise),
        ];
      },
    });
  }

  /**
   * 协办: the owner or the dispatcher adds a co-handling unit, which is told, sees the matter from now on and gives
   * its own reply; the owner stays responsible. CONFLICT when the unit co-handles it already.
   */
  async addCoHandler(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'ADD_CO_HANDLER', {
      prepare: (row) => {
        const input = parseInput(addCoHandlerToMatterInput, raw, 'input');
        const countyCode = input.countyCode ?? row.countyCode;
        if (input.departmentCode === row.departmentCode && countyCode === row.countyCode) {
          throw new BadUserInputError(
            'input.departmentCode',
            'names the owner of the matter, which handles it already',
          );
        }
        if (row.coHandlers?.some((c) => c.departmentCode === input.departmentCode && c.countyCode === countyCode)) {
          throw new ConflictError('matter: this unit co-handles the matter already.', { id: row.id });
        }
        return { departmentCode: input.departmentCode, countyCode, note: input.note ?? null };
      },
      change: () => ({}),
      event: (_, input) => ({
        note: input.note,
        data: { coHandlerDepartmentCode: input.departmentCode, coHandlerCountyCode: input.countyCode },
      }),
      after: async (tx, m, input, at) => {
        const added = await new MatterWriter(tx).insertCoHandler({
          matterId: m.id,
          departmentCode: input.departmentCode,
          countyCode: input.countyCode,
          addedAt: at,
          addedBy: this.principal.sub ?? this.principal.role,
        });
        if (!added) throw new ConflictError('matter: this unit co-handles the matter already.', { id: m.id });
      },
      messages: (m, eventId, input) => [
        toUnitInbox(
          m,
          'matter.coHandlerAdded',
          eventId,
          input.departmentCode,
          input.countyCode,
          messages.render('matter.coHandlerAdded', { ...refOf(m), owner: unitLabel(m.departmentCode, m.countyCode) }),
        ),
      ],
    });
  }

  /** 协办意见: a co-handling unit gives its own reply, once; the owner is told and stays responsible. */
  async replyAsCoHandler(id: string, raw: unknown): Promise<MatterRow> {
    const principal = this.principal;
    return this.step(id, 'REPLY_AS_CO_HANDLER', {
      prepare: (row) => {
        const input = parseInput(replyAsCoHandlerToMatterInput, raw, 'input');
        const unit = coHandlerOf(row, principal)!;
        return { reply: input.reply, departmentCode: unit.departmentCode, countyCode: unit.countyCode };
      },
      change: () => ({}),
      event: (_, input) => ({ note: input.reply, data: {} }),
      after: async (tx, m, input, at) => {
        const replied = await new MatterWriter(tx).replyAsCoHandler(m.id, input, {
          reply: input.reply,
          repliedAt: at,
          repliedBy: principal.sub ?? principal.role,
        });
        if (!replied) throw new ConflictError('matter: this co-handling unit has already replied.', { id: m.id });
      },
      messages: (m, eventId, input) => [
        toUnitInbox(
          m,
          'matter.coHandlerReplied',
          eventId,
          m.departmentCode,
          m.countyCode,
          messages.render('matter.coHandlerReplied', {
            ...refOf(m),
            unit: unitLabel(input.departmentCode, input.countyCode),
          }),
        ),
      ],
    });
  }

  /** 答复: the owner's substantive answer to the enterprise (SMS and message centre). */
  async reply(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'REPLY', {
      prepare: () => parseInput(replyMatterInput, raw, 'input'),
      change: (row, _, at) => ({ repliedAt: row.repliedAt ?? at }),
      event: (_, input) => ({ note: input.reply, data: {} }),
      messages: (m, eventId) => {
        const text = messages.render('matter.replied', {
          ...refOf(m),
          unit: unitLabel(m.departmentCode, m.countyCode),
        });
        return [
          toEnterpriseSms(m, 'matter.replied', eventId, text),
          toEnterpriseInbox(m, 'matter.replied', eventId, text),
        ];
      },
    });
  }

  /**
   * 办结: the owner reports what was done. With `remaining` and `promisedOn` the matter is partly resolved (阶段性办结)
   * and stays open; without, it is resolved and waits for the enterprise's confirmation.
   */
  async resolve(id: string, raw: unknown): Promise<MatterRow> {
    const input = parseInput(resolveMatterInput, raw, 'input');
    if (input.promisedOn && input.promisedOn <= chinaDay(this.deps.now)) {
      throw new BadUserInputError('input.promisedOn', 'must be a day after today');
    }
    const partly = !!input.remaining;
    return this.step(id, 'RESOLVE', {
      outcome: partly ? 'PARTLY' : 'FULL',
      prepare: () => input,
      change: (row, _, at) => ({
        resolvedAt: row.resolvedAt ?? at,
        reportedAt: partly ? row.reportedAt : (row.reportedAt ?? at),
        lastResolvedAt: at,
        resolution: input.resolution,
        remaining: input.remaining ?? null,
        promisedOn: input.promisedOn ?? null,
      }),
      event: () => ({
        note: input.resolution,
        data: partly ? { remaining: input.remaining, promisedOn: input.promisedOn } : {},
      }),
      messages: (m, eventId) => {
        const text = partly
          ? messages.render('matter.partlyResolved', { ...refOf(m), promisedOn: input.promisedOn ?? '' })
          : messages.render('matter.resolved', { ...refOf(m), quietDays: this.deps.clock.quietDays });
        const topic = partly ? 'matter.partlyResolved' : 'matter.resolved';
        return [toEnterpriseSms(m, topic, eventId, text), toEnterpriseInbox(m, topic, eventId, text)];
      },
    });
  }

  /** 补充材料: the enterprise adds information to a matter that is not closed; the handling unit is told. */
  async supplement(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'SUPPLEMENT', {
      prepare: () => parseInput(supplementMatterInput, raw, 'input'),
      change: () => ({}),
      event: (_, input) => ({ note: input.information, data: {} }),
      messages: (m, eventId) => [
        toUnitInbox(m, 'matter.supplemented', eventId, m.departmentCode, m.countyCode, {
          ...messages.render('matter.supplemented', refOf(m)),
        }),
      ],
    });
  }

  /** 确认: the enterprise accepts the result; the matter closes. */
  async confirm(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'CONFIRM', {
      prepare: () => parseInput(confirmMatterInput, raw, 'input') ?? {},
      change: (_, __, at) => ({ confirmedAt: at, closedAt: at }),
      event: (_, input) => ({ note: input.note ?? null, data: {} }),
      messages: (m, eventId) => [
        toUnitInbox(m, 'matter.confirmed', eventId, m.departmentCode, m.countyCode, {
          ...messages.render('matter.confirmed', refOf(m)),
        }),
      ],
    });
  }

  /**
   * 重办: the enterprise does not accept the result; the matter goes back to its owner, counted. The owner and the
   * dispatcher of the county are told.
   */
  async reopen(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'REOPEN', {
      prepare: () => parseInput(reopenMatterInput, raw, 'input'),
      change: (row, _, at) => ({ reopenCount: row.reopenCount + 1, reopenedAt: at }),
      event: (_, input) => ({ note: input.reason, data: {} }),
      messages: (m, eventId, input) => {
        const text = messages.render('matter.reopened', { ...refOf(m), reason: input.reason });
        const owner = toUnitInbox(m, 'matter.reopened', eventId, m.departmentCode, m.countyCode, text);
        if (m.departmentCode === FIRST_HANDLER) return [owner];
        return [owner, toUnitInbox(m, 'matter.reopened', eventId, FIRST_HANDLER, m.countyCode, text)];
      },
    });
  }

  /**
   * 重复反映: instead of raising a duplicate, the enterprise raises an open matter of its own again (after the
   * duplicate hint of `similarOpenMatters`), with an optional note; counted, and the handling unit is told.
   */
  async follow(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'FOLLOW', {
      prepare: () => parseInput(followMatterInput, raw, 'input') ?? {},
      change: (row, _, at) => ({ followCount: row.followCount + 1, lastFollowedAt: at }),
      event: (_, input) => ({ note: input.note ?? null, data: {} }),
      messages: (m, eventId) => [
        toUnitInbox(
          m,
          'matter.followed',
          eventId,
          m.departmentCode,
          m.countyCode,
          messages.render('matter.followed', { ...refOf(m), count: m.followCount }),
        ),
      ],
    });
  }

  /** 满意度评价: the enterprise rates a resolved matter once, 1–5 with an optional comment; the owner is told. */
  async rate(id: string, raw: unknown): Promise<MatterRow> {
    return this.step(id, 'RATE', {
      when: unrated(),
      prepare: () => parseInput(rateMatterInput, raw, 'input'),
      change: (_, input, at) => ({
        satisfaction: input.score,
        satisfactionComment: input.comment ?? null,
        ratedAt: at,
      }),
      event: (_, input) => ({ note: input.comment ?? null, data: { score: input.score } }),
      messages: (m, eventId, input) => [
        toUnitInbox(
          m,
          'matter.rated',
          eventId,
          m.departmentCode,
          m.countyCode,
          messages.render('matter.rated', { ...refOf(m), score: input.score }),
        ),
      ],
    });
  }

  /**
   * One workflow step: the caller must see the matter (NOT_FOUND as for a missing id), the transition table decides
   * (CONFLICT, FORBIDDEN), then the change, its event and its messages are one transaction. The update is conditional
   * on the state the step was decided in, so of two racing steps one wins and the other is a CONFLICT.
   */
  private async step<I>(
    id: string,
    action: MatterAction,
    spec: {
      outcome?: MatterSubject['outcome'];
      /** A further condition of the update (a once-only step), checked in the same statement. */
      when?: SQL;
      prepare: (row: MatterSubject, principal: Principal) => I;
      change: (row: MatterRow, input: I, at: Date) => Partial<NewMatter>;
      event: (row: MatterRow, input: I) => { note: string | null; data: Record<string, unknown> };
      messages: (updated: MatterRow, eventId: number, input: I) => OutboundMessage[];
      after?: (tx: Tx, updated: MatterRow, input: I, at: Date) => Promise<void>;
    },
  ): Promise<MatterRow> {
    const principal = this.principal;
    if (principal.role === 'anonymous') throw new UnauthenticatedError();
    assertUuid(id, 'id', 'is not a matter id');
    const { loaders, db } = this.deps;
    const row = await loaders.matter.load(id);
    if (!row) throw new NotFoundError('Matter', id);
    const from = row.status as MatterStatus;
    const subject: MatterSubject = { ...(await this.subjectOf(row)), outcome: spec.outcome };
    const to = matterWorkflow.next(from, action, principal, subject);
    const unmet = unmetCondition(action, subject, principal, this.deps.now);
    if (unmet) throw new ConflictError(`matter: "${action}" is not possible now: ${unmet}.`, { id, action });
    const input = spec.prepare(subject, principal);
    const at = new Date(this.deps.now.getTime());
    const updated = await inTransaction(db, async (tx) => {
      const writer = new MatterWriter(tx);
      const changed = await writer.updateInState(
        id,
        from,
        { ...spec.change(row, input, at), status: to, updatedAt: at },
        spec.when,
      );
      if (!changed)
        throw new ConflictError(`matter: "${action}" is not possible, the matter changed meanwhile.`, { id });
      const { note, data } = spec.event(row, input);
      const unit =
        principal.role === 'enterprise' ? {} : { departmentCode: principal.dept, countyCode: principal.county };
      const eventId = await writer.insertEvent({
        ...eventValues(principal, {
          subjectId: id,
          action,
          fromStatus: from,
          toStatus: to,
          note,
          data: { ...unit, ...data },
        }),
        at,
      });
      if (spec.after) await spec.after(tx, changed, input, at);
      await writer.enqueue(spec.messages(changed, eventId, input));
      return changed;
    });
    loaders.matter.clear(id).prime(id, updated);
    loaders.eventsOfMatter.clear(id);
    loaders.coHandlersOfMatter.clear(id);
    return updated;
  }
}

type Rendered = ReturnType<typeof messages.render>;

function refOf(m: MatterRow) {
  return { kindLabel: KIND_LABEL[m.kind as MatterKind], title: m.title, referenceNo: m.referenceNo };
}

function toEnterpriseSms(m: MatterRow, topic: string, eventId: number, text: Rendered): OutboundMessage {
  return {
    topic,
    idempotencyKey: `${topic}:sms:${m.id}:${eventId}`,
    countyCode: m.countyCode,
    channel: 'sms',
    phone: m.contactPhone,
    ...text,
    data: { matterId: m.id, referenceNo: m.referenceNo },
  };
}

function toEnterpriseInbox(m: MatterRow, topic: string, eventId: number, text: Rendered): OutboundMessage {
  return {
    topic,
    idempotencyKey: `${topic}:inbox:${m.id}:${eventId}`,
    countyCode: m.countyCode,
    channel: 'inbox',
    to: { enterprise: m.enterpriseCode },
    ...text,
    data: { matterId: m.id, referenceNo: m.referenceNo },
  };
}

function toUnitInbox(
  m: MatterRow,
  topic: string,
  eventId: number,
  dept: string,
  county: string,
  text: Rendered,
): OutboundMessage {
  return {
    topic,
    idempotencyKey: `${topic}:inbox:${m.id}:${eventId}:${dept}:${county}`,
    countyCode: m.countyCode,
    channel: 'inbox',
    to: { dept, county },
    ...text,
    data: { matterId: m.id, referenceNo: m.referenceNo },
  };
}
