/**
 * The staff inbox (待办事项): the matters of the caller's unit, nearest deadline first, with counts by state. Staff (their
 * department and county; 发改委 their county), admins (their county scope; 410400 all), leaders (all, contact data
 * masked); a department's system as its staff.
 */
import {
  BadUserInputError,
  ForbiddenError,
  isUuid,
  parseInput,
  readPage,
  toConnection,
  UnauthenticatedError,
  type Page,
  type PageArgs,
  type Principal,
} from '@qq/kit';
import { z } from 'zod';
import { CATEGORIES, CLOCK_STEPS, STATUSES } from '../domain.ts';
import type { Loaders } from '../loaders.ts';
import type { InboxFilter, InboxStore } from '../store/inbox.store.ts';
import { instant } from './matter.service.ts';
import { instantOrDay } from './validation.ts';

const inboxFilterInput = z
  .object({
    status: z.array(z.enum(STATUSES)).nullish(),
    stage: z.enum(CLOCK_STEPS).nullish(),
    overdue: z.boolean().nullish(),
    category: z.enum(CATEGORIES).nullish(),
    submittedFrom: instantOrDay.nullish(),
    submittedTo: instantOrDay.nullish(),
  })
  .nullish();

const INBOX_ROLES: ReadonlyArray<Principal['role']> = ['staff', 'admin', 'leader', 'system'];

/** `first`/`after` of the inbox; the cursor is `[deadline ISO or "infinity", id]`. */
function readInboxPage(args: PageArgs): Page {
  const page = readPage(args, 2);
  if (page.after) {
    const [due, id] = page.after;
    const validDue = due === 'infinity' || (typeof due === 'string' && !Number.isNaN(Date.parse(due)));
    if (!validDue || typeof id !== 'string' || !isUuid(id)) {
      throw new BadUserInputError('after', 'is not a cursor returned by this list');
    }
  }
  return page;
}

export class InboxService {
  constructor(private readonly deps: { principal: Principal; store: InboxStore; loaders: Loaders; now: Date }) {}

  async inbox(args: PageArgs & { filter?: unknown }) {
    const { principal, store, loaders, now } = this.deps;
    if (principal.role === 'anonymous') throw new UnauthenticatedError();
    if (!INBOX_ROLES.includes(principal.role)) throw new ForbiddenError('The inbox is for staff, admins and leaders.');
    const page = readInboxPage(args);
    const input = parseInput(inboxFilterInput, args.filter, 'filter') ?? {};
    const filter: InboxFilter = {
      ...input,
      submittedFrom: input.submittedFrom ? instant(input.submittedFrom, 'start') : null,
      submittedTo: input.submittedTo ? instant(input.submittedTo, 'end') : null,
    };
    if (filter.submittedFrom && filter.submittedTo && filter.submittedFrom > filter.submittedTo) {
      throw new BadUserInputError('filter.submittedTo', 'must not be before filter.submittedFrom');
    }
    const rows = await store.list(filter, page, now);
    for (const row of rows) loaders.matter.prime(row.id, row);
    const connection = toConnection(
      rows,
      page.limit,
      (r) => [r.inboxDueAt?.toISOString() ?? 'infinity', r.id],
      () => store.count(filter, now),
    );
    return {
      ...connection,
      counts: async () => {
        const found = new Map((await store.countsByStatus(filter, now)).map((c) => [c.status, c]));
        return STATUSES.map((status) => found.get(status) ?? { status, count: 0, overdue: 0 });
      },
    };
  }
}
