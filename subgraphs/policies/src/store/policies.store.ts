/**
 * Every SQL statement on the policy aggregate: `policies.policies`, `policies.policy_versions`,
 * `policies.redemption_items` and `policies.policy_events`. The store is bound to the caller: every read of rows that
 * are not public carries the caller's scope in its WHERE clause.
 */
import type { Database } from '@qq/db/client';
import {
  outbox,
  policies,
  policyEvents,
  policyVersions,
  redemptionItems,
  type PolicyStatus,
} from '@qq/db/schema/policies';
import {
  afterCursor,
  containsPattern,
  enqueueMessages,
  executeRows,
  firstRowsPerKey,
  orderBy,
  readScope,
  tableRead,
  type OutboundMessage,
  type Page,
  type Principal,
  anyOf,
} from '@qq/kit';
import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  lte,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import { MODULE_SCOPE } from '../access.ts';

/**
 * The columns a policy is read with: all but the generated search key (`searchBigrams`, about 140 bigrams a policy),
 * which only the search's WHERE reads.
 */
const { searchBigrams: _searchKey, ...POLICY_COLUMNS } = getTableColumns(policies);
/** The same columns for the search's statement (`tableRead`: its select list built once). */
const POLICY_READ = tableRead(policies, ['searchBigrams']);
export type PolicyRow = Omit<typeof policies.$inferSelect, 'searchBigrams'>;
/** A policy found by a keyword search, with its relevance tier (2: title, 1: summary, 0: full text). */
export type RankedPolicyRow = PolicyRow & { rank: number };
export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type PolicyEventRow = typeof policyEvents.$inferSelect;
export type ItemRow = typeof redemptionItems.$inferSelect;
export type NewPolicy = typeof policies.$inferInsert;
export type NewItem = typeof redemptionItems.$inferInsert;
export type NewPolicyEvent = typeof policyEvents.$inferInsert;
export type NewPolicyVersion = typeof policyVersions.$inferInsert;
/** An item with what an application needs to know of its policy. */
export type ItemWithPolicy = ItemRow & {
  policyStatus: PolicyStatus;
  policyTitle: string;
  policyValidFrom: Date | null;
  policyValidUntil: Date | null;
};

export interface PolicyFilter {
  keyword?: string | null;
  departmentCode?: string | null;
  countyCode?: string | null;
  industry?: string | null;
  scale?: string | null;
  tag?: string | null;
  /** Policies valid at this instant (validity covers it). */
  validAt?: Date | null;
  status?: PolicyStatus | null;
}

/** Sort key of every policy list: newest documents first. */
export const POLICY_ORDER = [policies.issuedAt, policies.id];
export const policyCursor = (p: PolicyRow): unknown[] => [p.issuedAt, p.id];
/** Sort key of a keyword search: relevance tier, then newest first. */
export const rankedCursor = (p: RankedPolicyRow): unknown[] => [p.rank, p.issuedAt, p.id];

/**
 * The largest candidate set a keyword search ranks: the newest matches up to this many. A term found in a fifth of a
 * province-wide library (4,000 of 20,000) still ranks 1,000 rows, not all of them.
 */
export const SEARCH_CANDIDATES = 1000;

const published = eq(policies.status, 'PUBLISHED');
const searchText = sql`${policies.title} || chr(10) || ${policies.summary} || chr(10) || ${policies.body}`;

/** Conditions of the filter other than the keyword. */
function filterCondition(filter: PolicyFilter): SQL | undefined {
  return and(
    filter.departmentCode ? eq(policies.departmentCode, filter.departmentCode) : undefined,
    filter.countyCode ? eq(policies.countyCode, filter.countyCode) : undefined,
    // A policy without industries (or sizes) applies to every industry (or size).
    filter.industry
      ? or(arrayContains(policies.industries, [filter.industry]), sql`cardinality(${policies.industries}) = 0`)
      : undefined,
    filter.scale
      ? or(arrayContains(policies.scales, [filter.scale]), sql`cardinality(${policies.scales}) = 0`)
      : undefined,
    filter.tag ? arrayContains(policies.tags, [filter.tag]) : undefined,
    filter.validAt
      ? and(
          or(isNull(policies.validFrom), lte(policies.validFrom, filter.validAt)),
          or(isNull(policies.validUntil), gt(policies.validUntil, filter.validAt)),
        )
      : undefined,
    filter.status ? eq(policies.status, filter.status) : undefined,
  );
}

/** `column @> ARRAY[grams]`: the GIN-indexable half of a keyword match. */
export function bigramsContain(column: AnyColumn, grams: Iterable<string>): SQL {
  const list = [...grams].map((g) => sql`${g}`);
  return sql`${column} @> ARRAY[${sql.join(list, sql`, `)}]::text[]`;
}

/** The bigrams of a keyword as the database computes them (lower-cased, none containing white space). */
export function keywordBigrams(keyword: string): Set<string> {
  const chars = [...keyword.toLowerCase()];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    if (!/\s/.test(gram)) grams.add(gram);
  }
  return grams;
}

/**
 * The keyword condition: every character bigram of the keyword is in the row's bigram array (served by the GIN
 * index), rechecked by ILIKE for keywords longer than two characters (their bigrams may sit apart in the text).
 */
function keywordCondition(keyword: string): SQL {
  const grams = keywordBigrams(keyword);
  const contains = bigramsContain(policies.searchBigrams, grams);
  return [...keyword].length === 2 && grams.size === 1
    ? contains
    : and(contains, sql`${searchText} ilike ${containsPattern(keyword)}`)!;
}

export class PolicyStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  /** The same store on a transaction. */
  withTx(tx: Database): PolicyStore {
    return new PolicyStore(tx, this.principal);
  }

  /** The caller's scope beyond published policies (`undefined`: all). */
  private scope(): SQL | undefined {
    return readScope(
      this.principal,
      { departmentCode: policies.departmentCode, countyCode: policies.countyCode },
      MODULE_SCOPE,
    );
  }

  /** Policies the caller may read: every published or expired one, plus those of the caller's scope. */
  private visible(): SQL | undefined {
    const scope = this.scope();
    return scope === undefined ? undefined : or(published, eq(policies.status, 'EXPIRED'), scope);
  }

  /** listPolicies: one page of visible policies, newest documents first. */
  list(filter: PolicyFilter, page: Page): Promise<PolicyRow[]> {
    return this.db
      .select(POLICY_COLUMNS)
      .from(policies)
      .where(and(this.visible(), filterCondition(filter), afterCursor(POLICY_ORDER, page.after, 'desc')))
      .orderBy(...orderBy(POLICY_ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countPolicies: visible policies matching the filter. */
  async count(filter: PolicyFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(policies)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** The bounded candidate set of a keyword search: the newest matches, with what their relevance is judged on. */
  private candidates(keyword: string, filter: PolicyFilter) {
    return this.db
      .select({ id: policies.id, issuedAt: policies.issuedAt, title: policies.title, summary: policies.summary })
      .from(policies)
      .where(and(this.visible(), filterCondition(filter), keywordCondition(keyword)))
      .orderBy(desc(policies.issuedAt), desc(policies.id))
      .limit(SEARCH_CANDIDATES);
  }

  /**
   * searchPolicies: one page of a keyword search over title, summary and full text, title matches first, then
   * summary matches, then the rest, newest first within each; ranked among the newest `SEARCH_CANDIDATES` matches. One
   * statement: the candidates are found once, ranked (ILIKE on those only), the page is cut, and only its rows are read
   * whole; `total` counts the candidates. It is null when the page is empty after a cursor (`countSearch` then).
   */
  async search(
    keyword: string,
    filter: PolicyFilter,
    page: Page,
  ): Promise<{ rows: RankedPolicyRow[]; total: number | null }> {
    const pattern = containsPattern(keyword);
    const after = page.after;
    const cursor = after ? sql`where (rank, issued_at, id) < (${after[0]}, ${after[1]}, ${after[2]})` : sql``;
    const rows = await executeRows(
      this.db,
      sql`with candidates as ${this.candidates(keyword, filter)},
        ranked as (select id, issued_at,
          case when title ilike ${pattern} then 2 when summary ilike ${pattern} then 1 else 0 end as rank
          from candidates),
        page as (select * from ranked ${cursor} order by rank desc, issued_at desc, id desc limit ${page.limit + 1})
      select ${POLICY_READ.list}, page.rank as qq_rank, (select count(*) from candidates) as qq_total
      from page join ${policies} on ${policies.id} = page.id
      order by page.rank desc, page.issued_at desc, page.id desc`,
    );
    const total = rows.length > 0 ? Number(rows[0]!.qq_total) : after ? null : 0;
    return { rows: rows.map((r) => ({ ...POLICY_READ.decode(r), rank: Number(r.qq_rank) })), total };
  }

  /** countSearch: matches of a keyword search, at most `SEARCH_CANDIDATES`. */
  async countSearch(keyword: string, filter: PolicyFilter): Promise<number> {
    const c = this.candidates(keyword, filter).as('candidates');
    const [row] = await this.db.select({ n: count() }).from(c);
    return Number(row?.n ?? 0);
  }

  /** explainSearch: the plan of a keyword search's candidate query (for the test that the index serves it). */
  async explainSearch(keyword: string, filter: PolicyFilter): Promise<string> {
    const c = this.candidates(keyword, filter).as('candidates');
    const result = await this.db.execute(sql`explain select * from ${c}`);
    const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
    return (rows as Array<Record<string, string>>).map((r) => Object.values(r)[0]).join('\n');
  }

  /** findPoliciesByIds: visible policies among these ids. */
  findByIds(ids: readonly string[]): Promise<PolicyRow[]> {
    return this.db
      .select(POLICY_COLUMNS)
      .from(policies)
      .where(and(anyOf(policies.id, ids), this.visible()));
  }

  /** listLatePolicyDrafts: unpublished policies of the caller's scope past their 24-hour deadline, oldest first. */
  listLateDrafts(now: Date, page: Page): Promise<PolicyRow[]> {
    const order = [policies.publishDeadlineAt, policies.id];
    return this.db
      .select(POLICY_COLUMNS)
      .from(policies)
      .where(
        and(
          this.scope() ?? sql`true`,
          inArray(policies.status, ['DRAFT', 'PENDING_REVIEW']),
          lte(policies.publishDeadlineAt, now),
          afterCursor(order, page.after, 'asc'),
        ),
      )
      .orderBy(...orderBy(order, 'asc'))
      .limit(page.limit + 1);
  }

  /** countLatePolicyDrafts */
  async countLateDrafts(now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(policies)
      .where(
        and(
          this.scope() ?? sql`true`,
          inArray(policies.status, ['DRAFT', 'PENDING_REVIEW']),
          lte(policies.publishDeadlineAt, now),
        ),
      );
    return Number(row?.n ?? 0);
  }

  /** listPublishedPoliciesByDepartments: the first `limit + 1` published policies of each department. */
  async listPublishedByDepartments(codes: readonly string[], limit: number): Promise<PolicyRow[]> {
    return firstRowsPerKey(
      this.db,
      policies,
      policies.departmentCode,
      orderBy(POLICY_ORDER, 'desc'),
      and(published, anyOf(policies.departmentCode, codes)),
      limit + 1,
    );
  }

  /** countPublishedPoliciesByDepartments */
  async countPublishedByDepartments(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: policies.departmentCode, n: count() })
      .from(policies)
      .where(and(published, anyOf(policies.departmentCode, codes)))
      .groupBy(policies.departmentCode);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /** countPublishedPoliciesByCounties: policies issued for each unit (410400: the city's own). */
  async countPublishedByCounties(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: policies.countyCode, n: count() })
      .from(policies)
      .where(and(published, anyOf(policies.countyCode, codes)))
      .groupBy(policies.countyCode);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /**
   * findItemsByPolicyIds: the items of these policies in the guide's order. Only called for policies the caller was
   * allowed to read, so the items inherit that check.
   */
  findItemsByPolicyIds(policyIds: readonly string[]): Promise<ItemRow[]> {
    return this.db
      .select()
      .from(redemptionItems)
      .where(anyOf(redemptionItems.policyId, policyIds))
      .orderBy(asc(redemptionItems.policyId), asc(redemptionItems.sortOrder), asc(redemptionItems.id));
  }

  /** findVersionsByPolicyIds: every version of these policies (already read by the caller), oldest first. */
  findVersionsByPolicyIds(policyIds: readonly string[]): Promise<PolicyVersionRow[]> {
    return this.db
      .select()
      .from(policyVersions)
      .where(anyOf(policyVersions.policyId, policyIds))
      .orderBy(asc(policyVersions.policyId), asc(policyVersions.version));
  }

  /** findEventsByPolicyIds: the transitions of these policies (already read by the caller), oldest first. */
  findEventsByPolicyIds(policyIds: readonly string[]): Promise<PolicyEventRow[]> {
    return this.db
      .select()
      .from(policyEvents)
      .where(anyOf(policyEvents.subjectId, policyIds))
      .orderBy(asc(policyEvents.subjectId), asc(policyEvents.id));
  }

  /**
   * findItemsByIdsOfVisibleParents: items by id, for applications and disclosures the caller was allowed to read (the
   * item an application names is part of what its reader sees).
   */
  findItemsByIds(ids: readonly string[]): Promise<ItemRow[]> {
    return this.db.select().from(redemptionItems).where(anyOf(redemptionItems.id, ids));
  }

  /** findPoliciesOfItems: the policies of items the caller already read (title and state for disclosures). */
  findPoliciesByIdsUnscoped(ids: readonly string[]): Promise<Array<Pick<PolicyRow, 'id' | 'title' | 'status'>>> {
    return this.db
      .select({ id: policies.id, title: policies.title, status: policies.status })
      .from(policies)
      .where(anyOf(policies.id, ids));
  }

  /** findVisibleItemsByIds: items whose policy the caller may read. */
  async findVisibleItemsByIds(ids: readonly string[]): Promise<ItemRow[]> {
    return this.db
      .select(getTableColumns(redemptionItems))
      .from(redemptionItems)
      .innerJoin(policies, eq(policies.id, redemptionItems.policyId))
      .where(and(anyOf(redemptionItems.id, ids), this.visible()));
  }

  /**
   * lockItemForApplication: an item whose policy the caller may read, with its policy's state, both rows
   * share-locked until the transaction ends so the policy cannot be withdrawn while an application for it is written.
   * Null when there is no such item or the caller may not see its policy (an unpublished one).
   */
  async lockItemForApplication(id: string): Promise<ItemWithPolicy | null> {
    const [row] = await this.db
      .select({
        ...getTableColumns(redemptionItems),
        policyStatus: policies.status,
        policyTitle: policies.title,
        policyValidFrom: policies.validFrom,
        policyValidUntil: policies.validUntil,
      })
      .from(redemptionItems)
      .innerJoin(policies, eq(policies.id, redemptionItems.policyId))
      .where(and(eq(redemptionItems.id, id), this.visible()))
      .for('share');
    return row ?? null;
  }

  /** insertPolicy */
  async insertPolicy(values: NewPolicy): Promise<PolicyRow> {
    const [row] = await this.db.insert(policies).values(values).returning(POLICY_COLUMNS);
    return row!;
  }

  /**
   * updatePolicyInState: changes a policy only while it is still in `from` (a concurrent step makes it return null,
   * and the caller answers CONFLICT).
   */
  async updateInState(id: string, from: PolicyStatus, values: Partial<NewPolicy>): Promise<PolicyRow | null> {
    const [row] = await this.db
      .update(policies)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(policies.id, id), eq(policies.status, from)))
      .returning(POLICY_COLUMNS);
    return row ?? null;
  }

  /** insertItems */
  async insertItems(values: NewItem[]): Promise<void> {
    if (values.length > 0) await this.db.insert(redemptionItems).values(values);
  }

  /** deleteItemsOfPolicy: the items of a draft being revised (a draft was never published: no application names them). */
  async deleteItemsOfDraft(policyId: string): Promise<void> {
    await this.db.delete(redemptionItems).where(eq(redemptionItems.policyId, policyId));
  }

  /** insertPolicyVersion */
  async insertVersion(values: NewPolicyVersion): Promise<void> {
    await this.db.insert(policyVersions).values(values);
  }

  /** insertPolicyEvent */
  async insertEvent(values: NewPolicyEvent): Promise<void> {
    await this.db.insert(policyEvents).values(values);
  }

  /** enqueuePolicyMessages: outbox rows, in the caller's transaction. */
  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.db, outbox, messages);
  }
}

/** Statements of the scheduled jobs: they act for the system, unscoped, inside the job's transaction. */
export class PolicyJobStore {
  constructor(private readonly db: Database) {}

  /** expirePolicies: published policies whose validity ended by `now` become EXPIRED; returns them. */
  async expire(now: Date): Promise<PolicyRow[]> {
    return this.db
      .update(policies)
      .set({ status: 'EXPIRED', expiredAt: now, updatedAt: now })
      .where(and(published, lte(policies.validUntil, now)))
      .returning(POLICY_COLUMNS);
  }

  /** claimPublishReminders: unpublished policies due within `before` and not yet reminded; marks them reminded. */
  async claimReminders(now: Date, before: Date): Promise<PolicyRow[]> {
    return this.db
      .update(policies)
      .set({ remindedAt: now })
      .where(
        and(
          inArray(policies.status, ['DRAFT', 'PENDING_REVIEW']),
          isNull(policies.remindedAt),
          gt(policies.publishDeadlineAt, now),
          lte(policies.publishDeadlineAt, before),
        ),
      )
      .returning(POLICY_COLUMNS);
  }

  /** insertPolicyEvents */
  async insertEvents(values: NewPolicyEvent[]): Promise<void> {
    if (values.length > 0) await this.db.insert(policyEvents).values(values);
  }

  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.db, outbox, messages);
  }
}
