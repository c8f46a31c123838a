/** The demo seed: callable inside a transaction, deterministic, spread over the twelve units, readable through GraphQL. */
import type { Database } from '@qq/db/client';
import { financingNeeds, opportunities, parks } from '@qq/db/schema/commerce';
import { demoEnterprises } from '@qq/db/seed';
import { COUNTY_CODES, rowsOf } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The seed is not a package export of @qq/db (db/src/seed/index.ts wires the department seeds).
import { seedCommerce } from '../../../db/src/seed/commerce.ts';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: ReturnType<TestDatabase['connect']>;
let server: ReturnType<typeof createServer>;
const list = demoEnterprises(300);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('seedCommerce', () => {
  it('seeds the same rows every time, inside a transaction', async () => {
    const snapshot = async (d: Database = conn) => ({
      parks: await d.select({ id: parks.id, name: parks.name }).from(parks).orderBy(asc(parks.id)),
      opportunities: await d
        .select({ id: opportunities.id, title: opportunities.title, status: opportunities.status })
        .from(opportunities)
        .orderBy(asc(opportunities.id)),
      needs: await d
        .select({ id: financingNeeds.id, amount: financingNeeds.amount })
        .from(financingNeeds)
        .orderBy(asc(financingNeeds.id)),
    });
    class Rollback extends Error {}
    let first: Awaited<ReturnType<typeof snapshot>> | null = null;
    await conn
      .transaction(async (tx) => {
        await seedCommerce(tx, list);
        first = await snapshot(tx);
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect((await snapshot()).parks).toEqual([]);
    await conn.transaction((tx) => seedCommerce(tx, list));
    const second = await snapshot();
    expect(second).toEqual(first);
    expect(second.parks.length).toBeGreaterThanOrEqual(15);
    expect(second.opportunities.length).toBeGreaterThan(150);
    expect(second.needs.length).toBe(82);
  });

  it('serves the seeded parks and opportunities over the twelve units', async () => {
    const res = await execute<{
      parks: { totalCount: number; nodes: Array<{ name: string; level: string; county: { code: string } }> };
      opportunities: { totalCount: number; nodes: Array<{ county: { code: string } }> };
    }>(
      server,
      `{ parks(first: 100) { totalCount nodes { name level county { code } } }
         opportunities(first: 100, filter: { status: PUBLISHED }) { totalCount nodes { county { code } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.parks.nodes[0]).toMatchObject({ name: '平顶山高新技术产业开发区', level: 'NATIONAL' });
    expect(res.data!.parks.nodes.map((p) => p.name)).toContain('叶县产业集聚区');
    expect(new Set(res.data!.parks.nodes.map((p) => p.county.code))).toEqual(new Set(COUNTY_CODES));
    expect(res.data!.opportunities.totalCount).toBeGreaterThan(80);

    const admin = await tokenFor({ sub: 'admin', role: 'admin', county: '410400' });
    const all = await execute<{ opportunities: { totalCount: number }; financingNeeds: { totalCount: number } }>(
      server,
      `{ opportunities { totalCount } financingNeeds { totalCount } }`,
      { token: admin },
    );
    expect(all.data!.financingNeeds.totalCount).toBe(82);
    const counties = await execute<{ _entities: Array<{ currentOpportunityCount: number }> }>(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { currentOpportunityCount } } }`,
      { variables: { r: COUNTY_CODES.map((code) => ({ __typename: 'County', code })) } },
    );
    for (const c of counties.data!._entities) expect(c.currentOpportunityCount).toBeGreaterThan(0);
  });

  it('fills every list and every state, with histories that agree with the rows', async () => {
    const q = async (text: string) => rowsOf<Record<string, unknown>>(await conn.execute(sql.raw(text)));
    const states = async (table: string) =>
      (await q(`select distinct status from commerce.${table} order by status`)).map((r) => r.status);
    expect(await states('parks')).toEqual(['DRAFT', 'EXPIRED', 'PUBLISHED', 'WITHDRAWN']);
    expect(await states('investment_projects')).toEqual(['DRAFT', 'EXPIRED', 'PUBLISHED', 'WITHDRAWN']);
    expect(await states('opportunities')).toEqual(['EXPIRED', 'PENDING', 'PUBLISHED', 'REJECTED', 'WITHDRAWN']);
    expect(await states('bank_products')).toEqual([
      'DRAFT',
      'EXPIRED',
      'PENDING',
      'PUBLISHED',
      'REJECTED',
      'WITHDRAWN',
    ]);
    expect(await states('financing_needs')).toEqual(['CLOSED', 'FUNDED', 'MATCHED', 'OPEN']);
    expect(await states('financing_applications')).toEqual([
      'APPROVED',
      'DECLINED',
      'DISBURSED',
      'SUBMITTED',
      'WITHDRAWN',
    ]);
    for (const [table, events, versions] of [
      ['parks', 'park_events', 'park_versions'],
      ['investment_projects', 'investment_project_events', 'investment_project_versions'],
      ['opportunities', 'opportunity_events', 'opportunity_versions'],
      ['bank_products', 'bank_product_events', 'bank_product_versions'],
      ['financing_needs', 'financing_need_events', null],
      ['financing_applications', 'financing_application_events', null],
    ] as const) {
      // The last event of every row ends in the row's state; every version up to the row's is kept.
      const mismatched =
        await q(`select t.id from commerce.${table} t join lateral (select to_status from commerce.${events} e
        where e.subject_id = t.id order by e.id desc limit 1) last on true where last.to_status <> t.status`);
      expect(mismatched, table).toEqual([]);
      const withoutEvents = await q(`select id from commerce.${table} t
        where not exists (select 1 from commerce.${events} e where e.subject_id = t.id)`);
      expect(withoutEvents, table).toEqual([]);
      if (versions) {
        const missing = await q(`select id from commerce.${table} t
          where (select count(*) from commerce.${versions} v where v.subject_id = t.id) <> t.version`);
        expect(missing, table).toEqual([]);
        const updated = await q(`select count(*) as n from commerce.${table} where version > 1`);
        expect(Number(updated[0]!.n), table).toBeGreaterThan(0);
      }
    }
    // Current listings stay current well after the demo's now; relative to it, some were kept up to date, some not.
    const demoNow = "timestamptz '2026-11-27 10:00+08'";
    for (const table of ['parks', 'investment_projects', 'bank_products']) {
      const [row] = await q(`select count(*) filter (where revised_at < ${demoNow} - interval '90 days') as stale,
        count(*) filter (where revised_at >= ${demoNow} - interval '90 days') as fresh,
        min(expires_on) filter (where status = 'PUBLISHED') as first_expiry from commerce.${table} where status = 'PUBLISHED'`);
      expect(Number(row!.stale), table).toBeGreaterThan(0);
      expect(Number(row!.fresh), table).toBeGreaterThan(0);
      expect(String(row!.first_expiry) >= '2027-01-01', table).toBe(true);
    }
    const [interests] = await q(`select count(*) as n from commerce.opportunity_interests`);
    expect(Number(interests!.n)).toBeGreaterThan(10);
    // The demo enterprise (the first) has a post of each state of moderation, interest shown in its post and its own
    // interest, an open need and an application waiting for an answer.
    const demo = list[0]!.creditCode;
    expect(
      (await q(`select status from commerce.opportunities where enterprise_code = '${demo}' order by status`)).map(
        (r) => r.status,
      ),
    ).toEqual(expect.arrayContaining(['PENDING', 'PUBLISHED', 'REJECTED']));
    expect(
      (await q(`select 1 from commerce.opportunity_interests where owner_code = '${demo}'`)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      (await q(`select 1 from commerce.opportunity_interests where enterprise_code = '${demo}'`)).length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      await q(`select 1 from commerce.financing_needs where enterprise_code = '${demo}' and status = 'OPEN'`),
    ).not.toHaveLength(0);
    expect(
      await q(
        `select 1 from commerce.financing_applications where enterprise_code = '${demo}' and status = 'SUBMITTED'`,
      ),
    ).toHaveLength(1);
  });
});
