/** The demo seed of the policies schema: deterministic, spread over the units, consistent, and served by the graph. */
import type { Database } from '@qq/db/client';
import { demoEnterprises } from '@qq/db/seed';
import { policies, redemptionApplications } from '@qq/db/schema/policies';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPolicySeed, seedPolicies } from '../../../db/src/seed/policies.ts';
import { createServer } from '../src/index.ts';

const enterprises = demoEnterprises(300);
let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await conn.transaction((tx) => seedPolicies(tx, enterprises));
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('seedPolicies', () => {
  it('is deterministic and uses only the given enterprises, spread over every unit', () => {
    const one = buildPolicySeed(enterprises);
    expect(buildPolicySeed(enterprises)).toEqual(one);
    const codes = new Set(enterprises.map((e) => e.creditCode));
    expect(one.applications.every((a) => codes.has(a.enterpriseCode))).toBe(true);
    expect(new Set(one.policies.map((p) => p.countyCode)).size).toBe(13);
    expect(new Set(one.applications.map((a) => a.countyCode)).size).toBeGreaterThanOrEqual(12);
    const items = new Map(one.items.map((i) => [i.id, i]));
    for (const a of one.applications) {
      const item = items.get(a.itemId)!;
      expect([a.departmentCode, a.countyCode]).toEqual([item.departmentCode, item.countyCode]);
    }
  });

  it('writes a few dozen policies and a few hundred applications, once', async () => {
    await seedPolicies(conn, enterprises);
    const [p] = await conn.select({ n: count() }).from(policies);
    const [a] = await conn.select({ n: count() }).from(redemptionApplications);
    expect(Number(p!.n)).toBe(buildPolicySeed(enterprises).policies.length);
    expect(Number(p!.n)).toBeGreaterThanOrEqual(30);
    expect(Number(a!.n)).toBeGreaterThanOrEqual(100);
  });

  it('serves published policies, late ones among them, and disclosures to anonymous callers', async () => {
    const res = await execute(
      server,
      `{ policies(first: 100) { totalCount nodes { status publishedLate redemptionItems { name } } }
         redemptionDisclosures(projectName: "2025年度") { totalCount nodes { projectName amountGranted steps { status } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const data = res.data as {
      policies: {
        totalCount: number;
        nodes: Array<{ status: string; publishedLate: boolean; redemptionItems: unknown[] }>;
      };
      redemptionDisclosures: { totalCount: number; nodes: Array<{ steps: Array<{ status: string }> }> };
    };
    // Anonymous callers see published policies and expired ones (still readable, closed to applications).
    expect(
      data.policies.nodes.every((n) => ['PUBLISHED', 'EXPIRED'].includes(n.status) && n.redemptionItems.length > 0),
    ).toBe(true);
    expect(data.policies.nodes.filter((n) => n.status === 'EXPIRED')).toHaveLength(1);
    expect(data.policies.nodes.some((n) => n.publishedLate)).toBe(true);
    expect(data.redemptionDisclosures.totalCount).toBeGreaterThan(10);
    expect(data.redemptionDisclosures.nodes[0]!.steps.at(-1)).toEqual({ status: 'DISCLOSED' });
  });
});
