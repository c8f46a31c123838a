/**
 * The enterprise facts snapshot (企业画像) that eligibility rules read, refreshed from the facts' owners through the
 * graph: registry particulars from platform (`Query.enterprises`), and the 四上 flag and figures from statistics
 * (`Enterprise.statisticalFacts`, readable by the `system` role) with the industry class of the statistical unit
 * (`Enterprise.statisticalUnit`, public; the policy aggregates group by it). Never read from their tables.
 *
 * The feed pages through the gateway as the `system` client of 万人助万企办. While the graph has no
 * `statisticalFacts` (statistics publishes none yet), the feed asks without it and the snapshot keeps the statistics it
 * had. A record whose statistics came back refused or failed keeps its previous ones too.
 */
import type { Database } from '@qq/db/client';
import { enterpriseFacts } from '@qq/db/schema/policies';
import { CITY_CODE, signDevToken } from '@qq/kit';
import { inArray, sql } from 'drizzle-orm';

/**
 * What statistics publishes of an enterprise (`Enterprise.statisticalFacts`); null values: nothing published for it.
 * `annualRevenue` is in yuan (元), as statistics' SDL documents it.
 */
export interface StatisticalFacts {
  aboveScale: boolean | null;
  aboveScaleSince: string | null;
  annualRevenue: number | null;
  employees: number | null;
  period: string | null;
}

/**
 * Statistics' facts in the snapshot's units: as `StatisticalFacts`, but `annualRevenue` in 10,000 yuan (万元), the unit
 * of the rule language's fact `annualRevenue`.
 */
export type SnapshotStatistics = StatisticalFacts;

/** Yuan (元) to 10,000 yuan (万元), to the snapshot column's two decimals (100 yuan). */
export function yuanToWan(yuan: number | null): number | null {
  return yuan === null ? null : Math.round(yuan / 100) / 100;
}

/** Statistics' facts as published, converted to the snapshot's units (revenue ÷ 10,000). */
export function snapshotStatistics(published: StatisticalFacts): SnapshotStatistics {
  return { ...published, annualRevenue: yuanToWan(published.annualRevenue) };
}

/** One enterprise as the feed delivers it. */
export interface FactRecord {
  creditCode: string;
  name: string;
  countyCode: string;
  industryCode: string;
  scale: string;
  registeredCapital: number | null;
  establishedOn: string | null;
  /**
   * Statistics' facts in the snapshot's units (`annualRevenue` in 万元; the feed converts statistics' yuan).
   * `undefined`: statistics' facts were not available (absent from the graph, or refused): keep the old ones.
   */
  statistics?: SnapshotStatistics | null;
  /**
   * The industry class of the statistical unit (such as C3311); null when statistics has not classified the
   * enterprise; `undefined` when statistics did not answer: keep the old one.
   */
  unitIndustryCode?: string | null;
}

/** A source of enterprise facts, page by page. */
export interface FactFeed {
  pages(): AsyncIterable<FactRecord[]>;
}

const REGISTRY_FIELDS = 'creditCode name county { code } industry { code } scale registeredCapital establishedOn';
const STATISTICS_FIELDS =
  'statisticalFacts { aboveScale aboveScaleSince annualRevenue employees period } statisticalUnit { industryCode }';

interface GraphEnterprise {
  creditCode: string;
  name: string;
  county: { code: string };
  industry: { code: string };
  scale: string;
  registeredCapital: number | null;
  establishedOn: string | null;
  statisticalFacts?: StatisticalFacts | null;
  statisticalUnit?: { industryCode: string } | null;
}

interface GraphResponse {
  data?: {
    enterprises?: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: GraphEnterprise[];
    };
  } | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }>;
}

export interface GraphFeedOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** The bearer token of the calling system. */
  token: () => Promise<string>;
  /** Enterprises per request (the registry allows up to 500). */
  pageSize?: number;
  fetch?: typeof fetch;
}

/**
 * The feed through the gateway. Configuration (environment, `graphFactFeedFromEnv`): `FACTS_GRAPH_URL` (default the
 * local gateway, `http://127.0.0.1:$PORT/graphql`), `FACTS_GRAPH_TOKEN` (a token of a `system` client of `wrzwq`
 * issued by the identity provider; without it one is signed with `JWT_SECRET`, as in development).
 */
export function graphFactFeed(options: GraphFeedOptions): FactFeed {
  const pageSize = options.pageSize ?? 500;
  const doFetch = options.fetch ?? fetch;
  let withStatistics = true;
  const ask = async (after: string | null): Promise<GraphResponse> => {
    const fields = withStatistics ? `${REGISTRY_FIELDS} ${STATISTICS_FIELDS}` : REGISTRY_FIELDS;
    const query = `query ExemptionFacts($first: Int, $after: String) { enterprises(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`;
    const res = await doFetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
      body: JSON.stringify({ query, variables: { first: pageSize, after } }),
    });
    const body = (await res.json()) as GraphResponse;
    const invalid = body.errors?.some(
      (e) =>
        e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' &&
        (e.message.includes('statisticalFacts') || e.message.includes('statisticalUnit')),
    );
    if (withStatistics && invalid) {
      // Statistics does not publish the field (yet): ask for the registry's particulars alone.
      withStatistics = false;
      return ask(after);
    }
    if (!body.data?.enterprises) {
      throw new Error(`facts feed: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`}`);
    }
    return body;
  };
  return {
    async *pages() {
      let after: string | null = null;
      for (;;) {
        const body = await ask(after);
        const page = body.data!.enterprises!;
        // Enterprises whose statistics came back with an error keep the statistics the snapshot has.
        const failedOn = (field: string) =>
          new Set(
            (body.errors ?? [])
              .filter((e) => e.path?.includes(field))
              .map((e) => e.path?.[2])
              .filter((i): i is number => typeof i === 'number'),
          );
        const failed = failedOn('statisticalFacts');
        const unitFailed = failedOn('statisticalUnit');
        yield page.nodes.map((n, i): FactRecord => ({
          creditCode: n.creditCode,
          name: n.name,
          countyCode: n.county.code,
          industryCode: n.industry.code,
          scale: n.scale,
          registeredCapital: n.registeredCapital,
          establishedOn: n.establishedOn,
          statistics:
            withStatistics && !failed.has(i)
              ? n.statisticalFacts
                ? snapshotStatistics(n.statisticalFacts)
                : null
              : undefined,
          unitIndustryCode:
            withStatistics && !unitFailed.has(i) ? (n.statisticalUnit?.industryCode ?? null) : undefined,
        }));
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
        after = page.pageInfo.endCursor;
      }
    },
  };
}

/** The feed as the running platform configures it (see `graphFactFeed`). */
export function graphFactFeedFromEnv(env: NodeJS.ProcessEnv = process.env): FactFeed {
  const url = env.FACTS_GRAPH_URL ?? `http://127.0.0.1:${env.PORT ?? 4000}/graphql`;
  const token = env.FACTS_GRAPH_TOKEN
    ? () => Promise.resolve(env.FACTS_GRAPH_TOKEN!)
    : () => signDevToken({ sub: 'wrzwq-exemption', role: 'system', dept: 'wrzwq', county: CITY_CODE });
  return graphFactFeed({ url, token });
}

/** Every record of a feed. */
export async function collectFacts(feed: FactFeed): Promise<FactRecord[]> {
  const all: FactRecord[] = [];
  for await (const page of feed.pages()) all.push(...page);
  return all;
}

type FactsInsert = typeof enterpriseFacts.$inferInsert;
type FactsRow = typeof enterpriseFacts.$inferSelect;

function fingerprintOf(r: Omit<FactsInsert, 'fingerprint' | 'changedAt' | 'registryRefreshedAt'>): string {
  return JSON.stringify([
    r.name,
    r.countyCode,
    r.industryCode,
    r.scale,
    r.registeredCapital ?? null,
    r.establishedOn ?? null,
    r.aboveScale ?? null,
    r.aboveScaleSince ?? null,
    r.annualRevenue ?? null,
    r.employees ?? null,
    r.statisticsPeriod ?? null,
  ]);
}

const CHUNK = 1000;

/**
 * Writes the records into the snapshot: new enterprises added, changed ones updated (`changed_at` moves only when a
 * fact changed), statistics kept where the record has none. Returns how many were added and changed.
 */
export async function storeFacts(
  db: Database,
  records: readonly FactRecord[],
  now: Date,
): Promise<{ records: number; added: number; changed: number }> {
  let added = 0;
  let changed = 0;
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    const existing = new Map<string, FactsRow>(
      (
        await db
          .select()
          .from(enterpriseFacts)
          .where(
            inArray(
              enterpriseFacts.creditCode,
              chunk.map((r) => r.creditCode),
            ),
          )
      ).map((r) => [r.creditCode, r]),
    );
    const rows: FactsInsert[] = [];
    for (const r of chunk) {
      const old = existing.get(r.creditCode);
      const s = r.statistics;
      const stats =
        s === undefined
          ? {
              aboveScale: old?.aboveScale ?? null,
              aboveScaleSince: old?.aboveScaleSince ?? null,
              annualRevenue: old?.annualRevenue ?? null,
              employees: old?.employees ?? null,
              statisticsPeriod: old?.statisticsPeriod ?? null,
              statisticsRefreshedAt: old?.statisticsRefreshedAt ?? null,
            }
          : {
              aboveScale: s?.aboveScale ?? null,
              aboveScaleSince: s?.aboveScaleSince ?? null,
              annualRevenue: s?.annualRevenue ?? null,
              employees: s?.employees ?? null,
              statisticsPeriod: s?.period ?? null,
              statisticsRefreshedAt: now,
            };
      const values = {
        creditCode: r.creditCode,
        name: r.name,
        countyCode: r.countyCode,
        industryCode: r.industryCode,
        scale: r.scale,
        registeredCapital: r.registeredCapital,
        establishedOn: r.establishedOn,
        ...stats,
      };
      // Not a fact the rules read: outside the fingerprint, so a new class re-evaluates nothing.
      const unitIndustryCode = r.unitIndustryCode === undefined ? (old?.unitIndustryCode ?? null) : r.unitIndustryCode;
      const fingerprint = fingerprintOf(values);
      if (!old) added++;
      else if (old.fingerprint !== fingerprint) changed++;
      rows.push({
        ...values,
        unitIndustryCode,
        fingerprint,
        registryRefreshedAt: now,
        changedAt: old && old.fingerprint === fingerprint ? old.changedAt : now,
      });
    }
    await db
      .insert(enterpriseFacts)
      .values(rows)
      .onConflictDoUpdate({
        target: enterpriseFacts.creditCode,
        set: {
          name: sql`excluded.name`,
          countyCode: sql`excluded.county_code`,
          industryCode: sql`excluded.industry_code`,
          unitIndustryCode: sql`excluded.unit_industry_code`,
          scale: sql`excluded.scale`,
          registeredCapital: sql`excluded.registered_capital`,
          establishedOn: sql`excluded.established_on`,
          aboveScale: sql`excluded.above_scale`,
          aboveScaleSince: sql`excluded.above_scale_since`,
          annualRevenue: sql`excluded.annual_revenue`,
          employees: sql`excluded.employees`,
          statisticsPeriod: sql`excluded.statistics_period`,
          statisticsRefreshedAt: sql`excluded.statistics_refreshed_at`,
          registryRefreshedAt: sql`excluded.registry_refreshed_at`,
          fingerprint: sql`excluded.fingerprint`,
          changedAt: sql`excluded.changed_at`,
        },
      });
  }
  return { records: records.length, added, changed };
}
