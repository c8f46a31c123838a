/**
 * Every SQL statement on `commerce.financial_institutions` and `commerce.bank_products`. Institutions and published
 * products are public; a product's other states are read by the institution's staff, 商务局 staff of the
 * institution's unit (the city's: all), admins and analysts. Matching is a condition on the product's ranges and
 * eligibility columns, evaluated in SQL.
 */
import type { Database } from '@qq/db/client';
import { bankProducts, financialInstitutions } from '@qq/db/schema/commerce';
import {
  afterCursor,
  isCurrent,
  orderBy,
  type Page,
  type Principal,
  type PublishedFilter,
  publishedFilter,
  readScope,
  type Tx,
  visibleWhen,
  anyOf,
} from '@qq/kit';
import { and, asc, eq, gte, isNull, lte, or, sql, count, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { COMMERCE_SCOPE, isInstitutionStaff } from '../domain.ts';

export type InstitutionRow = typeof financialInstitutions.$inferSelect;
export type NewInstitution = typeof financialInstitutions.$inferInsert;
export type BankProductRow = typeof bankProducts.$inferSelect;
export type NewBankProduct = typeof bankProducts.$inferInsert;

/** What a product must fit: the particulars of an enterprise and its need (each optional). */
export interface ProductMatch {
  amount?: number | null;
  termMonths?: number | null;
  industryCode?: string | null;
  scale?: string | null;
  yearsInBusiness?: number | null;
  countyCode?: string | null;
  guarantee?: string | null;
}

export interface BankProductFilter extends PublishedFilter, ProductMatch {
  institutionCode?: string | null;
}

const t = bankProducts;
/** Lowest rate first. */
const ORDER = [t.rateMin, t.id];
export const bankProductCursor = (r: BankProductRow): unknown[] => [r.rateMin, r.id];

/** An empty eligibility list admits everybody. */
function admits(column: PgColumn, value: string): SQL {
  return sql`(cardinality(${column}) = 0 or ${value} = any(${column}))`;
}

/** The products an enterprise with these particulars may apply for. */
export function matchCondition(m: ProductMatch): SQL | undefined {
  return and(
    m.amount != null ? and(lte(t.amountMin, m.amount), gte(t.amountMax, m.amount)) : undefined,
    m.termMonths != null ? and(lte(t.termMinMonths, m.termMonths), gte(t.termMaxMonths, m.termMonths)) : undefined,
    m.industryCode ? admits(t.eligibleIndustries, m.industryCode) : undefined,
    m.scale ? admits(t.eligibleScales, m.scale) : undefined,
    m.countyCode ? admits(t.eligibleCounties, m.countyCode) : undefined,
    m.guarantee ? admits(t.acceptedGuarantees, m.guarantee) : undefined,
    m.yearsInBusiness != null
      ? or(isNull(t.minYearsInBusiness), lte(t.minYearsInBusiness, m.yearsInBusiness))
      : undefined,
  );
}

export class BankProductStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): BankProductStore {
    return new BankProductStore(db, this.principal);
  }

  private visible(): SQL | undefined {
    const p = this.principal;
    return visibleWhen(
      eq(t.status, 'PUBLISHED'),
      readScope(p, { departmentCode: t.departmentCode, countyCode: t.countyCode }, COMMERCE_SCOPE),
      isInstitutionStaff(p) ? eq(t.institutionCode, p.enterprise!) : undefined,
    );
  }

  private filterCondition(filter: BankProductFilter, now: Date): SQL | undefined {
    return and(
      filter.institutionCode ? eq(t.institutionCode, filter.institutionCode) : undefined,
      publishedFilter(t, filter, now),
      matchCondition(filter),
    );
  }

  /** findInstitutionsByCodes (public) */
  findInstitutions(codes: readonly string[]): Promise<InstitutionRow[]> {
    return this.db.select().from(financialInstitutions).where(anyOf(financialInstitutions.creditCode, codes));
  }

  /** listInstitutions (public), by name. */
  listInstitutions(): Promise<InstitutionRow[]> {
    return this.db.select().from(financialInstitutions).orderBy(asc(financialInstitutions.name));
  }

  /** insertInstitution: a taken credit code or name is a unique violation. */
  async insertInstitution(values: NewInstitution): Promise<InstitutionRow> {
    const [row] = await this.db.insert(financialInstitutions).values(values).returning();
    if (!row) throw new Error('insertInstitution returned no row');
    return row;
  }

  /** findBankProductsByIds: the visible products among these ids. */
  findByIds(ids: readonly string[]): Promise<BankProductRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.id, ids), this.visible()));
  }

  /** listBankProducts: one page of visible products, lowest rate first. */
  list(filter: BankProductFilter, page: Page, now: Date): Promise<BankProductRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(this.visible(), this.filterCondition(filter, now), afterCursor(ORDER, page.after, 'asc')))
      .orderBy(...orderBy(ORDER, 'asc'))
      .limit(page.limit + 1);
  }

  /** countBankProducts */
  async count(filter: BankProductFilter, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(t)
      .where(and(this.visible(), this.filterCondition(filter, now)));
    return Number(row?.n ?? 0);
  }

  /** matchBankProducts: current products an enterprise with these particulars may apply for, lowest rate first. */
  match(m: ProductMatch, limit: number, now: Date): Promise<BankProductRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(isCurrent(t, now), matchCondition(m)))
      .orderBy(asc(t.rateMin), asc(t.amountMax), asc(t.id))
      .limit(limit);
  }

  /** findPublishedProductsByInstitutions: lowest rate first. */
  findPublishedByInstitutions(codes: readonly string[]): Promise<BankProductRow[]> {
    return this.db
      .select()
      .from(t)
      .where(and(anyOf(t.institutionCode, codes), eq(t.status, 'PUBLISHED')))
      .orderBy(...orderBy(ORDER, 'asc'));
  }

  /** insertBankProduct */
  async insert(values: NewBankProduct): Promise<BankProductRow> {
    const [row] = await this.db.insert(t).values(values).returning();
    if (!row) throw new Error('insertBankProduct returned no row');
    return row;
  }

  /** transitionBankProduct: the change, only if still in the state and version it was read in. */
  async transition(id: string, from: { status: string; version: number }, set: Partial<NewBankProduct>) {
    const [row] = await this.db
      .update(t)
      .set(set)
      .where(and(eq(t.id, id), eq(t.status, from.status), eq(t.version, from.version)))
      .returning();
    return row ?? null;
  }
}
