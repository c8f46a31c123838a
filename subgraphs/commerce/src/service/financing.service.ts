/**
 * Rules of financing needs (筹资金): scoped reads, and an enterprise raising a need, written with its event and the
 * handlers' notification in one transaction.
 */
import type { Database } from '@qq/db/client';
import {
  assertUuid,
  countyCodeSchema,
  eventValues,
  ForbiddenError,
  inTransaction,
  isUuid,
  parseInput,
  readCountyFilter,
  readPage,
  toConnection,
  UnauthenticatedError,
  unitOfEnterprise,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import type { Loaders } from '../loaders.ts';
import {
  financingNeedCursor,
  type FinancingNeedFilter,
  type FinancingNeedRow,
  type FinancingNeedStore,
} from '../store/financing.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { fields, nestedFirst } from './input.ts';
import { financingNeedWorkflow } from './workflows.ts';

/** The department that handles financing needs (with the city's finance office). */
const HANDLER = 'mofcom';

const raiseSchema = z.object({
  amount: z
    .number()
    .gt(0, { message: 'must be more than 0' })
    .max(1_000_000, { message: 'must be at most 1,000,000 (万元)' })
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { message: 'must have at most two decimals' }),
  purpose: fields.text(4, 500),
  termMonths: z
    .number()
    .int({ message: 'must be a whole number of months' })
    .min(1, { message: 'must be 1–360' })
    .max(360, { message: 'must be 1–360' }),
  guarantee: z.enum(['CREDIT', 'MORTGAGE', 'PLEDGE', 'GUARANTEE']),
  countyCode: countyCodeSchema.nullish(),
  contactName: fields.contactName,
  contactPhone: fields.contactPhone,
});

export type RaiseFinancingNeedInput = z.input<typeof raiseSchema>;

export class FinancingNeedService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: FinancingNeedStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
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

  ofEnterprise(creditCode: string, first: number | null | undefined) {
    return this.loaders.financingNeedsOfEnterprise({ first: nestedFirst(first) }).load(creditCode);
  }

  /** 发布融资需求: an enterprise user raises a need (OPEN) for 商务局 of its county and the banks. */
  async raise(input: RaiseFinancingNeedInput): Promise<FinancingNeedRow> {
    const enterprise = this.principal.enterprise;
    if (this.principal.role === 'anonymous') throw new UnauthenticatedError();
    if (this.principal.role !== 'enterprise' || !enterprise) {
      throw new ForbiddenError('Only enterprise users raise financing needs (仅企业用户可发布融资需求).');
    }
    const data = parseInput(raiseSchema, input);
    const countyCode = unitOfEnterprise(enterprise, data.countyCode, 'input.countyCode');
    const status = financingNeedWorkflow.next(null, 'raise', this.principal);
    return inTransaction(this.db, async (tx) => {
      const row = await this.store.withDb(tx).insert({
        enterpriseCode: enterprise,
        amount: data.amount,
        purpose: data.purpose,
        termMonths: data.termMonths,
        guarantee: data.guarantee,
        contactName: data.contactName,
        contactPhone: data.contactPhone,
        status,
        submittedBy: this.principal.sub ?? enterprise,
        departmentCode: HANDLER,
        countyCode,
      });
      await this.store.withDb(tx).appendEvent(
        eventValues(this.principal, {
          subjectId: row.id,
          action: 'raise',
          fromStatus: null,
          toStatus: status,
          data: { amount: row.amount, termMonths: row.termMonths },
        }),
      );
      await this.outbox.withDb(tx).enqueue({
        topic: 'notify.financing.raised',
        idempotencyKey: `financingNeed:${row.id}:raise`,
        payload: {
          financingNeedId: row.id,
          enterpriseCode: enterprise,
          amount: row.amount,
          recipients: { role: 'staff', dept: HANDLER, county: countyCode },
        },
      });
      return row;
    });
  }
}
