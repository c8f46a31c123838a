/** The demo seed: callable inside a transaction, deterministic, spread over the twelve units, readable through GraphQL. */
import type { Database } from '@qq/db/client';
import { financingNeeds, opportunities, parks } from '@qq/db/schema/commerce';
import { demoEnterprises } from '@qq/db/seed';
import { COUNTY_CODES } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc } from 'drizzle-orm';
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
});
