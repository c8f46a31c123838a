/**
 * Rules of the park directory (产业园区, 发改委): scoped reads with filters and pages, and the publishing steps —
 * create (draft), publish, update (a new version), withdraw — for 发改委 staff of the park's county or the city.
 */
import type { Database } from '@qq/db/client';
import { PARK_LEVELS, parkEvents, parkVersions } from '@qq/db/schema/commerce';
import {
  assertUuid,
  BadUserInputError,
  countyCodeSchema,
  createRecord,
  ForbiddenError,
  type HistoryStore,
  isPastExpiry,
  isUniqueViolation,
  isUuid,
  NotFoundError,
  type PageArgs,
  parseInput,
  type Principal,
  readCountyFilter,
  readPage,
  runStep,
  type StepDeps,
  type StepSpec,
  toConnection,
  UnauthenticatedError,
} from '@qq/kit';
import { z } from 'zod';
import { NDRC } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { parkCursor, type NewPark, type ParkFilter, type ParkRow, type ParkStore } from '../store/parks.store.ts';
import { fields, LISTING_MAX_DAYS, defaultExpiry } from './input.ts';
import { availableActions, parkWorkflow, type ParkAction } from './workflows.ts';

const contentSchema = (now: Date) =>
  z.object({
    name: fields.text(4, 60),
    level: z.enum(PARK_LEVELS),
    areaHectares: z
      .number()
      .gt(0, { message: 'must be more than 0' })
      .max(100_000, { message: 'must be at most 100,000 hectares' }),
    leadingIndustries: z
      .array(fields.text(2, 20))
      .min(1, { message: 'must name 1–10 industries' })
      .max(10, { message: 'must name 1–10 industries' }),
    address: fields.text(4, 120),
    description: fields.text(10, 2000),
    expiresOn: fields.expiresOn(now, LISTING_MAX_DAYS),
  });

const createSchema = (now: Date) =>
  contentSchema(now).extend({
    countyCode: countyCodeSchema,
    expiresOn: fields.expiresOn(now, LISTING_MAX_DAYS).nullish(),
  });

/** Every field optional; null keeps the value. */
const updateSchema = (now: Date) => {
  const s = contentSchema(now).shape;
  return z.object({
    name: s.name.nullish(),
    level: s.level.nullish(),
    areaHectares: s.areaHectares.nullish(),
    leadingIndustries: s.leadingIndustries.nullish(),
    address: s.address.nullish(),
    description: s.description.nullish(),
    expiresOn: s.expiresOn.nullish(),
  });
};

export type CreateParkInput = z.input<ReturnType<typeof createSchema>>;
export type UpdateParkInput = z.input<ReturnType<typeof updateSchema>>;

/** What a park's version keeps. */
export function parkContent(row: ParkRow): Record<string, unknown> {
  return {
    name: row.name,
    level: row.level,
    areaHectares: row.areaHectares,
    leadingIndustries: row.leadingIndustries,
    address: row.address,
    description: row.description,
    expiresOn: row.expiresOn,
  };
}

/** Drops the keys whose value is null or undefined (omitted fields of an update keep their value). */
export function given<T extends Record<string, unknown>>(input: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

export class ParkService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: ParkStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  private deps(): StepDeps<ParkRow, NewPark> {
    return {
      name: 'industrialPark',
      db: this.db,
      principal: this.principal,
      now: this.now,
      store: this.store,
      history: this.history,
      outbox: this.outbox,
      events: parkEvents,
      versions: parkVersions,
      contentOf: parkContent,
    };
  }

  async list(args: PageArgs & { filter?: ParkFilter | null }) {
    const page = readPage(args, 3);
    const filter = args.filter ?? {};
    readCountyFilter(filter.countyCode, 'filter.countyCode');
    const rows = await this.store.list(filter, page, this.now);
    for (const row of rows) this.loaders.park.prime(row.id, row);
    return toConnection(rows, page.limit, parkCursor, () => this.store.count(filter, this.now));
  }

  async byId(id: string): Promise<ParkRow | null> {
    assertUuid(id, 'id', 'is not a valid id');
    return this.loaders.park.load(id);
  }

  /** An entity reference: a malformed id is simply not found. */
  async byReference(id: string): Promise<ParkRow | null> {
    return isUuid(id) ? this.loaders.park.load(id) : null;
  }

  parksOfCounty(code: string): Promise<ParkRow[]> {
    return this.loaders.parksByCounty.load(code);
  }

  availableActions(row: ParkRow): ParkAction[] {
    return availableActions(parkWorkflow, row.status, this.principal, row);
  }

  /** Only 发改委 staff keep parks. */
  private requireKeeper(): void {
    if (this.principal.role === 'anonymous') throw new UnauthenticatedError();
    if (this.principal.role !== 'staff' || this.principal.dept !== NDRC) {
      throw new ForbiddenError('Only 发改委 staff keep the parks (仅发改委工作人员可维护产业园区).');
    }
  }

  /** The park as the caller may see it, else NOT_FOUND (as for an id that does not exist). */
  private async load(id: string): Promise<ParkRow> {
    assertUuid(id, 'id', 'is not a valid id');
    const row = await this.loaders.park.load(id);
    if (!row) throw new NotFoundError('IndustrialPark', id);
    return row;
  }

  private async step(spec: StepSpec<ParkRow, NewPark>): Promise<ParkRow> {
    try {
      const updated = await runStep(this.deps(), spec);
      this.loaders.park.clear(updated.id).prime(updated.id, updated);
      return updated;
    } catch (error) {
      if (isUniqueViolation(error)) throw new BadUserInputError('input.name', 'is the name of another park');
      throw error;
    }
  }

  /** 新建园区: a draft in the caller's unit (any unit for the city's staff). */
  async create(input: CreateParkInput): Promise<ParkRow> {
    this.requireKeeper();
    const data = parseInput(createSchema(this.now), input);
    const unit = { departmentCode: NDRC, countyCode: data.countyCode };
    const status = parkWorkflow.next(null, 'CREATE', this.principal, unit);
    try {
      return await createRecord(
        this.deps(),
        {
          ...data,
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
    } catch (error) {
      if (isUniqueViolation(error)) throw new BadUserInputError('input.name', 'is the name of another park');
      throw error;
    }
  }

  /** 发布: a draft, or again after expiry or withdrawal; a new last valid day when the old one has passed. */
  async publish(id: string, expiresOn: string | null | undefined): Promise<ParkRow> {
    this.requireKeeper();
    const day = parseInput(fields.expiresOn(this.now, LISTING_MAX_DAYS).nullish(), expiresOn, 'expiresOn');
    const row = await this.load(id);
    const to = parkWorkflow.next(row.status as never, 'PUBLISH', this.principal, row);
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

  /** 更新: a new version; the park counts as current again. */
  async update(id: string, input: UpdateParkInput): Promise<ParkRow> {
    this.requireKeeper();
    const changes = given(parseInput(updateSchema(this.now), input));
    const row = await this.load(id);
    const to = parkWorkflow.next(row.status as never, 'UPDATE', this.principal, row);
    return this.step({ row, step: 'UPDATE', to, set: changes, revise: true });
  }

  /** 撤回 */
  async withdraw(id: string, reason: string | null | undefined): Promise<ParkRow> {
    this.requireKeeper();
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = parkWorkflow.next(row.status as never, 'WITHDRAW', this.principal, row);
    return this.step({ row, step: 'WITHDRAW', to, set: { withdrawnAt: this.now, reviewNote: note }, note });
  }
}
