/** The demo seed of the policies schema: deterministic, spread over the units, consistent, and served by the graph. */
import type { Database } from '@qq/db/client';
import { demoEnterprises } from '@qq/db/seed';
import { eligibilityRules, entitlements, policies, redemptionApplications } from '@qq/db/schema/policies';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { count, eq } from 'drizzle-orm';
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

  it('has 免申即享 rules and entitlements in every state, officials and visits, served by the graph', async () => {
    const analyst = await tokenFor({ sub: 'analyst-1', role: 'analyst' });
    const res = await execute(
      server,
      `{ entitlements(first: 100) { totalCount nodes { status rule { version } application { status origin } } }
         serviceOfficials { totalCount }
         officialAssignments(first: 100) { nodes { status } }
         visits(first: 100) { totalCount nodes { status visitedAt problems { description } followUps { note } } } }`,
      { token: analyst },
    );
    expect(res.errors).toBeUndefined();
    const data = res.data as {
      entitlements: {
        nodes: Array<{
          status: string;
          rule: { version: number };
          application: { status: string; origin: string } | null;
        }>;
      };
      serviceOfficials: { totalCount: number };
      officialAssignments: { nodes: Array<{ status: string }> };
      visits: {
        totalCount: number;
        nodes: Array<{ status: string; visitedAt: string; problems: unknown[]; followUps: unknown[] }>;
      };
    };
    const states = (list: Array<{ status: string }>) => [...new Set(list.map((n) => n.status))].sort();
    expect(states(data.entitlements.nodes)).toEqual(['CONFIRMED', 'DECLINED', 'ENTITLED']);
    const apps = data.entitlements.nodes.flatMap((n) => (n.application ? [n.application] : []));
    expect(apps.every((a) => a.origin === 'ENTITLEMENT')).toBe(true);
    expect(states(apps)).toEqual(['ACCEPTED', 'COMPLETED']);
    expect(data.serviceOfficials.totalCount).toBe(3);
    expect(states(data.officialAssignments.nodes)).toEqual(['ACTIVE', 'ENDED']);
    expect(states(data.visits.nodes)).toEqual(['CLOSED', 'FOLLOWING_UP', 'RECORDED']);
    expect(data.visits.nodes.every((v) => v.visitedAt >= '2026-10' && v.visitedAt < '2026-12')).toBe(true);
    expect(data.visits.nodes.some((v) => v.problems.length > 0 && v.followUps.length > 0)).toBe(true);
    // The demo rules are valid: the calculator explains them for an entitled enterprise.
    const rules = await conn.select().from(eligibilityRules);
    expect(rules.length).toBe(3);
    const [entitled] = await conn.select().from(entitlements).where(eq(entitlements.status, 'ENTITLED')).limit(1);
    const calc = await execute(
      server,
      `query($c: String) { exemptionCalculator(creditCode: $c) { items { eligible item { id } } } }`,
      { token: analyst, variables: { c: entitled!.enterpriseCode } },
    );
    expect(calc.errors).toBeUndefined();
    const items = (calc.data as { exemptionCalculator: { items: Array<{ eligible: boolean; item: { id: string } }> } })
      .exemptionCalculator.items;
    expect(items).toHaveLength(3);
    expect(items.find((i) => i.item.id === entitled!.itemId)?.eligible).toBe(true);
  });
});
