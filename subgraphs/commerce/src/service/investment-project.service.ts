/**
 * Rules of investment promotion projects (招商项目, Art. 8): public reads of published projects, scoped reads of the
 * others, and the publishing steps for 商务局 and 发改委 staff of the project's county, or of the city.
 */
import type { Database } from '@qq/db/client';
import { investmentProjectEvents, investmentProjectVersions, PROJECT_STAGES } from '@qq/db/schema/commerce';
import {
  assertUuid,
  BadUserInputError,
  countyCodeSchema,
  createRecord,
  ForbiddenError,
  type HistoryStore,
  isPastExpiry,
  isUuid,
  NotFoundError,
  type PageArgs,
  parseInput,
  type Principal,
  readCountyFilter,
  readKeyword,
  readPage,
  runStep,
  type StepDeps,
  type StepSpec,
  toConnection,
  UnauthenticatedError,
} from '@qq/kit';
import { z } from 'zod';
import { PROJECT_DEPARTMENTS } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import {
  investmentProjectCursor,
  type InvestmentProjectFilter,
  type InvestmentProjectRow,
  type InvestmentProjectStore,
  type NewInvestmentProject,
} from '../store/investment-projects.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { assertIndustry, fields, LISTING_MAX_DAYS, defaultExpiry } from './input.ts';
import { given } from './park.service.ts';
import { availableActions, investmentProjectWorkflow, type InvestmentProjectAction } from './workflows.ts';

const contentSchema = (now: Date) =>
  z.object({
    title: fields.text(4, 60),
    industryCode: fields.industryCode,
    parkId: z.string().refine(isUuid, { message: 'is not a valid id' }),
    address: fields.text(4, 120),
    investmentAmount: fields.amount(10_000_000),
    stage: z.enum(PROJECT_STAGES),
    description: fields.text(10, 2000),
    contactName: fields.contactName,
    contactPhone: fields.contactPhone,
    expiresOn: fields.expiresOn(now, LISTING_MAX_DAYS),
  });

const createSchema = (now: Date) =>
  contentSchema(now).extend({
    countyCode: countyCodeSchema,
    parkId: contentSchema(now).shape.parkId.nullish(),
    expiresOn: contentSchema(now).shape.expiresOn.nullish(),
  });

const updateSchema = (now: Date) => {
  const s = contentSchema(now).shape;
  return z.object(
    Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.nullish()])) as {
      [K in keyof typeof s]: z.ZodOptional<z.ZodNullable<(typeof s)[K]>>;
    },
  );
};

export type CreateInvestmentProjectInput = z.input<ReturnType<typeof createSchema>>;
export type UpdateInvestmentProjectInput = z.input<ReturnType<typeof updateSchema>>;

/** What a project's version keeps (contacts are not part of the public history). */
export function investmentProjectContent(row: InvestmentProjectRow): Record<string, unknown> {
  return {
    title: row.title,
    industryCode: row.industryCode,
    countyCode: row.countyCode,
    parkId: row.parkId,
    address: row.address,
    investmentAmount: row.investmentAmount,
    stage: row.stage,
    description: row.description,
    expiresOn: row.expiresOn,
  };
}

export class InvestmentProjectService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: InvestmentProjectStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  private deps(): StepDeps<InvestmentProjectRow, NewInvestmentProject> {
    return {
      name: 'investmentProject',
      db: this.db,
      principal: this.principal,
      now: this.now,
      store: this.store,
      history: this.history,
      outbox: this.outbox,
      events: investmentProjectEvents,
      versions: investmentProjectVersions,
      contentOf: investmentProjectContent,
    };
  }

  async list(args: PageArgs & { filter?: InvestmentProjectFilter | null }) {
    const page = readPage(args, 2);
    const filter = { ...(args.filter ?? {}) };
    readCountyFilter(filter.countyCode, 'filter.countyCode');
    assertIndustry(filter.industryCode, 'filter.industryCode');
    if (filter.parkId) assertUuid(filter.parkId, 'filter.parkId', 'is not a valid id');
    filter.keyword = readKeyword(filter.keyword, 'filter.keyword');
    const rows = await this.store.list(filter, page, this.now);
    for (const row of rows) this.loaders.investmentProject.prime(row.id, row);
    return toConnection(rows, page.limit, investmentProjectCursor, () => this.store.count(filter, this.now));
  }

  async byId(id: string): Promise<InvestmentProjectRow | null> {
    assertUuid(id, 'id', 'is not a valid id');
    return this.loaders.investmentProject.load(id);
  }

  async byReference(id: string): Promise<InvestmentProjectRow | null> {
    return isUuid(id) ? this.loaders.investmentProject.load(id) : null;
  }

  ofPark(parkId: string): Promise<InvestmentProjectRow[]> {
    return this.loaders.investmentProjectsByPark.load(parkId);
  }

  availableActions(row: InvestmentProjectRow): InvestmentProjectAction[] {
    return availableActions(investmentProjectWorkflow, row.status, this.principal, row);
  }

  /** 商务局 and 发改委 staff publish projects. */
  private requireKeeper(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (p.role !== 'staff' || !p.dept || !(PROJECT_DEPARTMENTS as readonly string[]).includes(p.dept)) {
      throw new ForbiddenError(
        'Only 商务局 and 发改委 staff publish investment projects (仅商务局、发改委可发布招商项目).',
      );
    }
  }

  private async load(id: string): Promise<InvestmentProjectRow> {
    assertUuid(id, 'id', 'is not a valid id');
    const row = await this.loaders.investmentProject.load(id);
    if (!row) throw new NotFoundError('InvestmentProject', id);
    return row;
  }

  /** The park must be one the caller sees, in the project's unit. */
  private async assertPark(parkId: string, countyCode: string, field: string): Promise<void> {
    const park = await this.loaders.park.load(parkId);
    if (!park) throw new BadUserInputError(field, 'is not a park');
    if (park.countyCode !== countyCode) throw new BadUserInputError(field, "must lie in the project's unit");
  }

  private async step(spec: StepSpec<InvestmentProjectRow, NewInvestmentProject>) {
    const updated = await runStep(this.deps(), spec);
    this.loaders.investmentProject.clear(updated.id).prime(updated.id, updated);
    return updated;
  }

  /** 新建招商项目: a draft of the caller's department in the caller's unit (any unit for the city's staff). */
  async create(input: CreateInvestmentProjectInput): Promise<InvestmentProjectRow> {
    this.requireKeeper();
    const data = parseInput(createSchema(this.now), input);
    const unit = { departmentCode: this.principal.dept!, countyCode: data.countyCode };
    const status = investmentProjectWorkflow.next(null, 'CREATE', this.principal, unit);
    if (data.parkId) await this.assertPark(data.parkId, data.countyCode, 'input.parkId');
    const row = await createRecord(
      this.deps(),
      {
        ...data,
        parkId: data.parkId ?? null,
        expiresOn: data.expiresOn ?? defaultExpiry(this.now),
        status,
        createdBy: this.principal.sub ?? 'staff',
        revisedAt: this.now,
        createdAt: this.now,
        updatedAt: this.now,
        ...unit,
      },
      'CREATE',
    );
    this.loaders.investmentProject.prime(row.id, row);
    return row;
  }

  async publish(id: string, expiresOn: string | null | undefined): Promise<InvestmentProjectRow> {
    this.requireKeeper();
    const day = parseInput(fields.expiresOn(this.now, LISTING_MAX_DAYS).nullish(), expiresOn, 'expiresOn');
    const row = await this.load(id);
    const to = investmentProjectWorkflow.next(row.status as never, 'PUBLISH', this.principal, row);
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

  async update(id: string, input: UpdateInvestmentProjectInput): Promise<InvestmentProjectRow> {
    this.requireKeeper();
    const changes = given(parseInput(updateSchema(this.now), input));
    const row = await this.load(id);
    const to = investmentProjectWorkflow.next(row.status as never, 'UPDATE', this.principal, row);
    if (changes.parkId) await this.assertPark(changes.parkId, row.countyCode, 'input.parkId');
    return this.step({ row, step: 'UPDATE', to, set: changes, revise: true });
  }

  async withdraw(id: string, reason: string | null | undefined): Promise<InvestmentProjectRow> {
    this.requireKeeper();
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = investmentProjectWorkflow.next(row.status as never, 'WITHDRAW', this.principal, row);
    return this.step({ row, step: 'WITHDRAW', to, set: { withdrawnAt: this.now, reviewNote: note }, note });
  }
}
