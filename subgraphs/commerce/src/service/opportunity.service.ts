/**
 * Rules of business opportunities (我的商机, 商务局): visibility-scoped reads, and submission by an enterprise for
 * moderation, written with its event and the moderators' notification in one transaction.
 */
import type { Database } from '@qq/db/client';
import {
  assertUuid,
  chinaDay,
  countyCodeSchema,
  eventValues,
  ForbiddenError,
  inTransaction,
  isUuid,
  parseInput,
  readCountyFilter,
  readKeyword,
  readPage,
  toConnection,
  UnauthenticatedError,
  unitOfEnterprise,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import type { Loaders } from '../loaders.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import {
  opportunityCursor,
  type OpportunityFilter,
  type OpportunityRow,
  type OpportunityStore,
} from '../store/opportunities.store.ts';
import { assertIndustry, fields, nestedFirst } from './input.ts';
import { opportunityWorkflow } from './workflows.ts';

/** The department that moderates what enterprises submit. */
const MODERATOR = 'mofcom';

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const submitSchema = z.object({
  kind: z.enum(['SUPPLY', 'DEMAND', 'COOPERATION'], {
    message: 'must be SUPPLY, DEMAND or COOPERATION: investment projects are published by 商务局 or 发改委',
  }),
  title: fields.text(4, 60),
  description: fields.text(10, 2000),
  industryCode: fields.industryCode,
  countyCode: countyCodeSchema.nullish(),
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
    .refine(
      (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      {
        message: 'is not a calendar date',
      },
    )
    .refine(
      (d) => {
        const today = chinaDay(new Date());
        return d > today && d <= addDays(today, 366);
      },
      { message: 'must be from tomorrow to one year ahead' },
    )
    .nullish(),
  contactName: fields.contactName,
  contactPhone: fields.contactPhone,
});

export type SubmitOpportunityInput = z.input<typeof submitSchema>;

export class OpportunityService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: OpportunityStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
  ) {}

  async list(args: PageArgs & { filter?: OpportunityFilter | null }) {
    const page = readPage(args, 2);
    const filter = { ...(args.filter ?? {}) };
    readCountyFilter(filter.countyCode, 'filter.countyCode');
    assertIndustry(filter.industryCode, 'filter.industryCode');
    filter.keyword = readKeyword(filter.keyword, 'filter.keyword');
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.opportunity.prime(row.id, row);
    return toConnection(rows, page.limit, opportunityCursor, () => this.store.count(filter));
  }

  async byId(id: string): Promise<OpportunityRow | null> {
    assertUuid(id, 'id', 'is not a valid id');
    return this.loaders.opportunity.load(id);
  }

  /** An entity reference: a malformed id is simply not found. */
  async byReference(id: string): Promise<OpportunityRow | null> {
    return isUuid(id) ? this.loaders.opportunity.load(id) : null;
  }

  ofEnterprise(creditCode: string, first: number | null | undefined) {
    return this.loaders.opportunitiesOfEnterprise({ first: nestedFirst(first) }).load(creditCode);
  }

  publishedCountOfCounty(code: string): Promise<number> {
    return this.loaders.publishedOpportunityCountByCounty.load(code);
  }

  /** 发布商机: an enterprise user submits an opportunity; it waits for 商务局 of its county (PENDING). */
  async submit(input: SubmitOpportunityInput): Promise<OpportunityRow> {
    const enterprise = this.principal.enterprise;
    if (this.principal.role === 'anonymous') throw new UnauthenticatedError();
    if (this.principal.role !== 'enterprise' || !enterprise) {
      throw new ForbiddenError('Only enterprise users submit opportunities (仅企业用户可发布商机).');
    }
    const data = parseInput(submitSchema, input);
    const countyCode = unitOfEnterprise(enterprise, data.countyCode, 'input.countyCode');
    const status = opportunityWorkflow.next(null, 'submit', this.principal);
    return inTransaction(this.db, async (tx) => {
      const row = await this.store.withDb(tx).insert({
        kind: data.kind,
        title: data.title,
        description: data.description,
        industryCode: data.industryCode,
        enterpriseCode: enterprise,
        contactName: data.contactName,
        contactPhone: data.contactPhone,
        status,
        submittedBy: this.principal.sub ?? enterprise,
        expiresOn: data.expiresOn ?? null,
        departmentCode: MODERATOR,
        countyCode,
      });
      await this.store.withDb(tx).appendEvent(
        eventValues(this.principal, {
          subjectId: row.id,
          action: 'submit',
          fromStatus: null,
          toStatus: status,
          data: { kind: row.kind, title: row.title },
        }),
      );
      await this.outbox.withDb(tx).enqueue({
        topic: 'notify.opportunity.pending',
        idempotencyKey: `opportunity:${row.id}:submit`,
        payload: {
          opportunityId: row.id,
          kind: row.kind,
          title: row.title,
          enterpriseCode: enterprise,
          // Who is told: the moderators of 商务局 for this unit.
          recipients: { role: 'staff', dept: MODERATOR, county: countyCode },
        },
      });
      return row;
    });
  }
}
