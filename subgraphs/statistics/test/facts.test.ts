/**
 * The fact feed of 免申即享 (`Enterprise.statisticalFacts`): the 四上 flag and the latest complete year's accepted
 * figures, for the enterprise itself, lead staff of its county, analysts, admins and machine callers (`system`).
 */
import type { Database } from '@qq/db/client';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { creditCode, registerRecord, report, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>> & { system: string };

// A: 叶县 industry since 2019 with reports for 2024 and 2025; B: 郏县 services, no complete year; D: never registered.
const A = creditCode('410422');
const B = creditCode('410425');
const D = creditCode('410422');

const ind = { enterpriseCode: A, countyCode: '410422', category: 'INDUSTRY' as const, formCode: 'B203-1' };

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await registerRecord(conn, { ...ind, since: '2019-01-01', until: '2022-12-31' });
  await registerRecord(conn, { ...ind, since: '2023-01-01' });
  await registerRecord(conn, { enterpriseCode: B, countyCode: '410425', category: 'SERVICES', since: '2026-01-01' });
  // 2025: February (covering January) to December accepted, 1,000.50 千元 a month and 150 persons at the end.
  for (let m = 2; m <= 12; m++) {
    const period = `2025-${String(m).padStart(2, '0')}`;
    await report(conn, {
      ...ind,
      period,
      status: 'ACCEPTED',
      revenue: 1000.5,
      employees: 100 + m * 4 + 2,
      version: m === 6 ? 2 : 1,
    });
  }
  // Neither an earlier version replaced by a correction nor a report still waiting is counted.
  await report(conn, { ...ind, period: '2025-06', status: 'ACCEPTED', version: 1, current: false, revenue: 99999 });
  await report(conn, { ...ind, formCode: 'B204-1', period: '2025-12', status: 'SUBMITTED', outputValue: 777 });
  // 2024's December is accepted too, but 2025 is the latest complete year; 2026 has no December yet.
  await report(conn, { ...ind, period: '2024-12', status: 'ACCEPTED', revenue: 5, employees: 90 });
  await report(conn, { ...ind, period: '2026-10', status: 'ACCEPTED', revenue: 3000, employees: 170 });
  await report(conn, {
    enterpriseCode: B,
    countyCode: '410425',
    category: 'SERVICES',
    formCode: 'F203',
    period: '2026-09',
    status: 'ACCEPTED',
    revenue: 500,
    employees: 20,
  });
  const base = await roleTokens(A, B);
  tokens = {
    ...base,
    system: await tokenFor({ sub: 'policies-matcher', role: 'system', dept: 'wrzwq', county: '410400' }),
  };
  server = createServer({ db: await db.connectAs('statistics') });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const FACTS = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Enterprise { creditCode statisticalFacts { aboveScale aboveScaleSince annualRevenue employees period } }
  }
}`;
type Facts = { creditCode: string; statisticalFacts: Record<string, unknown> | null };
const refs = (...codes: string[]) => ({ r: codes.map((creditCode) => ({ __typename: 'Enterprise', creditCode })) });

const factsOfA = {
  aboveScale: true,
  aboveScaleSince: '2023-01-01',
  annualRevenue: 11 * 1000.5 * 1000,
  employees: 150,
  period: '2025',
};

describe('Enterprise.statisticalFacts', () => {
  it('gives the register flag and the latest complete year, summed from accepted current versions, in yuan', async () => {
    const res = await execute<{ _entities: Facts[] }>(server, FACTS, {
      token: tokens.system,
      variables: refs(A, B, D),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { creditCode: A, statisticalFacts: factsOfA },
      // In the register since 2026, no December accepted yet.
      {
        creditCode: B,
        statisticalFacts: {
          aboveScale: true,
          aboveScaleSince: '2026-01-01',
          annualRevenue: null,
          employees: null,
          period: null,
        },
      },
      {
        creditCode: D,
        statisticalFacts: {
          aboveScale: false,
          aboveScaleSince: null,
          annualRevenue: null,
          employees: null,
          period: null,
        },
      },
    ]);
  });

  it('answers each role: own enterprise, lead staff of its county, analysts, admins, system; refuses the rest', async () => {
    type Role = keyof typeof tokens;
    const expected: Record<Role, 'facts' | 'null' | 'FORBIDDEN' | 'UNAUTHENTICATED'> = {
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: 'facts',
      enterpriseB: 'FORBIDDEN',
      countyClerk: 'facts',
      cityStaff: 'facts',
      otherStaff: 'FORBIDDEN',
      analyst: 'facts',
      admin: 'facts',
      person: 'FORBIDDEN',
      system: 'facts',
    };
    for (const [role, want] of Object.entries(expected) as Array<[Role, (typeof expected)[Role]]>) {
      const res = await execute<{ _entities: Facts[] }>(server, FACTS, { token: tokens[role], variables: refs(A) });
      // The enterprise itself still resolves: the refused field is nullable.
      expect(res.data!._entities[0]!.creditCode, role).toBe(A);
      if (want === 'facts') {
        expect(res.errors, role).toBeUndefined();
        expect(res.data!._entities[0]!.statisticalFacts, role).toEqual(factsOfA);
      } else {
        expect(res.data!._entities[0]!.statisticalFacts, role).toBeNull();
        expect(res.errors?.[0]?.extensions?.code, role).toBe(want);
      }
    }
  });

  it('is null, not an error, for lead staff of another county', async () => {
    const clerk = await tokenFor({ sub: 'stats-jiaxian', role: 'staff', dept: 'stats', county: '410425' });
    const res = await execute<{ _entities: Facts[] }>(server, FACTS, { token: clerk, variables: refs(A, B) });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e.statisticalFacts === null)).toEqual([true, false]);
  });
});
