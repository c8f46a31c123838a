/**
 * Rules of matters (诉求与投诉, Art. 7): who may do what, input validation, the transactions of the workflow. Access
 * checks come first in every method; row visibility is the store's SQL scope.
 */
import type { Database } from '@qq/db/client';
import {
  assertUuid,
  BadUserInputError,
  CITY_CODE,
  ConflictError,
  chinaDay,
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
  type MatterFilter,
  type MatterRow,
  type MatterStore,
  type NewMatter,
} from '../store/matters.store.ts';
import { messages } from '../messages.ts';
import { availableActions, matterWorkflow, type MatterSubject } from './matter.workflow.ts';
import {
  confirmMatterInput,
  dispatchMatterInput,
  matterFilterInput,
  reopenMatterInput,
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

  /** Enterprise.matters: the first page of an enterprise's matters that the caller may see. */
  async ofEnterprise(creditCode: string, args: PageArgs): Promise<Connection<MatterRow>> {
    this.requireReader();
    const page = readMatterPage(args);
    return this.deps.loaders.mattersOfEnterprise(page).load(creditCode);
  }

  /** The workflow actions the caller may take on a matter now. */
  availableActions(row: MatterRow): MatterAction[] {
    return availableActions(row, this.principal);
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
   * One workflow step: the caller must see the matter (NOT_FOUND as for a missing id), the transition table decides
   * (CONFLICT, FORBIDDEN), then the change, its event and its messages are one transaction. The update is conditional
   * on the state the step was decided in, so of two racing steps one wins and the other is a CONFLICT.
   */
  private async step<I>(
    id: string,
    action: MatterAction,
    spec: {
      outcome?: MatterSubject['outcome'];
      prepare: (row: MatterRow, principal: Principal) => I;
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
    const to = matterWorkflow.next(from, action, principal, { ...row, outcome: spec.outcome });
    const input = spec.prepare(row, principal);
    const at = new Date(this.deps.now.getTime());
    const updated = await inTransaction(db, async (tx) => {
      const writer = new MatterWriter(tx);
      const changed = await writer.updateInState(id, from, {
        ...spec.change(row, input, at),
        status: to,
        updatedAt: at,
      });
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
