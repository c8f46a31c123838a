/**
 * Rules of financing applications (融资申请): the enterprise applies for a published product against its need (the
 * need is matched), the institution's staff approve or decline and pay out (the need is funded), the enterprise may
 * withdraw. Every step is recorded and told to the enterprise (in the app and by SMS), in the step's transaction.
 */
import type { Database } from '@qq/db/client';
import { financingApplicationEvents } from '@qq/db/schema/commerce';
import {
  assertUuid,
  BadUserInputError,
  ConflictError,
  eventValues,
  ForbiddenError,
  type HistoryStore,
  inTransaction,
  isUniqueViolation,
  isUuid,
  isValidCreditCode,
  NotFoundError,
  type OutboundMessage,
  type PageArgs,
  parseInput,
  type Principal,
  readCountyFilter,
  readPage,
  toConnection,
  type Tx,
  UnauthenticatedError,
} from '@qq/kit';
import { z } from 'zod';
import { isEnterpriseUser, isInstitutionStaff } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import { messages } from '../messages.ts';
import type { BankProductRow } from '../store/bank-products.store.ts';
import {
  applicationCursor,
  type ApplicationFilter,
  type ApplicationRow,
  type FinancingApplicationStore,
  type NewApplication,
} from '../store/financing-applications.store.ts';
import type { FinancingNeedRow } from '../store/financing.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { isOffered, type FinancingNeedService } from './financing.service.ts';
import { fields } from './input.ts';
import {
  availableActions,
  financingApplicationWorkflow,
  type ApplicationAction,
  type ApplicationStatus,
} from './workflows.ts';

const submitSchema = z.object({
  needId: z.string().refine(isUuid, { message: 'is not a valid id' }),
  productId: z.string().refine(isUuid, { message: 'is not a valid id' }),
  amount: fields.amount(1_000_000).nullish(),
  termMonths: fields.months.nullish(),
  note: fields.note(),
});

const approveSchema = z.object({
  amount: fields.amount(1_000_000),
  rate: z
    .number()
    .gt(0, { message: 'must be more than 0' })
    .max(36, { message: 'must be at most 36 (percent a year)' }),
  termMonths: fields.months,
  note: fields.note(),
});

const disburseSchema = z.object({ amount: fields.amount(1_000_000), note: fields.note() });

export type SubmitApplicationInput = z.input<typeof submitSchema>;
export type ApproveApplicationInput = z.input<typeof approveSchema>;
export type DisburseApplicationInput = z.input<typeof disburseSchema>;

export class FinancingApplicationService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: FinancingApplicationStore,
    private readonly needs: FinancingNeedService,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  async list(args: PageArgs & { filter?: ApplicationFilter | null }) {
    const page = readPage(args, 2);
    const filter = args.filter ?? {};
    readCountyFilter(filter.countyCode, 'filter.countyCode');
    if (filter.institutionCode && !isValidCreditCode(filter.institutionCode)) {
      throw new BadUserInputError('filter.institutionCode', 'is not a valid credit code');
    }
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.financingApplication.prime(row.id, row);
    return toConnection(rows, page.limit, applicationCursor, () => this.store.count(filter));
  }

  async byId(id: string): Promise<ApplicationRow | null> {
    assertUuid(id, 'id', 'is not a valid id');
    return this.loaders.financingApplication.load(id);
  }

  async byReference(id: string): Promise<ApplicationRow | null> {
    return isUuid(id) ? this.loaders.financingApplication.load(id) : null;
  }

  ofNeed(needId: string): Promise<ApplicationRow[]> {
    return this.loaders.applicationsByNeed.load(needId);
  }

  availableActions(row: ApplicationRow): ApplicationAction[] {
    return availableActions(financingApplicationWorkflow, row.status, this.principal, row);
  }

  private async load(id: string): Promise<ApplicationRow> {
    assertUuid(id, 'id', 'is not a valid id');
    const row = await this.loaders.financingApplication.load(id);
    if (!row) throw new NotFoundError('FinancingApplication', id);
    return row;
  }

  private requireInstitution(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isInstitutionStaff(p)) {
      throw new ForbiddenError('Only the institution’s staff answer applications (仅金融机构工作人员可答复申请).');
    }
  }

  private requireEnterprise(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isEnterpriseUser(p)) throw new ForbiddenError('Only enterprise users apply (仅企业用户可申请).');
  }

  /** Names for the messages. */
  private async names(row: Pick<ApplicationRow, 'institutionCode' | 'productId'>) {
    const [institution, product] = await Promise.all([
      this.loaders.institution.load(row.institutionCode),
      this.loaders.bankProduct.load(row.productId),
    ]);
    return { institution: institution?.name ?? row.institutionCode, product: product?.name ?? '金融产品' };
  }

  private toInstitution(
    row: ApplicationRow,
    eventId: number,
    topic: 'financingApplication.received' | 'financingApplication.withdrawn',
    rendered: ReturnType<typeof messages.render>,
  ): OutboundMessage {
    return {
      topic,
      idempotencyKey: `${topic}:inbox:${row.id}:${eventId}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { enterprise: row.institutionCode },
      ...rendered,
      data: { financingApplicationId: row.id },
    };
  }

  /** One step: the change only if still in the state it was read in, its event, its messages. */
  private async step(
    tx: Tx,
    row: ApplicationRow,
    action: ApplicationAction,
    to: ApplicationStatus,
    set: Partial<NewApplication>,
    note: string | null,
    messagesFor: (updated: ApplicationRow, eventId: number) => OutboundMessage[],
  ): Promise<ApplicationRow> {
    const updated = await this.store
      .withDb(tx)
      .transition(row.id, row.status, { ...set, status: to, updatedAt: this.now });
    if (!updated) {
      throw new ConflictError(`financingApplication: "${action}" is not possible, it was changed meanwhile.`, {
        id: row.id,
      });
    }
    const eventId = await this.history.withDb(tx).appendEvent(financingApplicationEvents, {
      ...eventValues(this.principal, { subjectId: row.id, action, fromStatus: row.status, toStatus: to, note }),
      at: this.now,
    });
    await this.outbox.withDb(tx).enqueue(messagesFor(updated, eventId));
    this.loaders.financingApplication.clear(row.id).prime(row.id, updated);
    return updated;
  }

  /** The need of an application as the caller sees it (the institution sees the needs applied to it). */
  private async needOf(row: ApplicationRow): Promise<FinancingNeedRow> {
    const need = await this.loaders.financingNeed.load(row.needId);
    if (!need) throw new NotFoundError('FinancingNeed', row.needId);
    return need;
  }

  /**
   * 融资申请: the enterprise applies for a published product against its open or matched need, within the product's
   * amount and term ranges. The need is matched; the enterprise and the institution are told.
   */
  async submit(input: SubmitApplicationInput): Promise<ApplicationRow> {
    this.requireEnterprise();
    const data = parseInput(submitSchema, input);
    const need = await this.loaders.financingNeed.load(data.needId);
    if (!need) throw new NotFoundError('FinancingNeed', data.needId);
    const product = await this.loaders.bankProduct.load(data.productId);
    if (!isOffered(product, this.now)) throw new BadUserInputError('input.productId', 'is not a published product');
    const draft = {
      departmentCode: need.departmentCode,
      countyCode: need.countyCode,
      enterpriseCode: need.enterpriseCode,
      institutionCode: product.institutionCode,
    };
    const status = financingApplicationWorkflow.next(null, 'SUBMIT', this.principal, draft);
    if (need.status !== 'OPEN' && need.status !== 'MATCHED') {
      throw new ConflictError(`financingNeed: applying is not possible in state ${need.status}.`, {
        status: need.status,
      });
    }
    const amount = data.amount ?? need.amount;
    const termMonths = data.termMonths ?? need.termMonths;
    assertWithin(product, amount, termMonths);
    const names = {
      institution: (await this.loaders.institution.load(product.institutionCode))?.name ?? '',
      product: product.name,
    };
    try {
      const row = await inTransaction(this.db, async (tx) => {
        const created = await this.store.withDb(tx).insert({
          ...draft,
          needId: need.id,
          productId: product.id,
          amount,
          termMonths,
          note: data.note ?? null,
          status,
          submittedBy: this.principal.sub ?? need.enterpriseCode,
          submittedAt: this.now,
          createdAt: this.now,
          updatedAt: this.now,
        });
        const eventId = await this.history.withDb(tx).appendEvent(financingApplicationEvents, {
          ...eventValues(this.principal, {
            subjectId: created.id,
            action: 'SUBMIT',
            fromStatus: null,
            toStatus: status,
            note: data.note ?? null,
            data: { needId: need.id, productId: product.id, amount, termMonths },
          }),
          at: this.now,
        });
        // Applying matches the need (对接), recorded on the need as its MATCH step.
        if (need.status === 'OPEN') {
          await this.needs.step(tx, need, 'MATCH', 'MATCHED', { matchedAt: this.now }, '企业在线申请金融产品', {
            applicationId: created.id,
            productId: product.id,
          });
        }
        await this.outbox
          .withDb(tx)
          .enqueue([
            ...this.needs.toEnterprise(
              need,
              `${created.id}:${eventId}`,
              'financingApplication.submitted',
              messages.render('financingApplication.submitted', { ...names, amount }),
              { financingApplicationId: created.id },
            ),
            this.toInstitution(
              created,
              eventId,
              'financingApplication.received',
              messages.render('financingApplication.received', { product: product.name, amount }),
            ),
          ]);
        return created;
      });
      this.loaders.financingApplication.prime(row.id, row);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('financingApplication: an application for this product is in progress for this need.', {
          needId: need.id,
        });
      }
      throw error;
    }
  }

  /** 授信: the institution approves with amount, rate and term within the product's ranges. */
  async approve(id: string, input: ApproveApplicationInput): Promise<ApplicationRow> {
    this.requireInstitution();
    const data = parseInput(approveSchema, input);
    const row = await this.load(id);
    const to = financingApplicationWorkflow.next(row.status as ApplicationStatus, 'APPROVE', this.principal, row);
    const product = await this.loaders.bankProduct.load(row.productId);
    if (data.amount > row.amount) throw new BadUserInputError('input.amount', 'must be at most the amount applied for');
    if (product && (data.rate < product.rateMin || data.rate > product.rateMax)) {
      throw new BadUserInputError(
        'input.rate',
        `must be within the product's rates ${product.rateMin}–${product.rateMax}`,
      );
    }
    if (product && (data.termMonths < product.termMinMonths || data.termMonths > product.termMaxMonths)) {
      throw new BadUserInputError('input.termMonths', "must be within the product's terms");
    }
    const need = await this.needOf(row);
    const names = await this.names(row);
    return inTransaction(this.db, (tx) =>
      this.step(
        tx,
        row,
        'APPROVE',
        to,
        {
          answeredAt: this.now,
          answeredBy: this.principal.sub,
          answerNote: data.note ?? null,
          approvedAmount: data.amount,
          approvedRate: data.rate,
          approvedTermMonths: data.termMonths,
        },
        data.note ?? null,
        (r, eventId) =>
          this.needs.toEnterprise(
            need,
            `${r.id}:${eventId}`,
            'financingApplication.approved',
            messages.render('financingApplication.approved', {
              ...names,
              amount: data.amount,
              rate: data.rate,
              termMonths: data.termMonths,
            }),
            { financingApplicationId: r.id },
          ),
      ),
    );
  }

  /** 不予授信: with the reason the enterprise is told. */
  async decline(id: string, reason: string): Promise<ApplicationRow> {
    this.requireInstitution();
    const note = parseInput(fields.text(2, 500), reason, 'reason');
    const row = await this.load(id);
    const to = financingApplicationWorkflow.next(row.status as ApplicationStatus, 'DECLINE', this.principal, row);
    const need = await this.needOf(row);
    const names = await this.names(row);
    return inTransaction(this.db, (tx) =>
      this.step(
        tx,
        row,
        'DECLINE',
        to,
        { answeredAt: this.now, answeredBy: this.principal.sub, answerNote: note },
        note,
        (r, eventId) =>
          this.needs.toEnterprise(
            need,
            `${r.id}:${eventId}`,
            'financingApplication.declined',
            messages.render('financingApplication.declined', { ...names, reason: note }),
            { financingApplicationId: r.id },
          ),
      ),
    );
  }

  /** 放款: the institution pays out at most the amount approved; the need is funded. */
  async disburse(id: string, input: DisburseApplicationInput): Promise<ApplicationRow> {
    this.requireInstitution();
    const data = parseInput(disburseSchema, input);
    const row = await this.load(id);
    const to = financingApplicationWorkflow.next(row.status as ApplicationStatus, 'DISBURSE', this.principal, row);
    if (data.amount > (row.approvedAmount ?? 0)) {
      throw new BadUserInputError('input.amount', 'must be at most the amount approved');
    }
    const need = await this.needOf(row);
    const names = await this.names(row);
    return inTransaction(this.db, async (tx) => {
      const updated = await this.step(
        tx,
        row,
        'DISBURSE',
        to,
        { disbursedAt: this.now, disbursedAmount: data.amount },
        data.note ?? null,
        (r, eventId) =>
          this.needs.toEnterprise(
            need,
            `${r.id}:${eventId}`,
            'financingApplication.disbursed',
            messages.render('financingApplication.disbursed', { ...names, amount: data.amount }),
            { financingApplicationId: r.id },
          ),
      );
      // The payout funds the need, recorded on the need as its FUND step.
      if (need.status === 'OPEN' || need.status === 'MATCHED') {
        await this.needs.step(tx, need, 'FUND', 'FUNDED', { fundedAt: this.now }, `${names.institution}放款`, {
          applicationId: row.id,
          amount: data.amount,
        });
      }
      return updated;
    });
  }

  /** 撤回: the enterprise withdraws a submitted or approved application; the institution is told. */
  async withdraw(id: string, reason: string | null | undefined): Promise<ApplicationRow> {
    this.requireEnterprise();
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = financingApplicationWorkflow.next(row.status as ApplicationStatus, 'WITHDRAW', this.principal, row);
    const { product } = await this.names(row);
    return inTransaction(this.db, (tx) =>
      this.step(tx, row, 'WITHDRAW', to, { withdrawnAt: this.now }, note, (r, eventId) => [
        this.toInstitution(
          r,
          eventId,
          'financingApplication.withdrawn',
          messages.render('financingApplication.withdrawn', { product, amount: r.amount }),
        ),
      ]),
    );
  }
}

/** The amount and term applied for must lie within the product's ranges. */
function assertWithin(product: BankProductRow, amount: number, termMonths: number): void {
  if (amount < product.amountMin || amount > product.amountMax) {
    throw new BadUserInputError(
      'input.amount',
      `must be within the product's amounts ${product.amountMin}–${product.amountMax} (万元)`,
    );
  }
  if (termMonths < product.termMinMonths || termMonths > product.termMaxMonths) {
    throw new BadUserInputError(
      'input.termMonths',
      `must be within the product's terms ${product.termMinMonths}–${product.termMaxMonths} months`,
    );
  }
}
