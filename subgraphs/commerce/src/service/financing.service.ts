/**
 * Rules of financing needs (筹资金): scoped reads; the enterprise raises a need; 商务局 of its unit recommends a
 * product (对接); the enterprise or 商务局 records funding or closes it; the products that fit a need. Each step is
 * written with its event and its messages to the enterprise in one transaction.
 */
import type { Database } from '@qq/db/client';
import { financingNeedEvents, GUARANTEE_METHODS } from '@qq/db/schema/commerce';
import {
  assertUuid,
  BadUserInputError,
  chinaDay,
  ConflictError,
  countyCodeSchema,
  eventValues,
  ForbiddenError,
  type HistoryStore,
  inTransaction,
  isPastExpiry,
  type Connection,
  countOnlyConnection,
  isUuid,
  NotFoundError,
  type OutboundMessage,
  type PageArgs,
  parseInput,
  type Principal,
  readCountyFilter,
  readPage,
  toConnection,
  UnauthenticatedError,
  unitOfEnterprise,
} from '@qq/kit';
import { z } from 'zod';
import { fullYearsBetween, isEnterpriseUser, MOFCOM } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import { messages } from '../messages.ts';
import type { BankProductRow, BankProductStore } from '../store/bank-products.store.ts';
import {
  financingNeedCursor,
  type FinancingNeedFilter,
  type FinancingNeedRow,
  type FinancingNeedStore,
  type NewFinancingNeed,
} from '../store/financing.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { fields, nestedFirst } from './input.ts';
import type { EnterpriseParticulars } from './opportunity.service.ts';
import {
  availableActions,
  financingNeedWorkflow,
  type FinancingNeedAction,
  type FinancingNeedStatus,
} from './workflows.ts';

const raiseSchema = z.object({
  amount: fields.amount(1_000_000),
  purpose: fields.text(4, 500),
  termMonths: fields.months,
  guarantee: z.enum(GUARANTEE_METHODS),
  countyCode: countyCodeSchema.nullish(),
  contactName: fields.contactName,
  contactPhone: fields.contactPhone,
});

export type RaiseFinancingNeedInput = z.input<typeof raiseSchema>;

/** The product is one an enterprise may apply for now: published and not past its last valid day. */
export function isOffered(product: BankProductRow | null, now: Date): product is BankProductRow {
  return !!product && product.status === 'PUBLISHED' && !isPastExpiry(product.expiresOn, now);
}

export class FinancingNeedService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: FinancingNeedStore,
    private readonly products: BankProductStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  async list(args: PageArgs & { filter?: FinancingNeedFilter | null }) {
    const page = readPage(args, 2);
    const filter = args.filter ?? {};
    readCountyFilter(filter.countyCode, 'filter.countyCode');
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.financingNeed.prime(row.id, row);
    return toConnection(rows, page.limit, financingNeedCursor, () => this.store.count(filter));
  }

  async byId(id: string): Promise<FinancingNeedRow | null> {
    assertUuid(id, 'id', 'is not a valid id');
    return this.loaders.financingNeed.load(id);
  }

  /** An entity reference: a malformed id is simply not found. */
  async byReference(id: string): Promise<FinancingNeedRow | null> {
    return isUuid(id) ? this.loaders.financingNeed.load(id) : null;
  }

  /** Enterprise.financingNeeds: the newest of an enterprise; only their count when nothing else is read (`rows`). */
  ofEnterprise(
    creditCode: string,
    first: number | null | undefined,
    rows = true,
  ): Promise<Connection<FinancingNeedRow>> {
    const size = nestedFirst(first);
    if (!rows) {
      return Promise.resolve(countOnlyConnection(() => this.loaders.financingNeedCountByEnterprise.load(creditCode)));
    }
    return this.loaders.financingNeedsOfEnterprise({ first: size }).load(creditCode);
  }

  availableActions(row: FinancingNeedRow): FinancingNeedAction[] {
    return availableActions(financingNeedWorkflow, row.status, this.principal, row);
  }

  /**
   * 融资匹配: current products the need fits (amount, term, guarantee, unit) and the enterprise is eligible for by
   * the registry's particulars (industry, size class, years in business). Null when the need is not this
   * enterprise's or the caller may not see it.
   */
  async matches(
    enterprise: EnterpriseParticulars,
    needId: string,
    first: number | null | undefined,
  ): Promise<BankProductRow[] | null> {
    assertUuid(needId, 'needId', 'is not a valid id');
    const limit = nestedFirst(first);
    const need = await this.loaders.financingNeed.load(needId);
    if (!need || need.enterpriseCode !== enterprise.creditCode) return null;
    const established = enterprise.establishedOn;
    const rows = await this.products.match(
      {
        amount: need.amount,
        termMonths: need.termMonths,
        guarantee: need.guarantee,
        countyCode: need.countyCode,
        industryCode: enterprise.industry?.code ?? null,
        scale: enterprise.scale ?? null,
        yearsInBusiness:
          established && /^\d{4}-\d{2}-\d{2}$/.test(established)
            ? fullYearsBetween(established, chinaDay(this.now))
            : null,
      },
      limit,
      this.now,
    );
    for (const row of rows) this.loaders.bankProduct.prime(row.id, row);
    return rows;
  }

  private async load(id: string): Promise<FinancingNeedRow> {
    assertUuid(id, 'id', 'is not a valid id');
    const row = await this.loaders.financingNeed.load(id);
    if (!row) throw new NotFoundError('FinancingNeed', id);
    return row;
  }

  /** The enterprise is told in the app and by SMS to the need's contact phone. */
  toEnterprise(
    need: FinancingNeedRow,
    key: string,
    topic: string,
    rendered: ReturnType<typeof messages.render>,
    data: Record<string, string | number | null>,
    sms = true,
  ): OutboundMessage[] {
    const base = { topic, countyCode: need.countyCode, ...rendered, data: { financingNeedId: need.id, ...data } };
    return [
      { ...base, idempotencyKey: `${topic}:inbox:${key}`, channel: 'inbox', to: { enterprise: need.enterpriseCode } },
      ...(sms
        ? [{ ...base, idempotencyKey: `${topic}:sms:${key}`, channel: 'sms' as const, phone: need.contactPhone }]
        : []),
    ];
  }

  /**
   * One step of the need in its own transaction (or the caller's): the change only if still in the state it was
   * read in, its event and its messages.
   */
  async step(
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    need: FinancingNeedRow,
    action: FinancingNeedAction,
    to: FinancingNeedStatus,
    set: Partial<NewFinancingNeed>,
    note: string | null,
    data: Record<string, unknown>,
    messagesFor?: (row: FinancingNeedRow, eventId: number) => OutboundMessage[],
  ): Promise<FinancingNeedRow> {
    const updated = await this.store
      .withDb(tx)
      .transition(need.id, need.status, { ...set, status: to, updatedAt: this.now });
    if (!updated) {
      throw new ConflictError(`financingNeed: "${action}" is not possible, it was changed meanwhile.`, { id: need.id });
    }
    const eventId = await this.history.withDb(tx).appendEvent(financingNeedEvents, {
      ...eventValues(this.principal, { subjectId: need.id, action, fromStatus: need.status, toStatus: to, note, data }),
      at: this.now,
    });
    await this.outbox.withDb(tx).enqueue(messagesFor?.(updated, eventId) ?? []);
    this.loaders.financingNeed.clear(need.id).prime(need.id, updated);
    return updated;
  }

  /** 发布融资需求: an enterprise user raises a need (OPEN) for 商务局 of its unit and the banks. */
  async raise(input: RaiseFinancingNeedInput): Promise<FinancingNeedRow> {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isEnterpriseUser(p)) {
      throw new ForbiddenError('Only enterprise users raise financing needs (仅企业用户可发布融资需求).');
    }
    const enterprise = p.enterprise!;
    const data = parseInput(raiseSchema, input);
    const countyCode = unitOfEnterprise(enterprise, data.countyCode, 'input.countyCode');
    const status = financingNeedWorkflow.next(null, 'RAISE', p);
    const row = await inTransaction(this.db, async (tx) => {
      const need = await this.store.withDb(tx).insert({
        ...data,
        enterpriseCode: enterprise,
        status,
        submittedBy: p.sub ?? enterprise,
        departmentCode: MOFCOM,
        countyCode,
        createdAt: this.now,
        updatedAt: this.now,
      });
      const eventId = await this.history.withDb(tx).appendEvent(financingNeedEvents, {
        ...eventValues(p, {
          subjectId: need.id,
          action: 'RAISE',
          fromStatus: null,
          toStatus: status,
          data: { amount: need.amount, termMonths: need.termMonths },
        }),
        at: this.now,
      });
      await this.outbox.withDb(tx).enqueue([
        {
          topic: 'financingNeed.raised',
          idempotencyKey: `financingNeed.raised:inbox:${need.id}:${eventId}`,
          countyCode,
          channel: 'inbox',
          to: { dept: MOFCOM, county: countyCode },
          ...messages.render('financingNeed.raised', { amount: need.amount, termMonths: need.termMonths }),
          data: { financingNeedId: need.id },
        },
        {
          topic: 'financingNeed.received',
          idempotencyKey: `financingNeed.received:inbox:${need.id}:${eventId}`,
          countyCode,
          channel: 'inbox',
          to: { enterprise },
          ...messages.render('financingNeed.received', { amount: need.amount }),
          data: { financingNeedId: need.id },
        },
      ]);
      return need;
    });
    this.loaders.financingNeed.prime(row.id, row);
    return row;
  }

  /** 对接: 商务局 recommends a published product; the enterprise is told. */
  async match(id: string, productId: string, note: string | null | undefined): Promise<FinancingNeedRow> {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (p.role !== 'staff' || p.dept !== MOFCOM)
      throw new ForbiddenError('Only 商务局 staff match needs (仅商务局可对接).');
    assertUuid(productId, 'productId', 'is not a valid id');
    const text = parseInput(fields.note(), note, 'note');
    const need = await this.load(id);
    const to = financingNeedWorkflow.next(need.status as FinancingNeedStatus, 'MATCH', p, need);
    const product = await this.loaders.bankProduct.load(productId);
    if (!isOffered(product, this.now)) throw new BadUserInputError('productId', 'is not a published product');
    const institution = (await this.loaders.institution.load(product.institutionCode))?.name ?? '';
    return inTransaction(this.db, (tx) =>
      this.step(
        tx,
        need,
        'MATCH',
        to,
        { matchedProductId: product.id, matchedAt: this.now },
        text,
        { productId: product.id },
        (row, eventId) =>
          this.toEnterprise(
            row,
            `${row.id}:${eventId}`,
            'financingNeed.matched',
            messages.render('financingNeed.matched', { institution, product: product.name, amount: row.amount }),
            { bankProductId: product.id },
          ),
      ),
    );
  }

  /** 已放款: recorded by the enterprise, or by 商务局 (the enterprise is then told). */
  async fund(id: string, note: string | null | undefined): Promise<FinancingNeedRow> {
    this.requireOwnerOrHandler();
    const text = parseInput(fields.note(), note, 'note');
    const need = await this.load(id);
    const to = financingNeedWorkflow.next(need.status as FinancingNeedStatus, 'FUND', this.principal, need);
    const byStaff = this.principal.role === 'staff';
    return inTransaction(this.db, (tx) =>
      this.step(tx, need, 'FUND', to, { fundedAt: this.now }, text, {}, (row, eventId) =>
        byStaff
          ? this.toEnterprise(
              row,
              `${row.id}:${eventId}`,
              'financingNeed.funded',
              messages.render('financingNeed.funded', { amount: row.amount }),
              {},
              false,
            )
          : [],
      ),
    );
  }

  /** 关闭: by the enterprise, or by 商务局 with a reason the enterprise is told. */
  async close(id: string, reason: string | null | undefined): Promise<FinancingNeedRow> {
    this.requireOwnerOrHandler();
    const text = parseInput(fields.note(), reason, 'reason');
    const need = await this.load(id);
    const to = financingNeedWorkflow.next(need.status as FinancingNeedStatus, 'CLOSE', this.principal, need);
    const byStaff = this.principal.role === 'staff';
    if (byStaff && !text) throw new BadUserInputError('reason', 'is required when 商务局 closes a need');
    return inTransaction(this.db, (tx) =>
      this.step(tx, need, 'CLOSE', to, { closedAt: this.now }, text, {}, (row, eventId) =>
        byStaff
          ? this.toEnterprise(
              row,
              `${row.id}:${eventId}`,
              'financingNeed.closed',
              messages.render('financingNeed.closed', { amount: row.amount, reason: text ?? '' }),
              {},
              false,
            )
          : [],
      ),
    );
  }

  private requireOwnerOrHandler(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isEnterpriseUser(p) && !(p.role === 'staff' && p.dept === MOFCOM)) throw new ForbiddenError();
  }
}
