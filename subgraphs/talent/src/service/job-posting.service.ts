/**
 * Rules of job postings (招聘岗位, 人社局): visibility-scoped reads with filters and pages; the enterprise's steps
 * (create, submit, update, close, reopen, withdraw) and 人社局's (approve, reject with a reason, correct, take down
 * with a reason). Access checks come first; every step writes the row, its event, its version and its messages in
 * one transaction.
 */
import type { Database } from '@qq/db/client';
import {
  EDUCATION_LEVELS,
  JOB_CATEGORIES,
  JOB_POSTING_STATUSES,
  jobPostingEvents,
  jobPostingVersions,
} from '@qq/db/schema/talent';
import {
  addDays,
  assertUuid,
  BadUserInputError,
  chinaDay,
  ConflictError,
  countOnlyConnection,
  countyCodeSchema,
  createRecord,
  ForbiddenError,
  type HistoryStore,
  isPastExpiry,
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
import { DEFAULT_POSTING_DAYS, HRSS, isEnterpriseUser, POSTING_MAX_DAYS } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import { messages, type MessageName } from '../messages.ts';
import {
  postingCursor,
  type JobPostingFilter,
  type JobPostingRow,
  type JobPostingStore,
  type NewJobPosting,
} from '../store/job-postings.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { fields, given } from './input.ts';
import { availableActions, hrssKeeper, jobPostingWorkflow, type JobPostingAction } from './workflows.ts';

const contentSchema = (now: Date) =>
  z.object({
    title: fields.text(2, 60),
    category: z.enum(JOB_CATEGORIES),
    headcount: fields.headcount,
    salaryMin: fields.salary,
    salaryMax: fields.salary,
    education: z.enum(EDUCATION_LEVELS),
    description: fields.text(10, 2000),
    contactName: fields.personName,
    contactPhone: fields.phone,
    expiresOn: fields.expiresOn(now, POSTING_MAX_DAYS),
  });

const createSchema = (now: Date) =>
  contentSchema(now)
    .extend({ countyCode: countyCodeSchema.nullish(), expiresOn: fields.expiresOn(now, POSTING_MAX_DAYS).nullish() })
    .refine((v) => v.salaryMax >= v.salaryMin, { path: ['salaryMax'], message: 'must not be below salaryMin' });

/** Every field optional; null keeps the value. */
const updateSchema = (now: Date) => {
  const s = contentSchema(now).shape;
  return z.object({
    title: s.title.nullish(),
    category: s.category.nullish(),
    headcount: s.headcount.nullish(),
    salaryMin: s.salaryMin.nullish(),
    salaryMax: s.salaryMax.nullish(),
    education: s.education.nullish(),
    description: s.description.nullish(),
    contactName: s.contactName.nullish(),
    contactPhone: s.contactPhone.nullish(),
    expiresOn: s.expiresOn.nullish(),
  });
};

export type CreateJobPostingInput = z.input<ReturnType<typeof createSchema>>;
export type UpdateJobPostingInput = z.input<ReturnType<typeof updateSchema>>;

export interface JobPostingListArgs extends PageArgs {
  filter?: JobPostingFilter | null;
}

/** What a posting's version keeps (the contact, personal data, is not kept in the history). */
export function postingContent(row: JobPostingRow): Record<string, unknown> {
  return {
    title: row.title,
    category: row.category,
    headcount: row.headcount,
    salaryMin: row.salaryMin,
    salaryMax: row.salaryMax,
    education: row.education,
    description: row.description,
    countyCode: row.countyCode,
    expiresOn: row.expiresOn,
  };
}

export class JobPostingService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: JobPostingStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  private deps(): StepDeps<JobPostingRow, NewJobPosting> {
    return {
      name: 'jobPosting',
      db: this.db,
      principal: this.principal,
      now: this.now,
      store: this.store,
      history: this.history,
      outbox: this.outbox,
      events: jobPostingEvents,
      versions: jobPostingVersions,
      contentOf: postingContent,
    };
  }

  /** A visible posting, or null. */
  async byId(id: string): Promise<JobPostingRow | null> {
    assertUuid(id, 'id', 'is not a job posting id');
    return this.loaders.jobPosting.load(id);
  }

  /** An entity reference: a malformed id is simply not found. */
  async byReference(id: string): Promise<JobPostingRow | null> {
    return isUuid(id) ? this.loaders.jobPosting.load(id) : null;
  }

  async list(args: JobPostingListArgs) {
    const page = readPage(args, 2);
    const input = args.filter ?? {};
    if (input.salaryAtLeast !== undefined && input.salaryAtLeast !== null && input.salaryAtLeast < 0) {
      throw new BadUserInputError('filter.salaryAtLeast', 'must not be negative');
    }
    if (input.status && !(JOB_POSTING_STATUSES as readonly string[]).includes(input.status)) {
      throw new BadUserInputError('filter.status', 'unknown status');
    }
    const filter: JobPostingFilter = {
      ...input,
      countyCode: readCountyFilter(input.countyCode, 'filter.countyCode'),
      keyword: readKeyword(input.keyword, 'filter.keyword'),
    };
    const rows = await this.store.list(filter, page, this.now);
    for (const row of rows) this.loaders.jobPosting.prime(row.id, row);
    return toConnection(rows, page.limit, postingCursor, () => this.store.count(filter, this.now));
  }

  /**
   * The first postings of an enterprise visible to the caller (batched over every enterprise of the request); only
   * their count when the query reads nothing else (`rows` false).
   */
  async ofEnterprise(creditCode: string, first: number | null | undefined, rows = true) {
    const page = readPage({ first }, 2);
    if (!rows)
      return countOnlyConnection<JobPostingRow>(() => this.loaders.jobPostingCountByEnterprise.load(creditCode));
    return this.loaders.jobPostingsByEnterprise(page.limit).load(creditCode);
  }

  availableActions(row: JobPostingRow): JobPostingAction[] {
    return availableActions(jobPostingWorkflow, row.status, this.principal, row);
  }

  /** Enterprise users act on their postings; 人社局 staff moderate and keep them; others may not. */
  private requireActor(enterpriseOnly: boolean, message: string): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (isEnterpriseUser(p)) return;
    if (!enterpriseOnly && p.role === 'staff' && p.dept === HRSS) return;
    throw new ForbiddenError(message);
  }

  private requireModerator(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (p.role !== 'staff' || p.dept !== HRSS) {
      throw new ForbiddenError('Only 人社局 staff moderate job postings (仅人社局工作人员可审核招聘岗位).');
    }
  }

  /** The posting as the caller may see it, else NOT_FOUND (as for an id that does not exist). */
  private async load(id: string): Promise<JobPostingRow> {
    assertUuid(id, 'id', 'is not a job posting id');
    const row = await this.loaders.jobPosting.load(id);
    if (!row) throw new NotFoundError('JobPosting', id);
    return row;
  }

  private async step(spec: StepSpec<JobPostingRow, NewJobPosting>): Promise<JobPostingRow> {
    const updated = await runStep(this.deps(), spec);
    this.loaders.jobPosting.clear(updated.id).prime(updated.id, updated);
    return updated;
  }

  /** 人社局 of the posting's unit is told of a posting waiting for moderation; the enterprise gets a receipt. */
  private toModerators(row: JobPostingRow, eventId: number): OutboundMessage[] {
    return [
      {
        topic: 'jobPosting.submitted',
        idempotencyKey: `jobPosting.submitted:inbox:${row.id}:${eventId}`,
        countyCode: row.countyCode,
        channel: 'inbox',
        to: { dept: HRSS, county: row.countyCode },
        ...messages.render('jobPosting.submitted', { title: row.title }),
        data: { jobPostingId: row.id },
      },
      ...this.toEnterprise(row, eventId, 'jobPosting.received', messages.render('jobPosting.received', row), false),
    ];
  }

  /** The posting enterprise is told in the app and, for moderation results and take-downs, by SMS to its contact. */
  private toEnterprise(
    row: JobPostingRow,
    eventId: number,
    topic: MessageName,
    rendered: ReturnType<typeof messages.render>,
    sms: boolean,
  ): OutboundMessage[] {
    const base = { topic, countyCode: row.countyCode, ...rendered, data: { jobPostingId: row.id } };
    const list: OutboundMessage[] = [
      {
        ...base,
        idempotencyKey: `${topic}:inbox:${row.id}:${eventId}`,
        channel: 'inbox',
        to: { enterprise: row.enterpriseCode },
      },
    ];
    if (sms) {
      list.push({
        ...base,
        idempotencyKey: `${topic}:sms:${row.id}:${eventId}`,
        channel: 'sms',
        phone: row.contactPhone,
      });
    }
    return list;
  }

  /** A posting whose last day has passed may not go public before it gets a new one. */
  private assertOpenDay(row: JobPostingRow, expiresOn: string | null | undefined, field: string): void {
    if (!expiresOn && isPastExpiry(row.expiresOn, this.now)) {
      throw new BadUserInputError(field, 'is required: the last day of the posting has passed');
    }
  }

  /** 新建岗位: a draft of the caller's enterprise, in the unit of its credit code unless another is given. */
  async create(input: CreateJobPostingInput): Promise<JobPostingRow> {
    this.requireActor(true, 'Only enterprise users post job postings (仅企业用户可发布招聘岗位).');
    const enterprise = this.principal.enterprise!;
    const data = parseInput(createSchema(this.now), input);
    const countyCode = unitOfEnterprise(enterprise, data.countyCode, 'input.countyCode');
    const status = jobPostingWorkflow.next(null, 'CREATE', this.principal);
    const row = await createRecord(
      this.deps(),
      {
        ...data,
        expiresOn: data.expiresOn ?? addDays(chinaDay(this.now), DEFAULT_POSTING_DAYS),
        enterpriseCode: enterprise,
        status,
        submittedBy: this.principal.sub ?? enterprise,
        departmentCode: HRSS,
        countyCode,
        revisedAt: this.now,
        createdAt: this.now,
        updatedAt: this.now,
      },
      'CREATE',
    );
    this.loaders.jobPosting.prime(row.id, row);
    return row;
  }

  /** 提交审核: a draft, or a rejected or withdrawn posting, goes to 人社局 of its unit. */
  async submit(id: string): Promise<JobPostingRow> {
    this.requireActor(true, 'Only the posting enterprise submits it (仅招聘企业可提交岗位).');
    const row = await this.load(id);
    const to = jobPostingWorkflow.next(row.status, 'SUBMIT', this.principal, row);
    if (isPastExpiry(row.expiresOn, this.now)) {
      throw new ConflictError('jobPosting: its last day has passed; update expiresOn first.', { id });
    }
    return this.step({
      row,
      step: 'SUBMIT',
      to,
      set: { submittedAt: this.now, withdrawnAt: null, withdrawalReason: null },
      messages: (r, eventId) => this.toModerators(r, eventId),
    });
  }

  /** 审核通过: published; the enterprise is told. */
  async approve(id: string): Promise<JobPostingRow> {
    this.requireModerator();
    const row = await this.load(id);
    const to = jobPostingWorkflow.next(row.status, 'APPROVE', this.principal, row);
    if (isPastExpiry(row.expiresOn, this.now)) {
      throw new ConflictError('jobPosting: its last day has passed; the enterprise must update it first.', { id });
    }
    return this.step({
      row,
      step: 'APPROVE',
      to,
      set: {
        publishedAt: row.publishedAt ?? this.now,
        reviewedAt: this.now,
        reviewedBy: this.principal.sub ?? HRSS,
        rejectionReason: null,
      },
      messages: (r, eventId) =>
        this.toEnterprise(
          r,
          eventId,
          'jobPosting.approved',
          messages.render('jobPosting.approved', { title: r.title, expiresOn: r.expiresOn ?? '' }),
          true,
        ),
    });
  }

  /** 审核不通过: refused with the reason, which the enterprise is told. */
  async reject(id: string, reason: string): Promise<JobPostingRow> {
    this.requireModerator();
    const note = parseInput(fields.text(2, 500), reason, 'reason');
    const row = await this.load(id);
    const to = jobPostingWorkflow.next(row.status, 'REJECT', this.principal, row);
    return this.step({
      row,
      step: 'REJECT',
      to,
      set: { rejectionReason: note, reviewedAt: this.now, reviewedBy: this.principal.sub ?? HRSS },
      note,
      messages: (r, eventId) =>
        this.toEnterprise(
          r,
          eventId,
          'jobPosting.rejected',
          messages.render('jobPosting.rejected', { title: r.title, reason: note }),
          true,
        ),
    });
  }

  /**
   * 更新: a new version. The enterprise's change of a published, closed or expired posting goes to moderation again;
   * 人社局's correction keeps the state and is told to the enterprise.
   */
  async update(id: string, input: UpdateJobPostingInput): Promise<JobPostingRow> {
    this.requireActor(
      false,
      'Only the posting enterprise and 人社局 update a job posting (仅招聘企业和人社局可更新岗位).',
    );
    const changes = given(parseInput(updateSchema(this.now), input ?? {}));
    if (Object.keys(changes).length === 0) throw new BadUserInputError('input', 'must change at least one field');
    const row = await this.load(id);
    const to = jobPostingWorkflow.next(row.status, 'UPDATE', this.principal, row);
    const salaryMin = changes.salaryMin ?? row.salaryMin;
    const salaryMax = changes.salaryMax ?? row.salaryMax;
    if (salaryMax < salaryMin) throw new BadUserInputError('input.salaryMax', 'must not be below salaryMin');
    const moderated = to === 'PENDING_REVIEW' && row.status !== 'PENDING_REVIEW';
    if (moderated) this.assertOpenDay(row, changes.expiresOn, 'input.expiresOn');
    const byStaff = hrssKeeper(this.principal, row);
    return this.step({
      row,
      step: 'UPDATE',
      to,
      set: { ...changes, ...(moderated ? { submittedAt: this.now } : {}) },
      revise: true,
      messages: (r, eventId) =>
        byStaff
          ? this.toEnterprise(r, eventId, 'jobPosting.corrected', messages.render('jobPosting.corrected', r), false)
          : moderated
            ? this.toModerators(r, eventId)
            : [],
    });
  }

  /** 关闭: no new applications; the enterprise (or 人社局) closes a published posting. */
  async close(id: string, reason: string | null | undefined): Promise<JobPostingRow> {
    this.requireActor(
      false,
      'Only the posting enterprise and 人社局 close a job posting (仅招聘企业和人社局可关闭岗位).',
    );
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = jobPostingWorkflow.next(row.status, 'CLOSE', this.principal, row);
    return this.step({
      row,
      step: 'CLOSE',
      to,
      set: { closedAt: this.now },
      note,
      messages: (r, eventId) =>
        this.toEnterprise(r, eventId, 'jobPosting.closed', messages.render('jobPosting.closed', r), false),
    });
  }

  /** 重新开放: a closed or expired posting is published again, with a new last day when the old one has passed. */
  async reopen(id: string, expiresOn: string | null | undefined): Promise<JobPostingRow> {
    this.requireActor(true, 'Only the posting enterprise reopens it (仅招聘企业可重新开放岗位).');
    const day = parseInput(fields.expiresOn(this.now, POSTING_MAX_DAYS).nullish(), expiresOn, 'expiresOn');
    const row = await this.load(id);
    const to = jobPostingWorkflow.next(row.status, 'REOPEN', this.principal, row);
    this.assertOpenDay(row, day, 'expiresOn');
    return this.step({
      row,
      step: 'REOPEN',
      to,
      set: { reopenedAt: this.now, closedAt: null, expiredAt: null, ...(day ? { expiresOn: day } : {}) },
      revise: !!day,
      messages: (r, eventId) =>
        this.toEnterprise(
          r,
          eventId,
          'jobPosting.reopened',
          messages.render('jobPosting.reopened', { title: r.title, expiresOn: r.expiresOn ?? '' }),
          false,
        ),
    });
  }

  /** 撤回: by the enterprise, or 下架 by 人社局 with a reason that the enterprise is told. */
  async withdraw(id: string, reason: string | null | undefined): Promise<JobPostingRow> {
    this.requireActor(
      false,
      'Only the posting enterprise and 人社局 withdraw a job posting (仅招聘企业和人社局可撤回岗位).',
    );
    const staff = this.principal.role === 'staff';
    const note = staff
      ? parseInput(fields.text(2, 500), reason ?? '', 'reason')
      : parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = jobPostingWorkflow.next(row.status, 'WITHDRAW', this.principal, row);
    return this.step({
      row,
      step: 'WITHDRAW',
      to,
      set: { withdrawnAt: this.now, withdrawalReason: staff ? note : null },
      note,
      messages: (r, eventId) =>
        staff
          ? this.toEnterprise(
              r,
              eventId,
              'jobPosting.withdrawn',
              messages.render('jobPosting.withdrawn', { title: r.title, reason: note ?? '' }),
              true,
            )
          : [],
    });
  }
}
