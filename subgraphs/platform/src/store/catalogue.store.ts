/** Every SQL statement on the service catalogue: `platform.services`, its events and its versions. */
import type { Database } from '@qq/db/client';
import { serviceEvents, services, serviceVersions } from '@qq/db/schema/platform';
import { afterCursor, containsPattern, orderBy, readScope, type Principal, type Tx, anyOf } from '@qq/kit';
import { and, asc, count, eq, or, sql, type SQL } from 'drizzle-orm';
import { FACILITATION_SCOPE } from '../service/facilitation.workflows.ts';

export type ServiceRow = typeof services.$inferSelect;
export type ServiceInsert = typeof services.$inferInsert;
export type ServiceEventRow = typeof serviceEvents.$inferSelect;
export type ServiceVersionRow = typeof serviceVersions.$inferSelect;

export interface ServiceListFilter {
  keyword: string | null;
  category: string | null;
  departmentCode: string | null;
  countyCode: string | null;
  status: string | null;
}

/** The bigrams of a keyword as `platform.bigrams` computes them (lower-cased, none containing white space). */
export function keywordBigrams(keyword: string): string[] {
  const chars = [...keyword.toLowerCase()];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    if (!/\s/.test(gram)) grams.add(gram);
  }
  return [...grams];
}

const searchText = sql`${services.name} || chr(10) || ${services.conditions}`;

/**
 * Every bigram of the keyword is in the row's bigram array (the GIN index), rechecked by ILIKE when the keyword is
 * longer than two characters (its bigrams may sit apart in the text).
 */
function keywordCondition(keyword: string): SQL {
  const grams = keywordBigrams(keyword);
  const contains = sql`${services.searchBigrams} @> ARRAY[${sql.join(
    grams.map((g) => sql`${g}`),
    sql`, `,
  )}]::text[]`;
  return [...keyword].length === 2 && grams.length === 1
    ? contains
    : and(contains, sql`${searchText} ilike ${containsPattern(keyword)}`)!;
}

const SORT = [services.name, services.id];

export class CatalogueStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): CatalogueStore {
    return new CatalogueStore(db, this.principal);
  }

  /** Published entries for everyone, and the entries of the caller's scope; undefined: every entry. */
  private visible(): SQL | undefined {
    const scope = readScope(
      this.principal,
      { departmentCode: services.departmentCode, countyCode: services.countyCode },
      FACILITATION_SCOPE,
    );
    return scope === undefined ? undefined : or(eq(services.status, 'PUBLISHED'), scope);
  }

  private where(filter: ServiceListFilter): SQL | undefined {
    return and(
      this.visible(),
      filter.keyword ? keywordCondition(filter.keyword) : undefined,
      filter.category ? eq(services.category, filter.category as ServiceRow['category']) : undefined,
      filter.departmentCode ? eq(services.departmentCode, filter.departmentCode) : undefined,
      filter.countyCode ? eq(services.countyCode, filter.countyCode) : undefined,
      filter.status ? eq(services.status, filter.status as ServiceRow['status']) : undefined,
    );
  }

  /** listServices: by name, keyset after the cursor. */
  list(filter: ServiceListFilter, limit: number, after: unknown[] | null): Promise<ServiceRow[]> {
    return this.db
      .select()
      .from(services)
      .where(and(this.where(filter), afterCursor(SORT, after, 'asc')))
      .orderBy(...orderBy(SORT, 'asc'))
      .limit(limit);
  }

  /** countServices */
  async count(filter: ServiceListFilter): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(services).where(this.where(filter));
    return Number(row?.n ?? 0);
  }

  /** findServicesByIds: the visible ones only. */
  findByIds(ids: readonly string[]): Promise<ServiceRow[]> {
    return this.db
      .select()
      .from(services)
      .where(and(anyOf(services.id, ids), this.visible()));
  }

  /** findServiceForUpdate: the visible entry, locked until the transaction ends. */
  async findForUpdate(id: string): Promise<ServiceRow | null> {
    const [row] = await this.db
      .select()
      .from(services)
      .where(and(eq(services.id, id), this.visible()))
      .for('update');
    return row ?? null;
  }

  /** insertService */
  async insert(values: ServiceInsert): Promise<ServiceRow> {
    const [row] = await this.db.insert(services).values(values).returning();
    return row!;
  }

  /** updateService: only while it is in the state and version it was read in. */
  async transition(
    id: string,
    from: { status: string; version: number },
    set: Partial<ServiceInsert>,
  ): Promise<ServiceRow | null> {
    const [row] = await this.db
      .update(services)
      .set(set)
      .where(
        and(
          eq(services.id, id),
          eq(services.status, from.status as ServiceRow['status']),
          eq(services.version, from.version),
        ),
      )
      .returning();
    return row ?? null;
  }

  /** insertServiceEvent */
  async appendEvent(values: typeof serviceEvents.$inferInsert): Promise<number> {
    const [row] = await this.db.insert(serviceEvents).values(values).returning({ id: serviceEvents.id });
    return row!.id;
  }

  /** insertServiceVersion */
  async appendVersion(values: typeof serviceVersions.$inferInsert): Promise<void> {
    await this.db.insert(serviceVersions).values(values);
  }

  /** listServiceEvents: of several entries, oldest first. */
  events(ids: readonly string[]): Promise<ServiceEventRow[]> {
    return this.db
      .select()
      .from(serviceEvents)
      .where(anyOf(serviceEvents.subjectId, ids))
      .orderBy(asc(serviceEvents.id));
  }

  /** listServiceVersions: of several entries, oldest first. */
  versions(ids: readonly string[]): Promise<ServiceVersionRow[]> {
    return this.db
      .select()
      .from(serviceVersions)
      .where(anyOf(serviceVersions.subjectId, ids))
      .orderBy(asc(serviceVersions.subjectId), asc(serviceVersions.version));
  }
}
