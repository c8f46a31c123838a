/**
 * A department's copy of each enterprise's county and industry (`enterprise_industries`, `@qq/db/schema/common`), for
 * its aggregates' grouping, refreshed through the graph from the owners and never read from their tables: the
 * registry's county and industry code (platform, `Query.enterprises`) and the class 统计局 assigned the enterprise as a
 * statistical unit (statistics, `Enterprise.statisticalUnit`, public). The same approach as the 免申即享 facts
 * snapshot of the policies subgraph: read page by page through the gateway as the department's `system` client before
 * the job's transaction opens, then written in it.
 */
import type { Database } from '@qq/db/client';
import type { enterpriseIndustryTable } from '@qq/db/schema/common';
import { sql } from 'drizzle-orm';
import { CITY_CODE, signDevToken, type DepartmentCode } from './auth.ts';
import type { Tx } from './workflow.ts';

export type EnterpriseIndustryTable = ReturnType<typeof enterpriseIndustryTable>;

/** One enterprise as the feed delivers it. */
export interface EnterpriseIndustry {
  creditCode: string;
  countyCode: string;
  /** The registry's GB/T 4754 code (a section letter or finer). */
  industryCode: string;
  /** The statistical unit's class; null: not classified; undefined: statistics did not answer (keep the old one). */
  unitIndustryCode: string | null | undefined;
}

export interface IndustryFeed {
  pages(): AsyncIterable<EnterpriseIndustry[]>;
}

export interface IndustryFeedOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** The bearer token of the calling system. */
  token: () => Promise<string>;
  /** Enterprises per request (the registry allows up to 500). */
  pageSize?: number;
  fetch?: typeof fetch;
}

interface GraphResponse {
  data?: {
    enterprises?: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        creditCode: string;
        county: { code: string };
        industry: { code: string };
        statisticalUnit?: { industryCode: string } | null;
      }>;
    };
  } | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }>;
}

const REGISTRY_FIELDS = 'creditCode county { code } industry { code }';
const UNIT_FIELDS = 'statisticalUnit { industryCode }';

/** The feed through the gateway, page by page. */
export function graphIndustryFeed(options: IndustryFeedOptions): IndustryFeed {
  const pageSize = options.pageSize ?? 500;
  const doFetch = options.fetch ?? fetch;
  let withUnits = true;
  const ask = async (after: string | null): Promise<GraphResponse> => {
    const fields = withUnits ? `${REGISTRY_FIELDS} ${UNIT_FIELDS}` : REGISTRY_FIELDS;
    const query = `query EnterpriseIndustries($first: Int, $after: String) { enterprises(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`;
    const res = await doFetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
      body: JSON.stringify({ query, variables: { first: pageSize, after } }),
    });
    const body = (await res.json()) as GraphResponse;
    const invalid = body.errors?.some(
      (e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && e.message.includes('statisticalUnit'),
    );
    if (withUnits && invalid) {
      // The graph has no statistics (yet): the registry's particulars alone, the classes kept as they are.
      withUnits = false;
      return ask(after);
    }
    if (!body.data?.enterprises) {
      throw new Error(`industry feed: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`}`);
    }
    return body;
  };
  return {
    async *pages() {
      let after: string | null = null;
      for (;;) {
        const body = await ask(after);
        const page = body.data!.enterprises!;
        // Enterprises whose class came back with an error keep the class the copy has.
        const failed = new Set(
          (body.errors ?? [])
            .filter((e) => e.path?.includes('statisticalUnit'))
            .map((e) => e.path?.[2])
            .filter((i): i is number => typeof i === 'number'),
        );
        yield page.nodes.map((n, i): EnterpriseIndustry => ({
          creditCode: n.creditCode,
          countyCode: n.county.code,
          industryCode: n.industry.code,
          unitIndustryCode: withUnits && !failed.has(i) ? (n.statisticalUnit?.industryCode ?? null) : undefined,
        }));
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
        after = page.pageInfo.endCursor;
      }
    },
  };
}

/**
 * The feed as a running subgraph configures it: `REGISTRY_GRAPH_URL` (default the local gateway,
 * `http://127.0.0.1:$PORT/graphql`) and the department's `system` token from `tokenVariable` (issued by the identity
 * provider; without it one is signed with `JWT_SECRET`, as in development).
 */
export function industryFeedFromEnv(
  client: { dept: DepartmentCode; sub: string; tokenVariable: string },
  env: NodeJS.ProcessEnv = process.env,
): IndustryFeed {
  const url = env.REGISTRY_GRAPH_URL ?? `http://127.0.0.1:${env.PORT ?? 4000}/graphql`;
  const given = env[client.tokenVariable];
  const token = given
    ? () => Promise.resolve(given)
    : () => signDevToken({ sub: client.sub, role: 'system', dept: client.dept, county: CITY_CODE });
  return graphIndustryFeed({ url, token });
}

/** Every record of a feed. */
export async function collectIndustries(feed: IndustryFeed): Promise<EnterpriseIndustry[]> {
  const all: EnterpriseIndustry[] = [];
  for await (const page of feed.pages()) all.push(...page);
  return all;
}

const CHUNK = 1000;

/**
 * Writes the records into the copy: new enterprises added, known ones updated; a record without an answer from
 * statistics keeps the class the copy has. Returns how many records were written.
 */
export async function storeIndustries(
  db: Database | Tx,
  table: EnterpriseIndustryTable,
  records: readonly EnterpriseIndustry[],
  now: Date,
): Promise<{ records: number }> {
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    for (const known of [true, false]) {
      const rows = chunk
        .filter((r) => (r.unitIndustryCode !== undefined) === known)
        .map((r) => ({
          creditCode: r.creditCode,
          countyCode: r.countyCode,
          industryCode: r.industryCode,
          unitIndustryCode: r.unitIndustryCode ?? null,
          refreshedAt: now,
        }));
      if (rows.length === 0) continue;
      await db
        .insert(table)
        .values(rows)
        .onConflictDoUpdate({
          target: table.creditCode,
          set: {
            countyCode: sql`excluded.county_code`,
            industryCode: sql`excluded.industry_code`,
            refreshedAt: sql`excluded.refreshed_at`,
            ...(known ? { unitIndustryCode: sql`excluded.unit_industry_code` } : {}),
          },
        });
    }
  }
  return { records: records.length };
}
