/**
 * 免申即享 across departments through the real gateway: the facts snapshot of policies is refreshed by reading the
 * registry (platform) and, where the graph has it, statistics through the gateway as 万人助万企办's system client;
 * the enterprise then asks the calculator through the gateway.
 */
import { demoEnterprises, demoUnitClasses } from '@qq/db/seed';
import { enterpriseFacts } from '@qq/db/schema/policies';
import { collectFacts, graphFactFeed, storeFacts } from '@qq/policies/exemption';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

let db: TestDatabase;
let platform: RunningPlatform;
const enterprises = demoEnterprises(24);

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({ handle: db, port: 0, subgraphPorts: 'random', seed: { enterprises: 24 } });
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

describe('免申即享 facts through the gateway', () => {
  it('refreshes the snapshot from the registry as the system client, and the calculator answers from it', async () => {
    const token = () => tokenFor({ sub: 'wrzwq-exemption', role: 'system', dept: 'wrzwq', county: '410400' });
    const records = await collectFacts(graphFactFeed({ url: platform.url, token, pageSize: 10 }));
    const classes = demoUnitClasses(enterprises);
    for (const e of enterprises) {
      expect(records.find((r) => r.creditCode === e.creditCode)).toMatchObject({
        name: e.name,
        countyCode: e.countyCode,
        industryCode: e.industryCode,
        scale: e.scale,
        establishedOn: e.establishedOn,
        // The statistical unit's class (statistics), which the policy aggregates group by.
        unitIndustryCode: classes.get(e.creditCode) ?? null,
      });
    }
    const conn = db.connect();
    const now = new Date();
    const stored = await storeFacts(conn, records, now);
    expect(stored.records).toBe(records.length);
    const first = enterprises[0]!;
    const [row] = await conn.select().from(enterpriseFacts).where(eq(enterpriseFacts.creditCode, first.creditCode));
    expect(row).toMatchObject({
      countyCode: first.countyCode,
      unitIndustryCode: classes.get(first.creditCode) ?? null,
      registryRefreshedAt: now,
    });

    const res = await fetch(platform.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor({ sub: 'ent', role: 'enterprise', enterprise: first.creditCode })}`,
      },
      body: JSON.stringify({
        query: '{ exemptionCalculator { creditCode facts { county industry scale registryRefreshedAt } } }',
      }),
    });
    const json = (await res.json()) as { data?: unknown; errors?: unknown };
    expect(json.errors).toBeUndefined();
    expect(json.data).toEqual({
      exemptionCalculator: {
        creditCode: first.creditCode,
        facts: {
          county: first.countyCode,
          industry: first.industryCode.slice(0, 1),
          scale: first.scale,
          registryRefreshedAt: now.toISOString(),
        },
      },
    });
  });
});
