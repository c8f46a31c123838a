/**
 * Cases (办件): an enterprise's case for a service of the catalogue, through 收件 → 受理 → 办理 → 办结 (or 不予受理 /
 * 退回 with a reason). Each step checks the transition table, records its instant and handling unit on the case and
 * in an event row, and writes its messages to the outbox, in one transaction. The legal deadline counts the service's
 * working days from acceptance on the working-day calendar. The exchange (departments' systems) applies its reports
 * through the same steps (`applyStep`, `receiveIn`).
 */
import { randomInt } from 'node:crypto';
import type { Database } from '@qq/db/client';
import { CASE_STATUSES, outbox, type CaseStatus } from '@qq/db/schema/platform';
import {
  assertUuid,
  BadUserInputError,
  chinaDay,
  CITY_CODE,
  ConflictError,
  enqueueMessages,
  eventValues,
  ForbiddenError,
  inTransaction,
  isValidCreditCode,
  monthRange,
  NotFoundError,
  parseInput,
  readPage,
  toConnection,
  workingDeadline,
  type OutboundMessage,
  type Principal,
  type Tx,
} from '@qq/kit';
import DataLoader from 'dataloader';
import { z } from 'zod';
import { facilitationMessages } from '../facilitation.messages.ts';
import type { CatalogueStore, ServiceRow } from '../store/catalogue.store.ts';
import type {
  CaseInsert,
  CaseListFilter,
  CaseRow,
  CaseStore,
  FigureUnit,
  LicenceRow,
  ServiceFigureRow,
} from '../store/cases.store.ts';
import type { EnterpriseStore } from '../store/enterprises.store.ts';
import { UnitStore } from '../store/units.store.ts';
import { availableActions, caseWorkflow, keepsUnit, type CaseAction } from './facilitation.workflows.ts';

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

export const PHONE = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const handlingUnitSchema = text(2, 100).nullish();
export const reasonSchema = text(1, 500);
export const licenceSchema = z.object({
  number: text(1, 60),
  expiresOn: z.string().regex(DAY, 'must be a date YYYY-MM-DD'),
});
export const receiveSchema = z.object({
  serviceId: z.string().uuid('must be the id of a service'),
  enterpriseCode: z.string().refine(isValidCreditCode, 'is not a valid unified social credit code').nullish(),
  applicantName: text(2, 50),
  applicantPhone: z.string().trim().regex(PHONE, 'is not a phone number').nullish(),
  handlingUnit: handlingUnitSchema,
});
export const concludeSchema = z.object({
  id: z.string().uuid('must be the id of a case'),
  outcome: z.enum(['APPROVED', 'DENIED']),
  reason: text(1, 500).nullish(),
  handlingUnit: handlingUnitSchema,
  licence: licenceSchema.nullish(),
});

/** What a step records besides the state. */
export interface StepDetails {
  /** The step's own instant (now for a clerk; the sender's for the exchange). */
  at: Date;
  handlingUnit?: string | null;
  reason?: string | null;
  outcome?: 'APPROVED' | 'DENIED' | null;
  licence?: { number: string; expiresOn: string } | null;
  /** Extra data kept on the event (e.g. the exchange's event id). */
  data?: Record<string, unknown>;
}

export interface ReceiveValues {
  service: ServiceRow;
  enterpriseCode: string;
  applicantName: string;
  applicantPhone: string | null;
  channel: 'ONLINE' | 'OFFICE' | 'EXCHANGE';
  appliedAt: Date;
  sourceClient?: string | null;
  externalId?: string | null;
}

/** Past its legal deadline at `now`: concluded late, or accepted and still open after it. */
export function isOverdue(row: CaseRow, now: Date): boolean {
  if (!row.dueAt) return false;
  if (row.concludedAt) return row.concludedAt > row.dueAt;
  return (row.status === 'ACCEPTED' || row.status === 'PROCESSING') && now > row.dueAt;
}

/** 办件编号: BJ, the China calendar day and six digits. */
function referenceNo(at: Date): string {
  return `BJ${chinaDay(at).replaceAll('-', '')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

const TOPIC: Record<CaseAction, string> = {
  RECEIVE: 'case.received',
  RESUBMIT: 'case.resubmitted',
  ACCEPT: 'case.accepted',
  REJECT: 'case.rejected',
  RETURN: 'case.returned',
  PROCESS: 'case.processing',
  CONCLUDE: 'case.concluded',
};

/** The step's messages: in-app to the enterprise, and an SMS of the conclusion (办结) to the applicant's phone. */
function caseMessages(row: CaseRow, action: CaseAction, eventId: number): OutboundMessage[] {
  const base = { serviceName: row.serviceName, referenceNo: row.referenceNo, handlingUnit: row.handlingUnit };
  const rendered = (() => {
    switch (action) {
      case 'RECEIVE':
        return facilitationMessages.render('case.received', base);
      case 'RESUBMIT':
        return facilitationMessages.render('case.resubmitted', base);
      case 'ACCEPT':
        return facilitationMessages.render('case.accepted', {
          ...base,
          timeLimitDays: row.timeLimitDays,
          dueOn: row.dueAt ? chinaDay(row.dueAt) : '',
        });
      case 'REJECT':
        return facilitationMessages.render('case.rejected', { ...base, reason: row.reason ?? '' });
      case 'RETURN':
        return facilitationMessages.render('case.returned', { ...base, reason: row.reason ?? '' });
      case 'PROCESS':
        return facilitationMessages.render('case.processing', base);
      case 'CONCLUDE':
        return facilitationMessages.render('case.concluded', {
          ...base,
          outcome: row.outcome === 'DENIED' ? `不予许可（${row.reason ?? ''}）` : '准予办理',
        });
    }
  })();
  const topic = TOPIC[action];
  const data = { caseId: row.id, referenceNo: row.referenceNo };
  const messages: OutboundMessage[] = [
    {
      topic,
      idempotencyKey: `${topic}:${row.id}:${eventId}`,
      countyCode: row.countyCode === CITY_CODE ? null : row.countyCode,
      channel: 'inbox',
      to: { enterprise: row.enterpriseCode },
      ...rendered,
      data,
    },
  ];
  if (action === 'CONCLUDE' && row.applicantPhone) {
    messages.push({
      topic,
      idempotencyKey: `${topic}:sms:${row.id}:${eventId}`,
      countyCode: row.countyCode === CITY_CODE ? null : row.countyCode,
      channel: 'sms',
      phone: row.applicantPhone,
      ...rendered,
      data,
    });
  }
  return messages;
}

export interface CaseListArgs {
  first?: number | null;
  after?: string | null;
  filter?: {
    status?: string | null;
    enterpriseCode?: string | null;
    serviceId?: string | null;
    overdue?: boolean | null;
  } | null;
}

export class CaseService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: CaseStore,
    private readonly catalogue: CatalogueStore,
    private readonly enterprises: EnterpriseStore,
    private readonly units: UnitStore,
    private readonly now: Date,
  ) {}

  overdue(row: CaseRow): boolean {
    return isOverdue(row, this.now);
  }

  available(row: CaseRow): CaseAction[] {
    return availableActions(caseWorkflow, row.status, this.principal, row);
  }

  async list(args: CaseListArgs) {
    if (this.principal.role === 'anonymous') throw new ForbiddenError('Sign in to read cases (请先登录).');
    const page = readPage(args, 2);
    const f = args.filter ?? {};
    if (f.enterpriseCode && !isValidCreditCode(f.enterpriseCode)) {
      throw new BadUserInputError('filter.enterpriseCode', 'is not a valid unified social credit code');
    }
    if (f.serviceId) assertUuid(f.serviceId, 'filter.serviceId');
    const filter: CaseListFilter = {
      status: f.status && (CASE_STATUSES as readonly string[]).includes(f.status) ? f.status : null,
      enterpriseCode: f.enterpriseCode ?? null,
      serviceId: f.serviceId ?? null,
      overdue: f.overdue ?? null,
    };
    const rows = await this.store.list(filter, this.now, page.limit + 1, page.after);
    return toConnection(
      rows,
      page.limit,
      (r) => [r.appliedAt.toISOString(), r.id],
      () => this.store.count(filter, this.now),
    );
  }

  /**
   * One enterprise's cases across departments: all of them for its own users; staff, systems, admins and analysts read
   * those of their scope (the store's scope applies); nobody else.
   */
  ofEnterprise(
    creditCode: string,
    args: { first?: number | null; after?: string | null; status?: string | null; overdue?: boolean | null },
  ) {
    const p = this.principal;
    const reads =
      p.role === 'enterprise'
        ? p.enterprise === creditCode
        : p.role === 'staff' || p.role === 'system' || p.role === 'admin' || p.role === 'analyst';
    if (!reads) {
      throw new ForbiddenError('Only the enterprise itself and staff in scope read its cases (无权查看该企业的办件).');
    }
    return this.list({
      first: args.first,
      after: args.after,
      filter: { status: args.status, overdue: args.overdue, enterpriseCode: creditCode },
    });
  }

  /** The name of the unit a step is taken by, when none is given: 市商务局, or 叶县 商务局 for a county's. */
  async unitName(tx: Tx, departmentCode: string, countyCode: string): Promise<string> {
    // In the step's transaction: on a single connection another statement would wait for it.
    const units = new UnitStore(tx as unknown as Database);
    const [dept] = await units.findDepartmentsByCodes([departmentCode]);
    const short = dept?.shortName ?? departmentCode;
    if (countyCode === CITY_CODE) return short;
    const [county] = await units.findCountiesByCodes([countyCode]);
    return `${county?.name ?? countyCode}${short.replace(/^市/, '')}`;
  }

  /** 收件: an enterprise applies online for itself; the counter records an application for an enterprise. */
  async receive(raw: unknown): Promise<CaseRow> {
    const input = parseInput(receiveSchema, raw, 'input');
    const p = this.principal;
    let enterpriseCode: string;
    if (p.role === 'enterprise') {
      if (input.enterpriseCode && input.enterpriseCode !== p.enterprise) {
        throw new ForbiddenError('An enterprise user applies for its own enterprise only.');
      }
      enterpriseCode = p.enterprise!;
    } else {
      if (!input.enterpriseCode) throw new BadUserInputError('input.enterpriseCode', 'is required');
      enterpriseCode = input.enterpriseCode;
    }
    const service = await this.publishedService(input.serviceId, 'input.serviceId');
    await this.requireEnterprise(enterpriseCode, 'input.enterpriseCode');
    return inTransaction(this.db, (tx) =>
      this.receiveIn(
        tx,
        {
          service,
          enterpriseCode,
          applicantName: input.applicantName,
          applicantPhone: input.applicantPhone ?? null,
          channel: p.role === 'enterprise' ? 'ONLINE' : 'OFFICE',
          appliedAt: this.now,
        },
        { at: this.now, handlingUnit: input.handlingUnit },
      ),
    );
  }

  /** A published service the caller may see, else NOT_FOUND (missing) or CONFLICT (not open to applications). */
  async publishedService(id: string, field: string): Promise<ServiceRow> {
    assertUuid(id, field);
    const [service] = await this.catalogue.findByIds([id]);
    if (!service) throw new NotFoundError('Service', id);
    if (service.status !== 'PUBLISHED') {
      throw new ConflictError(`Service ${id} is not published: it takes no applications.`, { status: service.status });
    }
    return service;
  }

  async requireEnterprise(code: string, field: string): Promise<void> {
    const [found] = await this.enterprises.findByCodes([code]);
    if (!found) throw new BadUserInputError(field, 'is not an enterprise of the registry');
  }

  /** Creates a case in the caller's transaction: the row, its event and its messages. */
  async receiveIn(tx: Tx, values: ReceiveValues, details: StepDetails): Promise<CaseRow> {
    const unit = { departmentCode: values.service.departmentCode, countyCode: values.service.countyCode };
    const to = caseWorkflow.next(null, 'RECEIVE', this.principal, { ...unit, enterpriseCode: values.enterpriseCode });
    const handlingUnit = details.handlingUnit ?? (await this.unitName(tx, unit.departmentCode, unit.countyCode));
    const store = this.store.withDb(tx);
    const row = await store.insert({
      referenceNo: referenceNo(details.at),
      serviceId: values.service.id,
      serviceName: values.service.name,
      timeLimitDays: values.service.timeLimitDays,
      enterpriseCode: values.enterpriseCode,
      applicantName: values.applicantName,
      applicantPhone: values.applicantPhone,
      channel: values.channel,
      status: to,
      handlingUnit,
      appliedAt: values.appliedAt,
      receivedAt: details.at,
      lastStepAt: details.at,
      sourceClient: values.sourceClient ?? null,
      externalId: values.externalId ?? null,
      ...unit,
      createdAt: this.now,
      updatedAt: this.now,
    });
    const eventId = await this.record(store, row, 'RECEIVE', null, details);
    await enqueueMessages(tx, outbox, caseMessages(row, 'RECEIVE', eventId));
    return row;
  }

  accept(id: string, handlingUnit?: string | null) {
    return this.step(id, 'ACCEPT', { handlingUnit: parseInput(handlingUnitSchema, handlingUnit, 'handlingUnit') });
  }

  reject(id: string, reason: string, handlingUnit?: string | null) {
    return this.step(id, 'REJECT', {
      reason: parseInput(reasonSchema, reason, 'reason'),
      handlingUnit: parseInput(handlingUnitSchema, handlingUnit, 'handlingUnit'),
    });
  }

  return(id: string, reason: string, handlingUnit?: string | null) {
    return this.step(id, 'RETURN', {
      reason: parseInput(reasonSchema, reason, 'reason'),
      handlingUnit: parseInput(handlingUnitSchema, handlingUnit, 'handlingUnit'),
    });
  }

  resubmit(id: string) {
    return this.step(id, 'RESUBMIT', {});
  }

  process(id: string, handlingUnit?: string | null) {
    return this.step(id, 'PROCESS', { handlingUnit: parseInput(handlingUnitSchema, handlingUnit, 'handlingUnit') });
  }

  conclude(raw: unknown) {
    const input = parseInput(concludeSchema, raw, 'input');
    if (input.outcome === 'DENIED' && !input.reason) {
      throw new BadUserInputError('input.reason', 'is required when the outcome is DENIED');
    }
    if (input.licence && input.outcome !== 'APPROVED') {
      throw new BadUserInputError('input.licence', 'is issued only with the outcome APPROVED');
    }
    return this.step(input.id, 'CONCLUDE', {
      outcome: input.outcome,
      reason: input.reason ?? null,
      handlingUnit: input.handlingUnit,
      licence: input.licence ?? null,
    });
  }

  private async step(
    id: string,
    action: Exclude<CaseAction, 'RECEIVE'>,
    details: Omit<StepDetails, 'at'>,
  ): Promise<CaseRow> {
    assertUuid(id, 'id');
    return inTransaction(this.db, async (tx) => {
      const row = await this.store.withDb(tx).findForUpdate(id);
      // A case the caller may not see is answered exactly as one that does not exist.
      if (!row) throw new NotFoundError('Case', id);
      return this.applyStep(tx, row, action, { ...details, at: this.now });
    });
  }

  /** Takes a step on a case in the caller's transaction: the row, its event, a licence and the messages. */
  async applyStep(
    tx: Tx,
    row: CaseRow,
    action: Exclude<CaseAction, 'RECEIVE'>,
    details: StepDetails,
  ): Promise<CaseRow> {
    const to: CaseStatus = caseWorkflow.next(row.status, action, this.principal, row);
    // A step names the unit that took it; without one, the unit of the previous step goes on (the enterprise's
    // resubmission always goes back to it).
    const handlingUnit = action === 'RESUBMIT' ? row.handlingUnit : (details.handlingUnit ?? row.handlingUnit);
    const at = details.at;
    const set: Partial<CaseInsert> = {
      status: to,
      handlingUnit,
      updatedAt: this.now,
      lastStepAt: at > row.lastStepAt ? at : row.lastStepAt,
    };
    switch (action) {
      case 'ACCEPT':
        Object.assign(set, { acceptedAt: at, dueAt: workingDeadline(at, row.timeLimitDays), reason: null });
        break;
      case 'REJECT':
        Object.assign(set, { rejectedAt: at, reason: details.reason });
        break;
      case 'RETURN':
        Object.assign(set, { returnedAt: at, reason: details.reason });
        break;
      case 'RESUBMIT':
        // A new round: the deadline counts again from the next acceptance.
        Object.assign(set, { acceptedAt: null, processingAt: null, dueAt: null, reason: null });
        break;
      case 'PROCESS':
        Object.assign(set, { processingAt: at });
        break;
      case 'CONCLUDE':
        Object.assign(set, { concludedAt: at, outcome: details.outcome, reason: details.reason ?? null });
        break;
    }
    const store = this.store.withDb(tx);
    const updated = await store.transition(row.id, row.status, set);
    if (!updated)
      throw new ConflictError(`case: "${action}" is not possible, it was changed meanwhile.`, { id: row.id });
    const eventId = await this.record(store, updated, action, row.status, details);
    if (action === 'CONCLUDE' && details.licence) {
      await store.insertLicence({
        enterpriseCode: updated.enterpriseCode,
        name: updated.serviceName,
        number: details.licence.number,
        serviceId: updated.serviceId,
        caseId: updated.id,
        issuedOn: chinaDay(at),
        expiresOn: details.licence.expiresOn,
        departmentCode: updated.departmentCode,
        countyCode: updated.countyCode,
        createdAt: this.now,
      });
    }
    await enqueueMessages(tx, outbox, caseMessages(updated, action, eventId));
    return updated;
  }

  private record(
    store: CaseStore,
    row: CaseRow,
    action: CaseAction,
    from: CaseStatus | null,
    details: StepDetails,
  ): Promise<number> {
    return store.appendEvent({
      ...eventValues(this.principal, {
        subjectId: row.id,
        action,
        fromStatus: from,
        toStatus: row.status,
        note: details.reason ?? null,
        data: {
          handlingUnit: row.handlingUnit,
          ...(details.outcome ? { outcome: details.outcome } : {}),
          ...details.data,
        },
      }),
      at: details.at,
    });
  }

  /** Licences of an enterprise: for its users, staff and admins of its county (410400: all), and analysts. */
  mayReadLicences(enterprise: { creditCode: string; countyCode: string }): boolean {
    const p = this.principal;
    if (p.role === 'enterprise') return p.enterprise === enterprise.creditCode;
    if (p.role === 'analyst') return true;
    if (p.role === 'staff' || p.role === 'admin') return p.county === CITY_CODE || p.county === enterprise.countyCode;
    return false;
  }

  /**
   * Every unit's figures asked in one request, counted in one statement (the evaluation asks for every department and
   * county at once).
   */
  private readonly figureLoader = new DataLoader<FigureUnit, ServiceFigureRow, string>(
    (units) => this.store.figures(units, this.now),
    { cacheKeyFn: (u) => `${u.departmentCode ?? ''}|${u.countyCode ?? ''}|${u.from.toISOString()}` },
  );

  /** How a department (every county) or a unit (410400: every unit) handled cases in a month. */
  async figures(unit: { departmentCode?: string; countyCode?: string }, month: string) {
    const { from, to } = monthRange(month);
    return { month, ...(await this.figureLoader.load({ ...unit, from, to })) };
  }

  /** Whether the caller handles the case (for reading its applicant's phone in full). */
  handles(row: CaseRow): boolean {
    return keepsUnit(this.principal, row);
  }
}

export type { LicenceRow };
