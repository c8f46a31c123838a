/**
 * Rules of job postings (招聘岗位): filters and pages of the visible postings, the submission by an enterprise and the
 * review by 人社局. Access checks come first; each transition writes the row, its event and its notification in one
 * transaction.
 */
import type { Database } from '@qq/db/client';
import { EDUCATION_LEVELS, JOB_CATEGORIES, JOB_POSTING_STATUSES } from '@qq/db/schema/talent';
import {
  assertUuid,
  BadUserInputError,
  ConflictError,
  countyCodeSchema,
  eventValues,
  ForbiddenError,
  inTransaction,
  NotFoundError,
  parseInput,
  readCountyFilter,
  readKeyword,
  readPage,
  toConnection,
  unitOfEnterprise,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import type { Loaders } from '../loaders.ts';
import {
  postingCursor,
  type JobPostingFilter,
  type JobPostingRow,
  type JobPostingStore,
} from '../store/job-postings.store.ts';
import { REVIEWING_DEPARTMENT } from '../store/scope.ts';
import { jobPostingWorkflow } from './job-posting.workflow.ts';

const MOBILE_OR_LANDLINE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

const submitSchema = z
  .object({
    countyCode: countyCodeSchema.nullish(),
    title: z.string().trim().min(2, 'must be 2 to 60 characters').max(60, 'must be 2 to 60 characters'),
    category: z.enum(JOB_CATEGORIES),
    headcount: z.number().int().min(1, 'must be 1 to 9999').max(9999, 'must be 1 to 9999'),
    salaryMin: z.number().int().min(1, 'must be 1 to 1,000,000 yuan').max(1_000_000, 'must be 1 to 1,000,000 yuan'),
    salaryMax: z.number().int().min(1, 'must be 1 to 1,000,000 yuan').max(1_000_000, 'must be 1 to 1,000,000 yuan'),
    education: z.enum(EDUCATION_LEVELS),
    description: z.string().trim().min(10, 'must be 10 to 2000 characters').max(2000, 'must be 10 to 2000 characters'),
    contactName: z.string().trim().min(1, 'must be 1 to 30 characters').max(30, 'must be 1 to 30 characters'),
    contactPhone: z
      .string()
      .trim()
      .regex(MOBILE_OR_LANDLINE, 'must be a mobile number or a landline such as 0375-1234567'),
  })
  .refine((v) => v.salaryMax >= v.salaryMin, { path: ['salaryMax'], message: 'must not be below salaryMin' });

export type SubmitJobPostingInput = z.input<typeof submitSchema>;

export interface JobPostingListArgs extends PageArgs {
  filter?: JobPostingFilter | null;
}

export class JobPostingService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: JobPostingStore,
    private readonly loaders: Loaders,
  ) {}

  /** A visible posting, or null. */
  async byId(id: string): Promise<JobPostingRow | null> {
    assertUuid(id, 'id', 'is not a job posting id');
    return this.loaders.jobPosting.load(id);
  }

  async list(args: JobPostingListArgs) {
    const page = readPage(args, 2);
    const given = args.filter ?? {};
    if (given.salaryAtLeast !== undefined && given.salaryAtLeast !== null && given.salaryAtLeast < 0) {
      throw new BadUserInputError('filter.salaryAtLeast', 'must not be negative');
    }
    if (given.status && !(JOB_POSTING_STATUSES as readonly string[]).includes(given.status)) {
      throw new BadUserInputError('filter.status', 'unknown status');
    }
    const filter: JobPostingFilter = {
      ...given,
      countyCode: readCountyFilter(given.countyCode, 'filter.countyCode'),
      keyword: readKeyword(given.keyword, 'filter.keyword'),
    };
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.jobPosting.prime(row.id, row);
    return toConnection(rows, page.limit, postingCursor, () => this.store.count(filter));
  }

  /** The first postings of an enterprise visible to the caller (batched over every enterprise of the request). */
  async ofEnterprise(creditCode: string, first: number | null | undefined) {
    const page = readPage({ first }, 2);
    return this.loaders.jobPostingsByEnterprise(page.limit).load(creditCode);
  }

  /** Submits a posting of the caller's enterprise: PENDING_REVIEW, its event and the reviewers' notification. */
  async submit(raw: SubmitJobPostingInput): Promise<JobPostingRow> {
    const enterpriseCode = this.principal.role === 'enterprise' ? this.principal.enterprise : null;
    if (!enterpriseCode) throw new ForbiddenError('Only enterprise users submit job postings (仅企业用户可发布岗位).');
    const input = parseInput(submitSchema, raw, 'input');
    const countyCode = unitOfEnterprise(enterpriseCode, input.countyCode, 'input.countyCode');
    const status = jobPostingWorkflow.next(null, 'submit', this.principal);
    const row = await inTransaction(this.db, async (tx) => {
      const created = await this.store.insert(tx, {
        enterpriseCode,
        title: input.title,
        category: input.category,
        headcount: input.headcount,
        salaryMin: input.salaryMin,
        salaryMax: input.salaryMax,
        education: input.education,
        description: input.description,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        status,
        submittedBy: this.principal.sub ?? enterpriseCode,
        submittedAt: new Date(),
        departmentCode: REVIEWING_DEPARTMENT,
        countyCode,
      });
      await this.store.insertEvent(
        tx,
        eventValues(this.principal, { subjectId: created.id, action: 'submit', fromStatus: null, toStatus: status }),
      );
      await this.store.enqueue(tx, {
        topic: 'notify.jobposting.pending',
        idempotencyKey: `jobposting.pending:${created.id}`,
        payload: {
          postingId: created.id,
          title: created.title,
          enterpriseCode,
          recipients: { departmentCode: REVIEWING_DEPARTMENT, countyCode },
          message: `有新的招聘岗位待审核：${created.title}`,
        },
      });
      return created;
    });
    this.loaders.jobPosting.prime(row.id, row);
    return row;
  }

  /** Approves (publishes) or rejects a pending posting in the caller's scope; the enterprise is notified. */
  async review(id: string, approve: boolean, reason: string | null | undefined): Promise<JobPostingRow> {
    if (this.principal.role !== 'staff' || this.principal.dept !== REVIEWING_DEPARTMENT) {
      throw new ForbiddenError('Only 人社局 staff review job postings (仅人社局工作人员可审核).');
    }
    assertUuid(id, 'id', 'is not a job posting id');
    const note = reason?.trim() || null;
    if (!approve && !note) throw new BadUserInputError('reason', 'is required when rejecting');
    if (note && [...note].length > 500) throw new BadUserInputError('reason', 'must be at most 500 characters');
    const action = approve ? 'approve' : 'reject';
    const row = await inTransaction(this.db, async (tx) => {
      const current = await this.store.lockById(tx, id);
      if (!current) throw new NotFoundError('JobPosting', id);
      const to = jobPostingWorkflow.next(current.status, action, this.principal, current);
      const now = new Date();
      const updated = await this.store.transition(tx, id, current.status, {
        status: to,
        reviewedBy: this.principal.sub,
        reviewedAt: now,
        publishedAt: to === 'PUBLISHED' ? now : null,
        rejectionReason: to === 'REJECTED' ? note : null,
      });
      if (!updated) throw new ConflictError(`JobPosting ${id} changed meanwhile (状态已变更).`);
      await this.store.insertEvent(
        tx,
        eventValues(this.principal, { subjectId: id, action, fromStatus: current.status, toStatus: to, note }),
      );
      await this.store.enqueue(tx, {
        topic: 'notify.jobposting.reviewed',
        idempotencyKey: `jobposting.reviewed:${id}:${to}`,
        payload: {
          postingId: id,
          title: updated.title,
          status: to,
          reason: note,
          recipients: { enterpriseCode: updated.enterpriseCode },
          message:
            to === 'PUBLISHED'
              ? `您的招聘岗位“${updated.title}”已通过审核并发布。`
              : `您的招聘岗位“${updated.title}”未通过审核：${note ?? ''}`,
        },
      });
      return updated;
    });
    this.loaders.jobPosting.clear(id).prime(id, row);
    return row;
  }
}
