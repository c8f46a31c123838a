/**
 * Rules of business opportunities (我的商机, 商务局): visibility-scoped reads; posting, updating and withdrawing by the
 * enterprise; moderation by 商务局 of the unit with a reason when refused; the feed that puts an enterprise's
 * industry and unit first; interest, which shares the two enterprises' contacts. Every step is written with its
 * event, its version and its messages in one transaction.
 */
import type { Database } from '@qq/db/client';
import { OPPORTUNITY_KINDS, opportunityEvents, opportunityVersions } from '@qq/db/schema/commerce';
import {
  assertUuid,
  BadUserInputError,
  ConflictError,
  type Connection,
  countyCodeSchema,
  createRecord,
  decodeCursor,
  encodeCursor,
  ForbiddenError,
  type HistoryStore,
  inTransaction,
  isPastExpiry,
  isUniqueViolation,
  countOnlyConnection,
  isUuid,
  NotFoundError,
  type OutboundMessage,
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
  unitOfEnterprise,
} from '@qq/kit';
import { z } from 'zod';
import { isEnterpriseUser, MOFCOM } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import { kindLabel, messages } from '../messages.ts';
import type { InterestRow, InterestStore } from '../store/interests.store.ts';
import {
  opportunityCursor,
  type FeedFor,
  type NewOpportunity,
  type OpportunityFilter,
  type OpportunityRow,
  type OpportunityStore,
} from '../store/opportunities.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { assertIndustry, fields, nestedFirst, POST_MAX_DAYS, defaultExpiry } from './input.ts';
import { given } from './park.service.ts';
import { availableActions, opportunityWorkflow, type OpportunityAction } from './workflows.ts';

const kind = z.enum(OPPORTUNITY_KINDS, { message: 'must be SUPPLY, DEMAND or COOPERATION' });

const submitSchema = (now: Date) =>
  z.object({
    kind,
    title: fields.text(4, 60),
    description: fields.text(10, 2000),
    industryCode: fields.industryCode,
    countyCode: countyCodeSchema.nullish(),
    expiresOn: fields.expiresOn(now, POST_MAX_DAYS).nullish(),
    contactName: fields.contactName,
    contactPhone: fields.contactPhone,
  });

const updateSchema = (now: Date) =>
  z.object({
    kind: kind.nullish(),
    title: fields.text(4, 60).nullish(),
    description: fields.text(10, 2000).nullish(),
    industryCode: fields.industryCode.nullish(),
    expiresOn: fields.expiresOn(now, POST_MAX_DAYS).nullish(),
    contactName: fields.contactName.nullish(),
    contactPhone: fields.contactPhone.nullish(),
  });

const interestSchema = z.object({
  opportunityId: z.string().refine(isUuid, { message: 'is not a valid id' }),
  message: fields.text(2, 500),
  contactName: fields.contactName,
  contactPhone: fields.contactPhone,
});

export type SubmitOpportunityInput = z.input<ReturnType<typeof submitSchema>>;
export type UpdateOpportunityInput = z.input<ReturnType<typeof updateSchema>>;
export type ExpressInterestInput = z.input<typeof interestSchema>;

/** The registry particulars the gateway passes with an Enterprise reference (`@requires`). */
export interface EnterpriseParticulars {
  creditCode: string;
  industry?: { code?: string | null } | null;
  county?: { code?: string | null } | null;
  scale?: string | null;
  establishedOn?: string | null;
}

/** What an opportunity's version keeps. */
export function opportunityContent(row: OpportunityRow): Record<string, unknown> {
  return {
    kind: row.kind,
    title: row.title,
    description: row.description,
    industryCode: row.industryCode,
    countyCode: row.countyCode,
    expiresOn: row.expiresOn,
  };
}

type FeedRow = OpportunityRow & { rank: number };

export class OpportunityService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: OpportunityStore,
    private readonly interests: InterestStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  private deps(): StepDeps<OpportunityRow, NewOpportunity> {
    return {
      name: 'opportunity',
      db: this.db,
      principal: this.principal,
      now: this.now,
      store: this.store,
      history: this.history,
      outbox: this.outbox,
      events: opportunityEvents,
      versions: opportunityVersions,
      contentOf: opportunityContent,
    };
  }

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

  /** Enterprise.opportunities: the newest of an enterprise; only their count when nothing else is read (`rows`). */
  ofEnterprise(creditCode: string, first: number | null | undefined, rows = true): Promise<Connection<OpportunityRow>> {
    const size = nestedFirst(first);
    if (!rows) {
      return Promise.resolve(countOnlyConnection(() => this.loaders.opportunityCountByEnterprise.load(creditCode)));
    }
    return this.loaders.opportunitiesOfEnterprise({ first: size }).load(creditCode);
  }

  /**
   * 商机推荐: current opportunities of other enterprises, those of the enterprise's industry and unit first. The
   * industry and unit come from the registry through the gateway (`@requires`); without them every post ranks the
   * same.
   */
  async feed(
    enterprise: EnterpriseParticulars,
    args: PageArgs & { kind?: string | null },
  ): Promise<Connection<OpportunityRow>> {
    const page = readPage({ first: args.first }, 3);
    let after: [number, string, string] | null = null;
    if (args.after) {
      const [rank, at, id] = decodeCursor(args.after, 3);
      if (
        typeof rank !== 'number' ||
        !Number.isInteger(rank) ||
        typeof at !== 'string' ||
        Number.isNaN(Date.parse(at)) ||
        typeof id !== 'string' ||
        !isUuid(id)
      ) {
        throw new BadUserInputError('after', 'is not a cursor returned by this list');
      }
      after = [rank, at, id];
    }
    const feed: FeedFor = {
      enterpriseCode: enterprise.creditCode,
      industryCode: enterprise.industry?.code ?? null,
      countyCode: enterprise.county?.code ?? null,
      kind: args.kind ?? null,
    };
    const rows = await this.store.feed(feed, { limit: page.limit, after }, this.now);
    for (const row of rows) this.loaders.opportunity.prime(row.id, row);
    const nodes = rows.slice(0, page.limit);
    const edges = nodes.map((node: FeedRow) => ({
      cursor: encodeCursor([node.rank, node.createdAt, node.id]),
      node: node as OpportunityRow,
    }));
    return {
      edges,
      nodes,
      pageInfo: {
        hasNextPage: rows.length > page.limit,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: () => this.store.feedCount(feed, this.now),
    };
  }

  availableActions(row: OpportunityRow): OpportunityAction[] {
    return availableActions(opportunityWorkflow, row.status, this.principal, row);
  }

  /**
   * Whether the caller gets the poster's contact: staff, admins and analysts (masked) always; an enterprise for its
   * own post or one it expressed interest in.
   */
  async sharesContact(row: OpportunityRow): Promise<boolean> {
    const p = this.principal;
    if (p.role === 'staff' || p.role === 'admin' || p.role === 'analyst') return true;
    if (!isEnterpriseUser(p)) return false;
    if (row.enterpriseCode === p.enterprise) return true;
    return (await this.myInterest(row)) !== null;
  }

  myInterest(row: OpportunityRow): Promise<InterestRow | null> {
    return isEnterpriseUser(this.principal) ? this.loaders.myInterest.load(row.id) : Promise.resolve(null);
  }

  interestCount(row: OpportunityRow): Promise<number> {
    return this.loaders.interestCount.load(row.id);
  }

  interestsOf(row: OpportunityRow, args: PageArgs) {
    const page = readPage(args, 2);
    return this.loaders.interestsOfOpportunity(page).load(row.id);
  }

  async interestById(id: string): Promise<InterestRow | null> {
    return isUuid(id) ? this.loaders.interest.load(id) : null;
  }

  private requireEnterprise(message: string): string {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isEnterpriseUser(p)) throw new ForbiddenError(message);
    return p.enterprise!;
  }

  private requireModerator(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (p.role !== 'staff' || p.dept !== MOFCOM) {
      throw new ForbiddenError('Only 商务局 staff moderate opportunities (仅商务局工作人员可审核商机).');
    }
  }

  private async load(id: string): Promise<OpportunityRow> {
    assertUuid(id, 'id', 'is not a valid id');
    const row = await this.loaders.opportunity.load(id);
    if (!row) throw new NotFoundError('Opportunity', id);
    return row;
  }

  private async step(spec: StepSpec<OpportunityRow, NewOpportunity>): Promise<OpportunityRow> {
    const updated = await runStep(this.deps(), spec);
    this.loaders.opportunity.clear(updated.id).prime(updated.id, updated);
    return updated;
  }

  /** The moderators of the unit are told of a post waiting for them. */
  private toModerators(row: OpportunityRow, eventId: number): OutboundMessage[] {
    return [
      {
        topic: 'opportunity.submitted',
        idempotencyKey: `opportunity.submitted:inbox:${row.id}:${eventId}`,
        countyCode: row.countyCode,
        channel: 'inbox',
        to: { dept: MOFCOM, county: row.countyCode },
        ...messages.render('opportunity.submitted', { kindLabel: kindLabel(row.kind), title: row.title }),
        data: { opportunityId: row.id },
      },
    ];
  }

  /** The poster is told in the app and by SMS to the post's contact phone. */
  private toPoster(
    row: OpportunityRow,
    stepId: number | string,
    topic: 'opportunity.approved' | 'opportunity.rejected' | 'opportunity.withdrawn' | 'opportunity.interest',
    rendered: ReturnType<typeof messages.render>,
  ): OutboundMessage[] {
    const base = { topic, countyCode: row.countyCode, ...rendered, data: { opportunityId: row.id } };
    return [
      {
        ...base,
        idempotencyKey: `${topic}:inbox:${row.id}:${stepId}`,
        channel: 'inbox',
        to: { enterprise: row.enterpriseCode },
      },
      { ...base, idempotencyKey: `${topic}:sms:${row.id}:${stepId}`, channel: 'sms', phone: row.contactPhone },
    ];
  }

  /** 发布商机: an enterprise user posts an opportunity; it waits for 商务局 of its unit (PENDING). */
  async submit(input: SubmitOpportunityInput): Promise<OpportunityRow> {
    const enterprise = this.requireEnterprise('Only enterprise users submit opportunities (仅企业用户可发布商机).');
    const data = parseInput(submitSchema(this.now), input);
    const countyCode = unitOfEnterprise(enterprise, data.countyCode, 'input.countyCode');
    const status = opportunityWorkflow.next(null, 'SUBMIT', this.principal);
    const row = await createRecord(
      this.deps(),
      {
        ...data,
        expiresOn: data.expiresOn ?? defaultExpiry(this.now),
        enterpriseCode: enterprise,
        status,
        submittedBy: this.principal.sub ?? enterprise,
        submittedAt: this.now,
        revisedAt: this.now,
        departmentCode: MOFCOM,
        countyCode,
        createdAt: this.now,
        updatedAt: this.now,
      },
      'SUBMIT',
      (r, eventId) => this.toModerators(r, eventId),
    );
    this.loaders.opportunity.prime(row.id, row);
    return row;
  }

  /** 修改商机: the poster's new version goes to moderation again. */
  async update(id: string, input: UpdateOpportunityInput): Promise<OpportunityRow> {
    this.requireEnterprise('Only the poster updates an opportunity (仅发布企业可修改商机).');
    const changes = given(parseInput(updateSchema(this.now), input));
    const row = await this.load(id);
    const to = opportunityWorkflow.next(row.status as never, 'UPDATE', this.principal, row);
    if (!changes.expiresOn && isPastExpiry(row.expiresOn, this.now)) {
      throw new BadUserInputError('input.expiresOn', 'is required: the last valid day has passed');
    }
    return this.step({
      row,
      step: 'UPDATE',
      to,
      set: { ...changes, submittedAt: this.now, reviewNote: null, expiredAt: null, withdrawnAt: null },
      revise: true,
      messages: (r, eventId) => this.toModerators(r, eventId),
    });
  }

  /** 审核通过: published; the poster is told. */
  async approve(id: string): Promise<OpportunityRow> {
    this.requireModerator();
    const row = await this.load(id);
    const to = opportunityWorkflow.next(row.status as never, 'APPROVE', this.principal, row);
    if (isPastExpiry(row.expiresOn, this.now)) {
      throw new ConflictError('opportunity: its last valid day has passed; the poster must update it first.', { id });
    }
    return this.step({
      row,
      step: 'APPROVE',
      to,
      set: { publishedAt: row.publishedAt ?? this.now, reviewedAt: this.now },
      messages: (r, eventId) =>
        this.toPoster(
          r,
          eventId,
          'opportunity.approved',
          messages.render('opportunity.approved', { title: r.title, expiresOn: r.expiresOn ?? '长期' }),
        ),
    });
  }

  /** 审核不通过: refused with the reason, which the poster is told. */
  async reject(id: string, reason: string): Promise<OpportunityRow> {
    this.requireModerator();
    const note = parseInput(fields.text(2, 500), reason, 'reason');
    const row = await this.load(id);
    const to = opportunityWorkflow.next(row.status as never, 'REJECT', this.principal, row);
    return this.step({
      row,
      step: 'REJECT',
      to,
      set: { reviewNote: note, reviewedAt: this.now },
      note,
      messages: (r, eventId) =>
        this.toPoster(
          r,
          eventId,
          'opportunity.rejected',
          messages.render('opportunity.rejected', { title: r.title, reason: note }),
        ),
    });
  }

  /** 撤回: by the poster, or by 商务局 with a reason that the poster is told. */
  async withdraw(id: string, reason: string | null | undefined): Promise<OpportunityRow> {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isEnterpriseUser(p) && !(p.role === 'staff' && p.dept === MOFCOM)) throw new ForbiddenError();
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = opportunityWorkflow.next(row.status as never, 'WITHDRAW', p, row);
    const byModerator = row.enterpriseCode !== p.enterprise;
    if (byModerator && !note) throw new BadUserInputError('reason', 'is required when 商务局 takes a post down');
    return this.step({
      row,
      step: 'WITHDRAW',
      to,
      set: { withdrawnAt: this.now, reviewNote: note },
      note,
      messages: byModerator
        ? (r, eventId) =>
            this.toPoster(
              r,
              eventId,
              'opportunity.withdrawn',
              messages.render('opportunity.withdrawn', { title: r.title, reason: note ?? '' }),
            )
        : undefined,
    });
  }

  /**
   * 我感兴趣: an enterprise other than the poster, once per opportunity, while it is published. The poster is told;
   * the two contacts are shared from now on.
   */
  async expressInterest(input: ExpressInterestInput): Promise<InterestRow> {
    const enterprise = this.requireEnterprise('Only enterprise users express interest (仅企业用户可表达意向).');
    const data = parseInput(interestSchema, input);
    const row = await this.load(data.opportunityId);
    if (row.enterpriseCode === enterprise) {
      throw new ForbiddenError(
        'The poster may not express interest in its own opportunity (不能对自己的商机表达意向).',
      );
    }
    if (row.status !== 'PUBLISHED' || isPastExpiry(row.expiresOn, this.now)) {
      throw new ConflictError(`opportunity: interest is possible only while it is published (state ${row.status}).`, {
        status: row.status,
      });
    }
    try {
      const interest = await inTransaction(this.db, async (tx) => {
        const created = await this.interests.withDb(tx).insert({
          opportunityId: row.id,
          ownerCode: row.enterpriseCode,
          enterpriseCode: enterprise,
          message: data.message,
          contactName: data.contactName,
          contactPhone: data.contactPhone,
          createdBy: this.principal.sub ?? enterprise,
          departmentCode: row.departmentCode,
          countyCode: row.countyCode,
          createdAt: this.now,
          updatedAt: this.now,
        });
        const count = (await this.interests.withDb(tx).countByOpportunities([row.id], false)).get(row.id) ?? 1;
        // The interest row is the record of this step; its id keys the messages.
        await this.outbox
          .withDb(tx)
          .enqueue(
            this.toPoster(
              row,
              created.id,
              'opportunity.interest',
              messages.render('opportunity.interest', { title: row.title, count }),
            ),
          );
        return created;
      });
      this.loaders.myInterest.prime(row.id, interest);
      return interest;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('opportunity: this enterprise has already expressed interest in it.', { id: row.id });
      }
      throw error;
    }
  }
}
