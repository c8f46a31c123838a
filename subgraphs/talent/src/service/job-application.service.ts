/**
 * Rules of applications (应聘): a person applies to an open posting with a short résumé; the posting enterprise
 * shortlists, invites to an interview, rejects or hires, each step told to the person in the app and by SMS; the
 * person withdraws while it is open. Personal data (name, phone, résumé) is for the applicant, the posting enterprise
 * and 人社局; others (admins, analysts) see it masked.
 */
import type { Database } from '@qq/db/client';
import { EDUCATION_LEVELS, jobApplicationEvents } from '@qq/db/schema/talent';
import {
  assertUuid,
  BadUserInputError,
  ConflictError,
  createRecord,
  ForbiddenError,
  type HistoryStore,
  isPastExpiry,
  isUniqueViolation,
  isUuid,
  minuteSlot,
  NotFoundError,
  type OutboundMessage,
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
import { HRSS, isEnterpriseUser, isPerson } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import { messages, type MessageName } from '../messages.ts';
import {
  applicationCursor,
  type JobApplicationFilter,
  type JobApplicationRow,
  type JobApplicationStore,
  type NewJobApplication,
} from '../store/job-applications.store.ts';
import type { OutboxStore } from '../store/outbox.store.ts';
import { fields } from './input.ts';
import { applicant, availableActions, jobApplicationWorkflow, type JobApplicationAction } from './workflows.ts';

const submitSchema = z.object({
  jobPostingId: z.string().refine(isUuid, { message: 'is not a job posting id' }),
  name: fields.personName,
  phone: fields.mobile,
  education: z.enum(EDUCATION_LEVELS),
  yearsOfExperience: z
    .number()
    .int({ message: 'must be a whole number of years' })
    .min(0, { message: 'must be 0–60' })
    .max(60, { message: 'must be 0–60' }),
  resume: fields.text(10, 2000),
});

export type SubmitJobApplicationInput = z.input<typeof submitSchema>;

const instant = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'must be an ISO 8601 date and time, such as 2026-12-03T09:30:00+08:00',
});

export interface JobApplicationListArgs extends PageArgs {
  filter?: JobApplicationFilter | null;
}

export class JobApplicationService {
  constructor(
    private readonly principal: Principal,
    private readonly db: Database,
    private readonly store: JobApplicationStore,
    private readonly history: HistoryStore,
    private readonly outbox: OutboxStore,
    private readonly loaders: Loaders,
    private readonly now: Date,
  ) {}

  private deps(): StepDeps<JobApplicationRow, NewJobApplication> {
    return {
      name: 'jobApplication',
      db: this.db,
      principal: this.principal,
      now: this.now,
      store: this.store,
      history: this.history,
      outbox: this.outbox,
      events: jobApplicationEvents,
    };
  }

  /** Whether the caller reads the applicant's personal data in clear: the applicant, the enterprise, 人社局. */
  seesPersonalData(row: JobApplicationRow): boolean {
    const p = this.principal;
    if (applicant(p, row)) return true;
    if (isEnterpriseUser(p)) return p.enterprise === row.enterpriseCode;
    return p.role === 'staff' && p.dept === HRSS;
  }

  async byId(id: string): Promise<JobApplicationRow | null> {
    assertUuid(id, 'id', 'is not a job application id');
    return this.loaders.jobApplication.load(id);
  }

  async byReference(id: string): Promise<JobApplicationRow | null> {
    return isUuid(id) ? this.loaders.jobApplication.load(id) : null;
  }

  async list(args: JobApplicationListArgs) {
    const page = readPage(args, 2);
    const input = args.filter ?? {};
    if (input.jobPostingId) assertUuid(input.jobPostingId, 'filter.jobPostingId', 'is not a job posting id');
    const filter: JobApplicationFilter = {
      ...input,
      countyCode: readCountyFilter(input.countyCode, 'filter.countyCode'),
    };
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.jobApplication.prime(row.id, row);
    return toConnection(rows, page.limit, applicationCursor, () => this.store.count(filter));
  }

  /** The applications of a posting the caller may read (batched over every posting of the request). */
  ofPosting(postingId: string, args: { first?: number | null; status?: string | null }) {
    const page = readPage({ first: args.first }, 2);
    return this.loaders.applicationsByPosting({ limit: page.limit, status: args.status ?? null }).load(postingId);
  }

  /** The caller's (a person's) open application to a posting; null for others. */
  mine(postingId: string): Promise<JobApplicationRow | null> {
    return isPerson(this.principal) ? this.loaders.myApplicationByPosting.load(postingId) : Promise.resolve(null);
  }

  availableActions(row: JobApplicationRow): JobApplicationAction[] {
    return availableActions(jobApplicationWorkflow, row.status, this.principal, row);
  }

  private async load(id: string): Promise<JobApplicationRow> {
    assertUuid(id, 'id', 'is not a job application id');
    const row = await this.loaders.jobApplication.load(id);
    if (!row) throw new NotFoundError('JobApplication', id);
    return row;
  }

  private async step(spec: StepSpec<JobApplicationRow, NewJobApplication>): Promise<JobApplicationRow> {
    const updated = await runStep(this.deps(), spec);
    this.loaders.jobApplication.clear(updated.id).prime(updated.id, updated);
    return updated;
  }

  /** The person is told in the app and by SMS to the phone given with the application. */
  private toApplicant(
    row: JobApplicationRow,
    eventId: number,
    topic: MessageName,
    rendered: ReturnType<typeof messages.render>,
  ): OutboundMessage[] {
    const base = { topic, countyCode: row.countyCode, ...rendered, data: { jobApplicationId: row.id } };
    return [
      {
        ...base,
        idempotencyKey: `${topic}:inbox:${row.id}:${eventId}`,
        channel: 'inbox',
        to: { user: row.applicantSub },
      },
      { ...base, idempotencyKey: `${topic}:sms:${row.id}:${eventId}`, channel: 'sms', phone: row.phone },
    ];
  }

  private toEnterprise(row: JobApplicationRow, eventId: number, topic: MessageName): OutboundMessage {
    return {
      topic,
      idempotencyKey: `${topic}:inbox:${row.id}:${eventId}`,
      countyCode: row.countyCode,
      channel: 'inbox',
      to: { enterprise: row.enterpriseCode },
      ...messages.render(topic, { title: row.postingTitle }),
      data: { jobApplicationId: row.id, jobPostingId: row.postingId },
    };
  }

  private requireEnterprise(): void {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isEnterpriseUser(p)) {
      throw new ForbiddenError('Only the posting enterprise answers its applicants (仅招聘企业可处理应聘).');
    }
  }

  /** 应聘: a person applies to an open posting (one open application per posting). */
  async submit(input: SubmitJobApplicationInput): Promise<JobApplicationRow> {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isPerson(p)) throw new ForbiddenError('Only persons apply to job postings (仅求职者个人可应聘).');
    const data = parseInput(submitSchema, input);
    const posting = await this.loaders.jobPosting.load(data.jobPostingId);
    if (!posting) throw new NotFoundError('JobPosting', data.jobPostingId);
    if (posting.status !== 'PUBLISHED' || isPastExpiry(posting.expiresOn, this.now)) {
      throw new ConflictError('jobApplication: the posting is not open for applications (岗位未在招聘中).', {
        id: posting.id,
      });
    }
    const status = jobApplicationWorkflow.next(null, 'SUBMIT', p);
    try {
      const row = await createRecord(
        this.deps(),
        {
          postingId: posting.id,
          postingTitle: posting.title,
          enterpriseCode: posting.enterpriseCode,
          applicantSub: p.sub!,
          name: data.name,
          phone: data.phone,
          education: data.education,
          yearsOfExperience: data.yearsOfExperience,
          resume: data.resume,
          status,
          submittedAt: this.now,
          departmentCode: posting.departmentCode,
          countyCode: posting.countyCode,
          createdAt: this.now,
          updatedAt: this.now,
        },
        'SUBMIT',
        (r, eventId) => [
          this.toEnterprise(r, eventId, 'jobApplication.received'),
          ...this.toApplicant(
            r,
            eventId,
            'jobApplication.submitted',
            messages.render('jobApplication.submitted', { title: r.postingTitle, enterprise: r.enterpriseCode }),
          ),
        ],
      );
      this.loaders.jobApplication.prime(row.id, row);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('jobApplication: you have already applied to this posting (已应聘该岗位).', {
          id: posting.id,
        });
      }
      throw error;
    }
  }

  /** The enterprise's answer: the first one is the instant the evaluation counts. */
  private answered(row: JobApplicationRow) {
    return { answeredAt: row.answeredAt ?? this.now };
  }

  /** 初选通过 */
  async shortlist(id: string): Promise<JobApplicationRow> {
    this.requireEnterprise();
    const row = await this.load(id);
    const to = jobApplicationWorkflow.next(row.status, 'SHORTLIST', this.principal, row);
    return this.step({
      row,
      step: 'SHORTLIST',
      to,
      set: { ...this.answered(row), shortlistedAt: this.now },
      messages: (r, eventId) =>
        this.toApplicant(
          r,
          eventId,
          'jobApplication.shortlisted',
          messages.render('jobApplication.shortlisted', { title: r.postingTitle }),
        ),
    });
  }

  /** 邀请面试: when and where; inviting again reschedules. */
  async invite(id: string, interviewAt: string, place: string): Promise<JobApplicationRow> {
    this.requireEnterprise();
    const at = new Date(parseInput(instant, interviewAt, 'interviewAt'));
    if (at <= this.now) throw new BadUserInputError('interviewAt', 'must be in the future');
    const where = parseInput(fields.text(2, 100), place, 'place');
    const row = await this.load(id);
    const to = jobApplicationWorkflow.next(row.status, 'INVITE', this.principal, row);
    const when = minuteSlot(at).replace('T', ' ');
    return this.step({
      row,
      step: 'INVITE',
      to,
      set: { ...this.answered(row), invitedAt: this.now, interviewAt: at, interviewPlace: where },
      note: `${when} ${where}`,
      messages: (r, eventId) =>
        this.toApplicant(
          r,
          eventId,
          'jobApplication.invited',
          messages.render('jobApplication.invited', { title: r.postingTitle, at: when, place: where }),
        ),
    });
  }

  /** 不予录用, with an optional reason told to the person. */
  async reject(id: string, reason: string | null | undefined): Promise<JobApplicationRow> {
    this.requireEnterprise();
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = jobApplicationWorkflow.next(row.status, 'REJECT', this.principal, row);
    return this.step({
      row,
      step: 'REJECT',
      to,
      set: { ...this.answered(row), rejectedAt: this.now, rejectionReason: note },
      note,
      messages: (r, eventId) =>
        this.toApplicant(
          r,
          eventId,
          'jobApplication.rejected',
          messages.render('jobApplication.rejected', { title: r.postingTitle, reason: note ? `原因：${note}` : '' }),
        ),
    });
  }

  /** 录用 */
  async hire(id: string): Promise<JobApplicationRow> {
    this.requireEnterprise();
    const row = await this.load(id);
    const to = jobApplicationWorkflow.next(row.status, 'HIRE', this.principal, row);
    return this.step({
      row,
      step: 'HIRE',
      to,
      set: { ...this.answered(row), hiredAt: this.now },
      messages: (r, eventId) =>
        this.toApplicant(
          r,
          eventId,
          'jobApplication.hired',
          messages.render('jobApplication.hired', { title: r.postingTitle }),
        ),
    });
  }

  /** 撤回应聘: the person, while it is open; the enterprise is told. */
  async withdraw(id: string, reason: string | null | undefined): Promise<JobApplicationRow> {
    const p = this.principal;
    if (p.role === 'anonymous') throw new UnauthenticatedError();
    if (!isPerson(p)) throw new ForbiddenError('Only the applicant withdraws an application (仅应聘者本人可撤回).');
    const note = parseInput(fields.note(), reason, 'reason');
    const row = await this.load(id);
    const to = jobApplicationWorkflow.next(row.status, 'WITHDRAW', p, row);
    return this.step({
      row,
      step: 'WITHDRAW',
      to,
      set: { withdrawnAt: this.now },
      note,
      messages: (r, eventId) => [this.toEnterprise(r, eventId, 'jobApplication.withdrawn')],
    });
  }
}
