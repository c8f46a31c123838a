/**
 * Analysts' aggregates (汇总分析) of a module: counts and sums of its rows grouped by any of department, county-level
 * unit, industry (GB/T 4754-2017, at any level) and month, over a bounded range of months, in one statement per
 * request. What every module shares lives here: the arguments and their checks, who may ask, the industry levels, the
 * statement that sums several kinds of rows (applications, entitlements, visits…) into the same groups, and the page.
 * Only counts and sums leave a module: never a row, a name or a phone number.
 */
import { sql, type SQL } from 'drizzle-orm';
import { CITY_CODE, DEPARTMENTS, type Principal } from './auth.ts';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from './errors.ts';
import { monthRange } from './figures.ts';
import { rowsOf } from './jobs.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { readScope, type ScopeColumns, type ScopePolicy } from './scope.ts';
import { readCountyFilter } from './validation.ts';
import type { Tx } from './workflow.ts';
import type { Database } from '@qq/db/client';

/** The levels of GB/T 4754-2017 (国民经济行业分类): 门类, 大类, 中类, 小类. */
export const INDUSTRY_LEVELS = ['SECTION', 'DIVISION', 'GROUP', 'CLASS'] as const;
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number];

/** Characters of an industry code (letter and digits) that make each level: C, C33, C331, C3311. */
export const INDUSTRY_LEVEL_LENGTH: Record<IndustryLevel, number> = { SECTION: 1, DIVISION: 3, GROUP: 4, CLASS: 5 };

/** [section, first division, last division] */
const SECTIONS: ReadonlyArray<readonly [string, number, number]> = [
  ['A', 1, 5],
  ['B', 6, 12],
  ['C', 13, 43],
  ['D', 44, 46],
  ['E', 47, 50],
  ['F', 51, 52],
  ['G', 53, 60],
  ['H', 61, 62],
  ['I', 63, 65],
  ['J', 66, 69],
  ['K', 70, 70],
  ['L', 71, 72],
  ['M', 73, 75],
  ['N', 76, 79],
  ['O', 80, 82],
  ['P', 83, 83],
  ['Q', 84, 85],
  ['R', 86, 90],
  ['S', 91, 96],
  ['T', 97, 97],
];

function divisionsOf(section: string): string[] {
  const entry = SECTIONS.find(([s]) => s === section);
  if (!entry) return [];
  const out: string[] = [];
  for (let d = entry[1]; d <= entry[2]; d++) out.push(String(d).padStart(2, '0'));
  return out;
}

/**
 * Whether an industry code such as C3311 (`full`: letter and four digits) or a prefix of one such as F52 or K701 has
 * its digits within its section.
 */
export function isIndustryCode(code: string, full: boolean): boolean {
  const m = (full ? /^([A-T])(\d{4})$/ : /^([A-T])(\d{0,4})$/).exec(code);
  if (!m) return false;
  const digits = m[2]!;
  return divisionsOf(m[1]!).some((d) => d.startsWith(digits.slice(0, 2)));
}

/**
 * An industry code cut to a level. The length is inlined (a number from `INDUSTRY_LEVEL_LENGTH`), so the expression
 * reads the same wherever it appears. A code coarser than the level (a registry's section letter) stays as it is.
 */
export function industryAtLevel(code: SQL, level: IndustryLevel): SQL {
  return sql`substr(${code}, 1, ${sql.raw(String(INDUSTRY_LEVEL_LENGTH[level]))})`;
}

/** The month (YYYY-MM, China time, UTC+8) of an instant column, as `monthRange` defines it. */
export function monthOfInstant(column: SQL): SQL {
  return sql`to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;
}

/** The widest range one request may cover: three years of months. */
export const MAX_AGGREGATE_MONTHS = 36;
/** The largest page of groups. */
export const MAX_AGGREGATE_PAGE = 200;

/** Who may read a module's aggregates: staff (their scope), leaders and analysts (the city), admins (their county). */
export const AGGREGATE_ROLES: ReadonlyArray<Principal['role']> = ['staff', 'leader', 'analyst', 'admin'];

/** UNAUTHENTICATED for anonymous callers, FORBIDDEN for enterprises, persons and systems. */
export function requireAggregateReader(principal: Principal): void {
  if (principal.role === 'anonymous') throw new UnauthenticatedError();
  if (!AGGREGATE_ROLES.includes(principal.role)) {
    throw new ForbiddenError(
      'Aggregates are for staff, leaders, analysts and admins (汇总数据仅限工作人员、领导和分析人员).',
    );
  }
}

/**
 * The rows of a table the caller's aggregates count: leaders and analysts every row, admins their county, staff their
 * scope (a lead department's staff every row of their county, other staff their department's in their county).
 */
export function aggregateScope(principal: Principal, cols: ScopeColumns, policy: ScopePolicy): SQL | undefined {
  if (principal.role === 'leader') return undefined;
  return readScope(principal, { departmentCode: cols.departmentCode, countyCode: cols.countyCode }, policy);
}

/** The four dimensions a module's aggregates may be grouped by. */
export type AggregateKey = 'DEPARTMENT' | 'COUNTY' | 'INDUSTRY' | 'MONTH';
export const AGGREGATE_KEYS: readonly AggregateKey[] = ['DEPARTMENT', 'COUNTY', 'INDUSTRY', 'MONTH'];

/** The arguments of every `…Aggregates` field. */
export interface AggregateArgs {
  from: string;
  to: string;
  groupBy: readonly string[];
  industryLevel?: string | null;
  filter?: {
    countyCode?: string | null;
    departmentCode?: string | null;
    industryPrefix?: string | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

/** The arguments, checked. */
export interface AggregateRequest {
  /** First and last month, YYYY-MM. */
  from: string;
  to: string;
  /** The instants the range covers: [start, end). */
  start: Date;
  end: Date;
  /** The dimensions, each once, in the order asked. */
  groupBy: AggregateKey[];
  level: IndustryLevel;
  /** Only this county-level unit; null: every one in the caller's scope (also for 410400). */
  countyCode: string | null;
  departmentCode: string | null;
  /** Only industry codes starting with this (C, C33…). */
  industryPrefix: string | null;
  first: number;
  offset: number;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** Checks the arguments: BAD_USER_INPUT naming the field. */
export function parseAggregateArgs(args: AggregateArgs): AggregateRequest {
  const { from: start } = monthRange(args.from, 'from');
  const { to: end } = monthRange(args.to, 'to');
  const span = monthIndex(args.to) - monthIndex(args.from) + 1;
  if (span < 1) throw new BadUserInputError('to', 'must not be before `from`');
  if (span > MAX_AGGREGATE_MONTHS) {
    throw new BadUserInputError('to', `the range may cover at most ${MAX_AGGREGATE_MONTHS} months`);
  }
  const groupBy: AggregateKey[] = [];
  for (const d of args.groupBy) {
    if (!(AGGREGATE_KEYS as readonly string[]).includes(d)) throw new BadUserInputError('groupBy', 'unknown dimension');
    if (!groupBy.includes(d as AggregateKey)) groupBy.push(d as AggregateKey);
  }
  const level = (args.industryLevel ?? 'SECTION') as IndustryLevel;
  if (!INDUSTRY_LEVELS.includes(level)) throw new BadUserInputError('industryLevel', 'unknown');
  const f = args.filter ?? {};
  const county = readCountyFilter(f.countyCode, 'filter.countyCode');
  const departmentCode = f.departmentCode ?? null;
  if (departmentCode !== null && !(DEPARTMENTS as readonly string[]).includes(departmentCode)) {
    throw new BadUserInputError('filter.departmentCode', `must be one of ${DEPARTMENTS.join(', ')}`);
  }
  const industryPrefix = f.industryPrefix ?? null;
  if (industryPrefix !== null && !isIndustryCode(industryPrefix, false)) {
    throw new BadUserInputError('filter.industryPrefix', 'must be a GB/T 4754 code or prefix, such as C or C33');
  }
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 0 || first > MAX_AGGREGATE_PAGE) {
    throw new BadUserInputError('first', `must be an integer from 0 to ${MAX_AGGREGATE_PAGE}`);
  }
  const offset = args.after ? Number(decodeCursor(args.after, 1)[0]) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new BadUserInputError('after', 'is not a cursor of this list');
  return {
    from: args.from,
    to: args.to,
    start,
    end,
    groupBy,
    level,
    countyCode: county === CITY_CODE ? null : county,
    departmentCode,
    industryPrefix,
    first,
    offset,
  };
}

/**
 * One kind of row a module's aggregates count (redemption applications, job postings, financing needs…): where the
 * rows are, which of them count, each dimension's value for a row, and the row's measures.
 */
export interface AggregateSource {
  /** The rows: a table and its joins within the module's own schema. */
  from: SQL;
  /** Conditions on the rows (the caller's scope, the range, the filters); undefined ones are left out. */
  where: ReadonlyArray<SQL | undefined>;
  /** Each dimension's value for a row (industry already cut to the level). */
  keys: Record<AggregateKey, SQL>;
  /** The row's share of each measure it adds to: 1 or 0 for a count, an amount; measures not named add nothing. */
  measures: Record<string, SQL>;
  /** Distinct counts: the value of the row counted once per group (such as its enterprise). */
  distinct?: Record<string, SQL>;
}

/** A group: the values of the dimensions asked (null for the others), and its measures. */
export interface AggregateGroup {
  departmentCode: string | null;
  countyCode: string | null;
  industryCode: string | null;
  month: string | null;
  measures: Record<string, number>;
}

const KEY_COLUMN: Record<AggregateKey, string> = {
  DEPARTMENT: 'k_department',
  COUNTY: 'k_county',
  INDUSTRY: 'k_industry',
  MONTH: 'k_month',
};

/**
 * Sums the sources' rows into the groups of `groupBy` in one statement (each source's rows projected onto the same
 * columns, `union all`, then grouped), ordered by the dimensions in the order asked. Without dimensions: one group of
 * totals, also when nothing counts.
 */
export async function sumAggregateGroups(
  db: Database | Tx,
  sources: readonly AggregateSource[],
  groupBy: readonly AggregateKey[],
  measures: readonly string[],
  distinct: readonly string[] = [],
): Promise<AggregateGroup[]> {
  const branches = sources.map((s) => {
    const keys = AGGREGATE_KEYS.map(
      (k) => sql`${groupBy.includes(k) ? sql`(${s.keys[k]})::text` : sql`null::text`} as ${sql.raw(KEY_COLUMN[k])}`,
    );
    const values = measures.map((m, i) => {
      const value = s.measures[m];
      return sql`${value ? sql`(${value})::numeric` : sql`0::numeric`} as ${sql.raw(`m${i}`)}`;
    });
    const ones = distinct.map((d, i) => {
      const value = s.distinct?.[d];
      return sql`${value ? sql`(${value})::text` : sql`null::text`} as ${sql.raw(`d${i}`)}`;
    });
    const where = s.where.filter((c): c is SQL => c !== undefined);
    return sql`select ${sql.join([...keys, ...values, ...ones], sql`, `)} from ${s.from}${
      where.length ? sql` where ${sql.join(where, sql` and `)}` : sql``
    }`;
  });
  const outKeys = AGGREGATE_KEYS.map(
    (k) => sql`${groupBy.includes(k) ? sql.raw(KEY_COLUMN[k]) : sql`null`} as ${sql.raw(KEY_COLUMN[k])}`,
  );
  const sums = measures.map((_, i) => sql.raw(`coalesce(sum(m${i}), 0) as m${i}`));
  const counts = distinct.map((_, i) => sql.raw(`count(distinct d${i}) as d${i}`));
  const keys = groupBy.map((k) => sql.raw(KEY_COLUMN[k]));
  const result = await db.execute(sql`
    select ${sql.join([...outKeys, ...sums, ...counts], sql`, `)}
    from (${sql.join(branches, sql` union all `)}) as facts
    ${keys.length ? sql`group by ${sql.join(keys, sql`, `)} order by ${sql.join(keys, sql`, `)}` : sql``}
  `);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    departmentCode: text(r.k_department),
    countyCode: text(r.k_county),
    industryCode: text(r.k_industry),
    month: text(r.k_month),
    measures: Object.fromEntries([
      ...measures.map((m, i) => [m, Number(r[`m${i}`])]),
      ...distinct.map((d, i) => [d, Number(r[`d${i}`])]),
    ]) as Record<string, number>,
  }));
}

/** A page of groups as a connection (`from`, `to`, `edges`, `nodes`, `pageInfo`, `totalCount`). */
export function aggregatePage<T>(req: AggregateRequest, groups: readonly T[]) {
  const nodes = groups.slice(req.offset, req.offset + req.first);
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor([req.offset + i + 1]), node }));
  return {
    from: req.from,
    to: req.to,
    edges,
    nodes,
    totalCount: groups.length,
    pageInfo: {
      hasNextPage: req.offset + req.first < groups.length,
      hasPreviousPage: req.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** part / whole, null when there is no whole. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
