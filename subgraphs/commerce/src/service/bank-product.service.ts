/**
 * Rules of financial institutions and their products (筹资金): public reads, the product list as a matching
 * calculator, registration of institutions by 商务局 of the city, and the product's publishing steps — the
 * institution's staff draft and post for moderation, 商务局 of the institution's unit (or the city) moderates or
 * publishes directly.
 */
import type { Database } from '@qq/db/client';
import {
  bankProductEvents,
  bankProductVersions,
  ENTERPRISE_SCALES,
  GUARANTEE_METHODS,
  INSTITUTION_KINDS,
} from '@qq/db/schema/commerce';
import {
  assertUuid,
  BadUserInputError,
  ConflictError,
  countyCodeSchema,
  createRecord,
  ForbiddenError,
  type HistoryStore,
  isPastExpiry,
  isUniqueViolation,
  isUuid,
  isValidCreditCode,
  NotFoundError,
  type OutboundMessage,
  type PageArgs,
  parseInput,
  type Principal,
  readPage,
  runStep,
  type StepDeps,
  type StepSpec,
  toConnection,
  UnauthenticatedError,
} from '@qq/kit';
import { z } from 'zod';
import { isCityStaff, isInstitutionStaff, MOFCOM } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import { messages } from '../messages.ts';
import {
  bankProductCursor,
  type BankProductFilter,
  type BankProductRow,
  type BankProductStore,
  type InstitutionRow,
  type NewBankProduct,
} from '../store/bank-products.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { fields, LISTING_MAX_DAYS, defaultExpiry } from './input.ts';
import { given } from './park.service.ts';
import { availableActions, bankProductWorkflow, type BankProductAction } from './workflows.ts';

const rate = z
  .number()
  .gt(0, { message: 'must be more than 0' })
  .max(36, { message: 'must be at most 36 (percent a year)' })
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { message: 'must have at most two decimals' });

const eligibilitySchema = z.object({
  industryCodes: z.array(fields.industryCode).max(20).nullish(),
  scales: z.array(z.enum(ENTERPRISE_SCALES)).nullish(),
  countyCodes: z.array(countyCodeSchema).max(12).nullish(),
  guarantees: z.array(z.enum(GUARANTEE_METHODS)).nullish(),
  minYearsInBusiness: z
    .number()
    .int()
    .min(0, { message: 'must be 0–50' })
    .max(50, { message: 'must be 0–50' })
    .nullish(),
});

const contentSchema = (now: Date) =>
  z.object({
    name: fields.text(2, 40),
    description: fields.text(10, 2000),
    rateMin: rate,
    rateMax: rate,
    termMinMonths: fields.months,
    termMaxMonths: fields.months,
    amountMin: fields.amount(1_000_000),
    amountMax: fields.amount(1_000_000),
    eligibility: eligibilitySchema,
    contactName: fields.contactName,
    contactPhone: fields.contactPhone,
    expiresOn: fields.expiresOn(now, LISTING_MAX_DAYS),
  });

const createSchema = (now: Date) => {
  const s = contentSchema(now).shape;
  return contentSchema(now).extend({
    institutionCode: z.string().refine(isValidCreditCode, { message: 'is not a valid credit code' }),
    eligibility: s.eligibility.nullish(),
    expiresOn: s.expiresOn.nullish(),
  });
};

const updateSchema = (now: Date) => {
  const s = contentSchema(now).shape;
  return z.object(
    Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.nullish()])) as {
      [K in keyof typeof s]: z.ZodOptional<z.ZodNullable<(typeof s)[K]>>;
    },
  );
};

const registerSchema = z.object({
  creditCode: z.string().refine(isValidCreditCode, { message: 'is not a valid credit code' }),
  name: fields.text(4, 60),
  kind: z.enum(INSTITUTION_KINDS),
  countyCode: countyCodeSchema,
  address: fields.text(4, 120),
  hotline: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|9\d{4}|400-?\d{3}-?\d{4})$/, {
      message: 'must be a mobile number, a landline with its area code or a service number such as 95588',
    }),
});

const productFilterSchema = z.object({
  institutionCode: z.string().refine(isValidCreditCode, { message: 'is not a valid credit code' }).nullish(),
  status: z.string().nullish(),
  stale: z.boolean().nullish(),
  amount: z.number().gt(0, { message: 'must be more than 0' }).nullish(),
  termMonths: fields.months.nullish(),
  industryCode: fields.industryCode.nullish(),
  scale: z.enum(ENTERPRISE_SCALES).nullish(),
  yearsInBusiness: z.number().int().min(0, { message: 'must be 0 or more' }).nullish(),
  countyCode: countyCodeSchema.nullish(),
  guarantee: z.enum(GUARANTEE_METHODS).nullish(),
});

export type CreateBankProductInput = z.input<ReturnType<typeof createSchema>>;
export type UpdateBankProductInput = z.input<ReturnType<typeof updateSchema>>;
export type RegisterInstitutionInput = z.input<typeof registerSchema>;
type Eligibility = z.output<typeof eligibilitySchema>;

/** The eligibility columns of a product from its input. */
function eligibilityColumns(e: Eligibility | null | undefined) {
  return {
    eligibleIndustries: e?.industryCodes ?? [],
    eligibleScales: e?.scales ?? [],
    eligibleCounties: e?.countyCodes ?? [],
    acceptedGuarantees: e?.guarantees ?? [],
    minYearsInBusiness: e?.minYearsInBusiness ?? null,
  };
}

/** The ranges must be ranges: BAD_USER_INPUT on the upper bound. */
function assertRanges(
  p: Pick<BankProductRow, 'rateMin' | 'rateMax' | 'termMinMonths' | 'termMaxMonths' | 'amountMin' | 'amountMax'>,
) {
  if (p.rateMax < p.rateMin) throw new BadUserInputError('input.rateMax', 'must be at least rateMin');
  if (p.termMaxMonths < p.termMinMonths)
    throw new BadUserInputError('input.termMaxMonths', 'must be at least termMinMonths');
  if (p.amountMax < p.amountMin) throw new BadUserInputError('input.amountMax', 'must be at least amountMin');
}

/** What a product's version keeps. */
export function bankProductContent(row: BankProductRow): Record<string, unknown> {
  return {
    name: row.name,
    description: row.description,
    rateMin: row.rateMin,
    rateMax: row.rateMax,
    termMinMonths: row.termMinMonths,
    termMaxMonths: row.termMaxMonths,
    amountMin: row.amountMin,
    amountMax: row.amountMax,
    eligibleIndustries: row.eligibleIndustries,
    eligibleScales: row.eligibleScales,
    eligibleCounties: row.eligibleCounties,
    acceptedGuarantees: row.acceptedGuarantees,
    minYearsInBusiness: row.minYearsInBusiness,
    expiresOn: row.expiresOn,
  };
}

export class BankProductService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: BankProductStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  private deps(): StepDeps<BankProductRow, NewBankProduct> {
    return {
      name: 'bankProduct',
      db: this.db,
      principal: this.principal,
      now: this.now,
      store: this.store,
      history: this.history,
      outbox: this.outbox,
      events: bankProductEvents,
      versions: bankProductVersions,
      contentOf: bankProductContent,
    };
  }

  async list(args: PageArgs & { filter?: BankProductFilter | null }) {
    const page = readPage(args, 2);
    const filter = parseInput(productFilterSchema, args.filter ?? {}, 'filter') as BankProductFilter;
    const rows = await this.store.list(filter, page, this.now);
    for (const row of rows) this.loaders.bankProduct.prime(row.id, row);
    return toConnection(rows, page.limit, bankProductCursor, () => this.store.count(filter, this.now));
  }

  async byId(id: string): Promise<BankProductRow | null> {
    assertUuid(id, 'id', 'is not a valid id');
    return this.loaders.bankProduct.load(id);
  }

  async byReference(id: string): Promise<BankProductRow | null> {
    return isUuid(id) ? this.loaders.bankProduct.load(id) : null;
  }

  institutions(): Promise<InstitutionRow[]> {
    return this.store.listInstitutions();
  }

  async institution(creditCode: string): Promise<InstitutionRow | null> {
    return isValidCreditCode(creditCode) ? this.loaders.institution.load(creditCode) : null;
  }

  productsOf(institutionCode: string): Promise<BankProductRow[]> {
    return this.loaders.productsByInstitution.load(institutionCode);
  }

  availableActions(row: BankProductRow): BankProductAction[] {
    return availableActions(bankProductWorkflow, row.status, this.principal, row);
  }

  /** 登记金融机构: 商务局 staff of the city. */
  async registerInstitution(input: RegisterInstitutionInput): Promise<InstitutionRow> {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isCityStaff(p) || p.dept !== MOFCOM) {
      throw new ForbiddenError('Only 商务局 staff of the city register institutions (仅市商务局可登记金融机构).');
    }
    const data = parseInput(registerSchema, input);
    if (await this.loaders.institution.load(data.creditCode)) {
      throw new BadUserInputError('input.creditCode', 'is registered already');
    }
    try {
      const row = await this.store.insertInstitution({
        ...data,
        createdBy: p.sub ?? 'staff',
        departmentCode: MOFCOM,
      });
      this.loaders.institution.clear(row.creditCode).prime(row.creditCode, row);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) throw new BadUserInputError('input.name', 'is the name of another institution');
      throw error;
    }
  }

  /** An institution's staff or 商务局 staff keep products. */
  private requireKeeper(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isInstitutionStaff(p) && !(p.role === 'staff' && p.dept === MOFCOM)) {
      throw new ForbiddenError(
        'Only an institution’s staff and 商务局 staff keep bank products (仅金融机构与商务局可维护金融产品).',
      );
    }
  }

  private requireModerator(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (p.role !== 'staff' || p.dept !== MOFCOM) {
      throw new ForbiddenError('Only 商务局 staff moderate bank products (仅商务局可审核金融产品).');
    }
  }

  private async load(id: string): Promise<BankProductRow> {
    assertUuid(id, 'id', 'is not a valid id');
    const row = await this.loaders.bankProduct.load(id);
    if (!row) throw new NotFoundError('BankProduct', id);
    return row;
  }

  private async step(spec: StepSpec<BankProductRow, NewBankProduct>): Promise<BankProductRow> {
    const updated = await runStep(this.deps(), spec);
    this.loaders.bankProduct.clear(updated.id).prime(updated.id, updated);
    return updated;
  }

  private async institutionName(code: string): Promise<string> {
    return (await this.loaders.institution.load(code))?.name ?? code;
  }

  private toModerators(row: BankProductRow, institution: string, eventId: number): OutboundMessage[] {
    return [
      {
        topic: 'bankProduct.submitted',
        idempotencyKey: `bankProduct.submitted:inbox:${row.id}:${eventId}`,
        countyCode: row.countyCode,
        channel: 'inbox',
        to: { dept: MOFCOM, county: row.countyCode },
        ...messages.render('bankProduct.submitted', { institution, name: row.name }),
        data: { bankProductId: row.id },
      },
    ];
  }

  private toInstitution(
    row: BankProductRow,
    eventId: number,
    topic: 'bankProduct.approved' | 'bankProduct.rejected' | 'bankProduct.withdrawn',
    rendered: ReturnType<typeof messages.render>,
  ): OutboundMessage[] {
    return [
      {
        topic,
        idempotencyKey: `${topic}:inbox:${row.id}:${eventId}`,
        countyCode: row.countyCode,
        channel: 'inbox',
        to: { enterprise: row.institutionCode },
        ...rendered,
        data: { bankProductId: row.id },
      },
    ];
  }

  /** 新建金融产品: a draft of a registered institution, by its staff or 商务局 of its unit. */
  async create(input: CreateBankProductInput): Promise<BankProductRow> {
    this.requireKeeper();
    const data = parseInput(createSchema(this.now), input);
    assertRanges(data);
    const institution = await this.loaders.institution.load(data.institutionCode);
    if (!institution) throw new BadUserInputError('input.institutionCode', 'is not a registered institution');
    const unit = {
      departmentCode: MOFCOM,
      countyCode: institution.countyCode,
      institutionCode: institution.creditCode,
    };
    const status = bankProductWorkflow.next(null, 'CREATE', this.principal, unit);
    const { eligibility, institutionCode: _code, ...content } = data;
    const row = await createRecord(
      this.deps(),
      {
        ...content,
        ...eligibilityColumns(eligibility),
        ...unit,
        expiresOn: data.expiresOn ?? defaultExpiry(this.now),
        status,
        createdBy: this.principal.sub ?? 'staff',
        revisedAt: this.now,
        createdAt: this.now,
        updatedAt: this.now,
      },
      'CREATE',
    );
    this.loaders.bankProduct.prime(row.id, row);
    return row;
  }

  /** 提交审核: the institution posts it; 商务局 of its unit is told. */
  async submit(id: string): Promise<BankProductRow> {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isInstitutionStaff(p))
      throw new ForbiddenError('Only the institution’s staff post its products for moderation.');
    const row = await this.load(id);
    const to = bankProductWorkflow.next(row.status as never, 'SUBMIT', p, row);
    if (isPastExpiry(row.expiresOn, this.now)) {
      throw new ConflictError('bankProduct: its last valid day has passed; update it first.', { id });
    }
    const institution = await this.institutionName(row.institutionCode);
    return this.step({
      row,
      step: 'SUBMIT',
      to,
      set: { submittedAt: this.now, reviewNote: null, expiredAt: null, withdrawnAt: null },
      messages: (r, eventId) => this.toModerators(r, institution, eventId),
    });
  }

  async approve(id: string): Promise<BankProductRow> {
    this.requireModerator();
    const row = await this.load(id);
    const to = bankProductWorkflow.next(row.status as never, 'APPROVE', this.principal, row);
    if (isPastExpiry(row.expiresOn, this.now)) {
      throw new ConflictError('bankProduct: its last valid day has passed; it must be updated first.', { id });
    }
    return this.step({
      row,
      step: 'APPROVE',
      to,
      set: { publishedAt: row.publishedAt ?? this.now, reviewedAt: this.now },
      messages: (r, eventId) =>
        this.toInstitution(
          r,
          eventId,
          'bankProduct.approved',
          messages.render('bankProduct.approved', { name: r.name }),
        ),
    });
  }

  async reject(id: string, reason: string): Promise<BankProductRow> {
    this.requireModerator();
    const note = parseInput(fields.text(2, 500), reason, 'reason');
    const row = await this.load(id);
    const to = bankProductWorkflow.next(row.status as never, 'REJECT', this.principal, row);
    return this.step({
      row,
      step: 'REJECT',
      to,
      set: { reviewNote: note, reviewedAt: this.now },
      note,
      messages: (r, eventId) =>
        this.toInstitution(
          r,
          eventId,
          'bankProduct.rejected',
          messages.render('bankProduct.rejected', { name: r.name, reason: note }),
        ),
    });
  }

  /** 发布: 商务局 publishes a draft, or again after expiry or withdrawal. */
  async publish(id: string, expiresOn: string | null | undefined): Promise<BankProductRow> {
    this.requireModerator();
    const day = parseInput(fields.expiresOn(this.now, LISTING_MAX_DAYS).nullish(), expiresOn, 'expiresOn');
    const row = await this.load(id);
    const to = bankProductWorkflow.next(row.status as never, 'PUBLISH', this.principal, row);
    if (!day && isPastExpiry(row.expiresOn, this.now)) {
      throw new BadUserInputError('expiresOn', 'is required: the last valid day has passed');
    }
    return this.step({
      row,
      step: 'PUBLISH',
      to,
      set: {
        publishedAt: row.publishedAt ?? this.now,
        expiredAt: null,
        withdrawnAt: null,
        reviewNote: null,
        ...(day ? { expiresOn: day } : {}),
      },
      revise: !!day,
    });
  }

  /** 更新: a new version; the institution's update of a published product goes back to moderation. */
  async update(id: string, input: UpdateBankProductInput): Promise<BankProductRow> {
    this.requireKeeper();
    const { eligibility, ...changes } = given(parseInput(updateSchema(this.now), input));
    const row = await this.load(id);
    const to = bankProductWorkflow.next(row.status as never, 'UPDATE', this.principal, row);
    assertRanges({ ...row, ...changes });
    const set = { ...changes, ...(eligibility ? eligibilityColumns(eligibility) : {}) };
    const resubmitted = to === 'PENDING' && row.status !== 'PENDING';
    const institution = await this.institutionName(row.institutionCode);
    return this.step({
      row,
      step: 'UPDATE',
      to,
      set: resubmitted ? { ...set, submittedAt: this.now } : set,
      revise: true,
      messages: resubmitted ? (r, eventId) => this.toModerators(r, institution, eventId) : undefined,
    });
  }

  /** 撤回: by the institution, or by 商务局 with a reason the institution is told. */
  async withdraw(id: string, reason: string | null | undefined): Promise<BankProductRow> {
    this.requireKeeper();
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = bankProductWorkflow.next(row.status as never, 'WITHDRAW', this.principal, row);
    const byModerator = this.principal.role === 'staff';
    if (byModerator && !note) throw new BadUserInputError('reason', 'is required when 商务局 takes a product down');
    return this.step({
      row,
      step: 'WITHDRAW',
      to,
      set: { withdrawnAt: this.now, reviewNote: note },
      note,
      messages: byModerator
        ? (r, eventId) =>
            this.toInstitution(
              r,
              eventId,
              'bankProduct.withdrawn',
              messages.render('bankProduct.withdrawn', { name: r.name, reason: note ?? '' }),
            )
        : undefined,
    });
  }
}
