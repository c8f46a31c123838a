/** The statement of the public view of matters (`public.ts`): only the columns it publishes, newest first. */
import type { Database } from '@qq/db/client';
import { matters } from '@qq/db/schema/complaints';
import { and, desc, gte, inArray, lte, not, type SQL } from 'drizzle-orm';
import { anyOf } from '@qq/kit';
import { OPEN_STATUSES } from '../domain.ts';
import type { PublicMatterRow } from '../public.ts';

export interface PublicFilter {
  categories?: readonly string[] | null;
  open?: boolean | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
  referenceNos?: readonly string[] | null;
}

export class PublicMatterStore {
  constructor(private readonly db: Database) {}

  /** listPublicMatters: at most `limit` matters, newest first. */
  list(filter: PublicFilter, limit: number): Promise<PublicMatterRow[]> {
    const open = anyOf(matters.status, OPEN_STATUSES);
    const where: Array<SQL | undefined> = [
      filter.categories?.length ? inArray(matters.category, [...filter.categories]) : undefined,
      filter.open === true ? open : filter.open === false ? not(open) : undefined,
      filter.submittedFrom ? gte(matters.submittedAt, filter.submittedFrom) : undefined,
      filter.submittedTo ? lte(matters.submittedAt, filter.submittedTo) : undefined,
      filter.referenceNos ? inArray(matters.referenceNo, [...filter.referenceNos]) : undefined,
    ];
    return this.db
      .select({
        referenceNo: matters.referenceNo,
        kind: matters.kind,
        category: matters.category,
        status: matters.status,
        departmentCode: matters.departmentCode,
        countyCode: matters.countyCode,
        submittedAt: matters.submittedAt,
        updatedAt: matters.updatedAt,
        resolveDueAt: matters.resolveDueAt,
      })
      .from(matters)
      .where(and(...where))
      .orderBy(desc(matters.submittedAt), desc(matters.id))
      .limit(limit);
  }
}
