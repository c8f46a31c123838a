/**
 * Through the real gateway over HTTP: a caller refused statistical fields still gets the rest of the enterprise, and a
 * machine caller (`system`, the policies subgraph's matching job) reads the fact feed of 免申即享.
 */
import { demoEnterprises } from '@qq/db/seed';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../../tools/src/platform.ts';
import { registerRecord, report } from './factories.ts';

let db: TestDatabase;
let platform: RunningPlatform;
const ENTERPRISES = 24;
const target = demoEnterprises(ENTERPRISES).find((e) => e.countyCode === '410422')!;

type Json = {
  data?: { enterprise: Record<string, unknown> | null } | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
};

async function gql(query: string, variables: Record<string, unknown>, token: string): Promise<Json> {
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Json;
}

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({ handle: db, port: 0, subgraphPorts: 'random', seed: { enterprises: ENTERPRISES } });
  const conn = db.connect({ max: 1 });
  const unit = { enterpriseCode: target.creditCode, countyCode: '410422', category: 'SERVICES' as const };
  await registerRecord(conn, { ...unit, since: '2030-01-01' });
  await report(conn, { ...unit, formCode: 'F203', period: '2030-12', status: 'ACCEPTED', revenue: 250, employees: 12 });
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

const QUERY = `query($c: String!) {
  enterprise(creditCode: $c) { name statisticalReports { totalCount } statisticalFacts { aboveScale employees period } }
}`;

describe('statistics through the gateway', () => {
  it('answers the enterprise to 发改委 county staff, refusing only the statistical fields', async () => {
    const ndrc = await tokenFor({ sub: 'ndrc-yexian', role: 'staff', dept: 'ndrc', county: '410422' });
    const res = await gql(QUERY, { c: target.creditCode }, ndrc);
    expect(res.data!.enterprise).toEqual({ name: target.name, statisticalReports: null, statisticalFacts: null });
    expect(res.errors!.map((e) => [e.path?.join('.'), e.extensions?.code]).sort()).toEqual([
      ['enterprise.statisticalFacts', 'FORBIDDEN'],
      ['enterprise.statisticalReports', 'FORBIDDEN'],
    ]);
  });

  it('gives the fact feed to a machine caller of another department', async () => {
    const system = await tokenFor({ sub: 'policies-matcher', role: 'system', dept: 'wrzwq', county: '410400' });
    const res = await gql(
      `query($c: String!) { enterprise(creditCode: $c) { name statisticalFacts { annualRevenue employees period } } }`,
      { c: target.creditCode },
      system,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.enterprise).toEqual({
      name: target.name,
      statisticalFacts: { annualRevenue: 250_000, employees: 12, period: '2030' },
    });
  });
});
