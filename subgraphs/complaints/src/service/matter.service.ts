/**
 * Rules of matters (诉求与投诉, Art. 7): who may do what, input validation, the transactions of the workflow. Access
 * checks come first in every method; row visibility is the store's SQL scope.
 */
import type { Database } from '@qq/db/client';
import {
  assertUuid,
  BadUserInputError,
  ConflictError,
  endOfChinaDay,
  eventValues,
  ForbiddenError,
  inTransaction,
  isUuid,
  NotFoundError,
  parseInput,
  readPage,
  toConnection,
  UnauthenticatedError,
  unitOfEnterprise,
  type Connection,
  type Page,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { deadlinesFor, type ClockProfile } from '../clock.ts';
import {
  FIRST_HANDLER,
  KIND_LABEL,
  KIND_PREFIX,
  REFERENCE_PATTERN,
  formatReference,
  referenceDay,
  type MatterStatus,
} from '../domain.ts';
import { matterCursor, type Loaders } from '../loaders.ts';
import { MatterWriter, type MatterFilter, type MatterRow, type MatterStore } from '../store/matters.store.ts';
import { messages } from '../messages.ts';
import { matterWorkflow } from './matter.workflow.ts';
import { matterFilterInput, submitMatterInput } from './validation.ts';

export interface MatterServiceDeps {
  principal: Principal;
  db: Database;
  store: MatterStore;
  loaders: Loaders;
  clock: ClockProfile;
  /** The instant of the request: clocks and overdue flags of one response agree. */
  now: Date;
}

/** `first`/`after` of a matter list; the cursor is `[submittedAt, id]`. */
export function readMatterPage(args: PageArgs): Page {
  const page = readPage(args, 2);
  if (page.after) {
    const [at, id] = page.after;
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id)) {
      throw new BadUserInputError('after', 'is not a cursor returned by this list');
    }
  }
  return page;
}

function startOfChinaDay(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

function instant(value: string, edge: 'start' | 'end'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return edge === 'start' ? startOfChinaDay(value) : endOfChinaDay(value);
  return new Date(value);
}

export class MatterService {
  constructor(private readonly deps: MatterServiceDeps) {}

  private get principal() {
    return this.deps.principal;
  }

  /** Readers of matters: enterprise users (their own), staff, analysts, admins. */
  private requireReader(): void {
    const { role } = this.principal;
    if (role === 'anonymous') throw new UnauthenticatedError();
    if (role === 'person') throw new ForbiddenError();
  }

  async list(args: PageArgs & { filter?: unknown }): Promise<Connection<MatterRow>> {
    this.requireReader();
    const page = readMatterPage(args);
    const input = parseInput(matterFilterInput, args.filter, 'filter') ?? {};
    const filter: MatterFilter = {
      ...input,
      submittedFrom: input.submittedFrom ? instant(input.submittedFrom, 'start') : null,
      submittedTo: input.submittedTo ? instant(input.submittedTo, 'end') : null,
    };
    if (filter.submittedFrom && filter.submittedTo && filter.submittedFrom > filter.submittedTo) {
      throw new BadUserInputError('filter.submittedTo', 'must not be before filter.submittedFrom');
    }
    const { store, loaders, now } = this.deps;
    const rows = await store.list(filter, page, now);
    for (const row of rows) loaders.matter.prime(row.id, row);
    return toConnection(rows, page.limit, matterCursor, () => store.count(filter, now));
  }

  async byId(id: string): Promise<MatterRow | null> {
    this.requireReader();
    assertUuid(id, 'id', 'is not a matter id');
    return this.deps.loaders.matter.load(id);
  }

  async byReference(referenceNo: string): Promise<MatterRow | null> {
    this.requireReader();
    const ref = referenceNo.trim().toUpperCase();
    if (!REFERENCE_PATTERN.test(ref)) {
      throw new BadUserInputError('referenceNo', 'must look like TS-20261127-0001 or SQ-20261127-0001');
    }
    return this.deps.loaders.matterByReference.load(ref);
  }

  /** Enterprise.matters: the first page of an enterprise's matters that the caller may see. */
  async ofEnterprise(creditCode: string, args: PageArgs): Promise<Connection<MatterRow>> {
    this.requireReader();
    const page = readMatterPage(args);
    return this.deps.loaders.mattersOfEnterprise(page).load(creditCode);
  }

  /** The workflow actions the caller may take on a matter now. */
  availableActions(row: MatterRow) {
    return matterWorkflow.available(row.status as MatterStatus, this.principal, row);
  }

  /**
   * 提交: an enterprise user submits a matter for its own enterprise. The matter, its event and the SMS telling the
   * enterprise its reference number are written in one transaction.
   */
  async submit(raw: unknown): Promise<MatterRow> {
    const principal = this.principal;
    if (principal.role === 'anonymous') throw new UnauthenticatedError();
    if (principal.role !== 'enterprise' || !principal.enterprise) throw new ForbiddenError();
    const enterpriseCode = principal.enterprise;
    const input = parseInput(submitMatterInput, raw, 'input');
    const countyCode = unitOfEnterprise(enterpriseCode, input.countyCode, 'input.countyCode');
    const status = matterWorkflow.next(null, 'SUBMIT', principal);
    const { clock, db } = this.deps;
    // Millisecond precision, as stored: the instant is part of the list cursor.
    const submittedAt = new Date(this.deps.now.getTime());
    const deadlines = deadlinesFor(clock, submittedAt);
    const row = await inTransaction(db, async (tx) => {
      const writer = new MatterWriter(tx);
      const day = referenceDay(submittedAt);
      const referenceNo = formatReference(input.kind, day, await writer.nextSequence(KIND_PREFIX[input.kind], day));
      const matter = await writer.insertMatter({
        referenceNo,
        kind: input.kind,
        category: input.category,
        title: input.title,
        content: input.content,
        enterpriseCode,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        status,
        clockProfile: clock.name,
        submittedAt,
        ...deadlines,
        departmentCode: FIRST_HANDLER,
        countyCode,
        createdAt: submittedAt,
        updatedAt: submittedAt,
      });
      await writer.insertEvent({
        ...eventValues(principal, {
          subjectId: matter.id,
          action: 'SUBMIT',
          fromStatus: null,
          toStatus: status,
          data: { referenceNo, departmentCode: FIRST_HANDLER, countyCode, clockProfile: clock.name },
        }),
        at: submittedAt,
      });
      const received = messages.render('matter.received', {
        kindLabel: KIND_LABEL[input.kind],
        title: input.title,
        referenceNo,
        signDays: clock.signDays,
        replyDays: clock.replyDays,
      });
      const data = { matterId: matter.id, referenceNo };
      await writer.enqueue([
        {
          topic: 'matter.received',
          idempotencyKey: `matter.received:sms:${matter.id}`,
          countyCode,
          channel: 'sms',
          phone: input.contactPhone,
          ...received,
          data,
        },
        {
          topic: 'matter.received',
          idempotencyKey: `matter.received:inbox:${matter.id}`,
          countyCode,
          channel: 'inbox',
          to: { enterprise: enterpriseCode },
          ...received,
          data,
        },
      ]);
      return matter;
    });
    this.deps.loaders.matter.prime(row.id, row);
    return row;
  }

  /**
   * 签收: staff in scope sign for a submitted matter; their unit becomes the first acceptor (首接责任制). NOT_FOUND
   * when the matter is not visible to them, CONFLICT when it is no longer waiting to be signed for.
   */
  async sign(id: string): Promise<MatterRow> {
    const principal = this.principal;
    if (principal.role === 'anonymous') throw new UnauthenticatedError();
    if (principal.role !== 'staff' || !principal.dept || !principal.county) throw new ForbiddenError();
    assertUuid(id, 'id', 'is not a matter id');
    const { loaders, db } = this.deps;
    const row = await loaders.matter.load(id);
    if (!row) throw new NotFoundError('Matter', id);
    const from = row.status as MatterStatus;
    const to = matterWorkflow.next(from, 'SIGN', principal, row);
    const at = new Date(this.deps.now.getTime());
    const unit = { departmentCode: principal.dept, countyCode: principal.county };
    const updated = await inTransaction(db, async (tx) => {
      const writer = new MatterWriter(tx);
      const signed = await writer.markSigned(id, { from, to, at, ...unit });
      if (!signed) throw new ConflictError(`matter: "SIGN" is not possible, it was signed for meanwhile.`, { id });
      await writer.insertEvent({
        ...eventValues(principal, { subjectId: id, action: 'SIGN', fromStatus: from, toStatus: to, data: unit }),
        at,
      });
      return signed;
    });
    loaders.matter.clear(id).prime(id, updated);
    loaders.eventsOfMatter.clear(id);
    return updated;
  }
}
