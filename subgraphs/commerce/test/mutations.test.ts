/** The first workflow steps: submitting an opportunity and raising a financing need, and their validation. */
import type { Database } from '@qq/db/client';
import { financingNeedEvents, financingNeeds, opportunities, opportunityEvents, outbox } from '@qq/db/schema/commerce';
import { chinaDay, makeCreditCode } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { enterpriseA, subgraphConnection } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokenA: string;

const SUBMIT = `mutation($input: SubmitOpportunityInput!) { submitOpportunity(input: $input) {
  id kind title description industryCode industryName status county { code } enterprise { creditCode }
  submittedAt publishedAt expiresOn contactName contactPhone } }`;
const RAISE = `mutation($input: RaiseFinancingNeedInput!) { raiseFinancingNeed(input: $input) {
  id amount purpose termMonths guarantee status county { code } enterprise { creditCode } contactName contactPhone createdAt } }`;

function inDays(n: number): string {
  const d = new Date(`${chinaDay(new Date())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const opportunityInput = {
  kind: 'DEMAND',
  title: '求购己二酸原料',
  description: '年需求己二酸3000吨，要求质量稳定，可签订长期合同。',
  industryCode: 'C',
  expiresOn: inDays(90),
  contactName: '刘志强',
  contactPhone: '0375-2345678',
};
const financingInput = {
  amount: 1500.5,
  purpose: '新建尼龙切片生产线设备购置',
  termMonths: 36,
  guarantee: 'MORTGAGE',
  contactName: '陈海燕',
  contactPhone: '15012345678',
};

async function rowCounts() {
  const one = async (table: typeof opportunities | typeof financingNeeds | typeof outbox) =>
    Number((await conn.select({ n: count() }).from(table))[0]?.n ?? 0);
  return {
    opportunities: await one(opportunities),
    financingNeeds: await one(financingNeeds),
    outbox: await one(outbox),
    events:
      Number((await conn.select({ n: count() }).from(opportunityEvents))[0]?.n ?? 0) +
      Number((await conn.select({ n: count() }).from(financingNeedEvents))[0]?.n ?? 0),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
  tokenA = await tokenFor({ sub: 'user-a', role: 'enterprise', enterprise: enterpriseA.creditCode });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('submitOpportunity', () => {
  it('creates a pending opportunity with its event and the moderators’ notification', async () => {
    const res = await execute<{ submitOpportunity: Record<string, unknown> & { id: string } }>(server, SUBMIT, {
      token: tokenA,
      variables: { input: opportunityInput },
    });
    expect(res.errors).toBeUndefined();
    const created = res.data!.submitOpportunity;
    expect(created).toMatchObject({
      kind: 'DEMAND',
      title: '求购己二酸原料',
      industryCode: 'C',
      industryName: '制造业',
      status: 'PENDING',
      county: { code: '410422' },
      enterprise: { creditCode: enterpriseA.creditCode },
      publishedAt: null,
      expiresOn: inDays(90),
      contactName: '刘志强',
      contactPhone: '0375-2345678',
    });
    expect(Date.now() - Date.parse(created.submittedAt as string)).toBeLessThan(60_000);

    const events = await conn.select().from(opportunityEvents).where(eq(opportunityEvents.subjectId, created.id));
    expect(events).toEqual([
      expect.objectContaining({
        action: 'SUBMIT',
        fromStatus: null,
        toStatus: 'PENDING',
        actor: 'user-a',
        actorRole: 'enterprise',
      }),
    ]);
    const messages = await conn.select().from(outbox).where(eq(outbox.topic, 'opportunity.submitted'));
    const message = messages.find((m) => (m.payload.data as { opportunityId?: string }).opportunityId === created.id);
    expect(message).toMatchObject({
      channel: 'inbox',
      countyCode: '410422',
      status: 'pending',
      deliveredAt: null,
      payload: expect.objectContaining({
        channel: 'inbox',
        to: { dept: 'mofcom', county: '410422' },
        title: '待审核商机：求购己二酸原料',
        data: { opportunityId: created.id },
      }),
    });

    // Not public until moderated; the 叶县 moderator sees it.
    const anonymous = await execute(server, `query($id: ID!) { opportunity(id: $id) { id } }`, {
      variables: { id: created.id },
    });
    expect(anonymous.data).toEqual({ opportunity: null });
    const clerk = await tokenFor({ sub: 'clerk', role: 'staff', dept: 'mofcom', county: '410422' });
    const moderator = await execute(server, `query($id: ID!) { opportunity(id: $id) { id status } }`, {
      token: clerk,
      variables: { id: created.id },
    });
    expect(moderator.data).toEqual({ opportunity: { id: created.id, status: 'PENDING' } });
  });

  it('takes the unit given, and asks for one when the credit code names only the city', async () => {
    const cityCode = makeCreditCode('410400', 4242);
    const token = await tokenFor({ sub: 'user-city', role: 'enterprise', enterprise: cityCode });
    const missing = await execute(server, SUBMIT, { token, variables: { input: opportunityInput } });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.countyCode' });
    const given = await execute<{ submitOpportunity: { county: { code: string } } }>(server, SUBMIT, {
      token,
      variables: { input: { ...opportunityInput, countyCode: '410471' } },
    });
    expect(given.errors).toBeUndefined();
    expect(given.data!.submitOpportunity.county).toEqual({ code: '410471' });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await rowCounts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '短' }, 'input.title'],
      [{ description: '太短了' }, 'input.description'],
      [{ industryCode: 'Z' }, 'input.industryCode'],
      [{ countyCode: '410400' }, 'input.countyCode'],
      [{ countyCode: '110101' }, 'input.countyCode'],
      [{ expiresOn: '2020-01-01' }, 'input.expiresOn'],
      [{ expiresOn: inDays(400) }, 'input.expiresOn'],
      [{ expiresOn: '2026-02-30' }, 'input.expiresOn'],
      [{ expiresOn: 'next week' }, 'input.expiresOn'],
      [{ contactName: '王' }, 'input.contactName'],
      [{ contactPhone: '12345' }, 'input.contactPhone'],
    ];
    for (const [change, field] of cases) {
      const res = await execute(server, SUBMIT, {
        token: tokenA,
        variables: { input: { ...opportunityInput, ...change } },
      });
      expect(res.errors?.[0]?.extensions, JSON.stringify(change)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data).toBeNull();
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('raiseFinancingNeed', () => {
  it('creates an open financing need with its event and a notification', async () => {
    const res = await execute<{ raiseFinancingNeed: Record<string, unknown> & { id: string } }>(server, RAISE, {
      token: tokenA,
      variables: { input: financingInput },
    });
    expect(res.errors).toBeUndefined();
    const created = res.data!.raiseFinancingNeed;
    expect(created).toMatchObject({
      amount: 1500.5,
      purpose: '新建尼龙切片生产线设备购置',
      termMonths: 36,
      guarantee: 'MORTGAGE',
      status: 'OPEN',
      county: { code: '410422' },
      enterprise: { creditCode: enterpriseA.creditCode },
      contactName: '陈海燕',
      contactPhone: '15012345678',
    });
    const events = await conn.select().from(financingNeedEvents).where(eq(financingNeedEvents.subjectId, created.id));
    expect(events).toEqual([
      expect.objectContaining({ action: 'RAISE', fromStatus: null, toStatus: 'OPEN', actor: 'user-a' }),
    ]);
    const raised = await conn.select().from(outbox).where(eq(outbox.topic, 'financingNeed.raised'));
    expect(raised.map((m) => m.payload)).toContainEqual(
      expect.objectContaining({ to: { dept: 'mofcom', county: '410422' }, data: { financingNeedId: created.id } }),
    );
    const received = await conn.select().from(outbox).where(eq(outbox.topic, 'financingNeed.received'));
    expect(received.map((m) => m.payload)).toContainEqual(
      expect.objectContaining({
        to: { enterprise: enterpriseA.creditCode },
        title: '融资需求已发布：1500.5万元',
        data: { financingNeedId: created.id },
      }),
    );

    const own = await execute<{ financingNeeds: { nodes: Array<{ id: string }> } }>(
      server,
      `{ financingNeeds(filter: { status: OPEN }) { nodes { id } } }`,
      { token: tokenA },
    );
    expect(own.data!.financingNeeds.nodes.map((n) => n.id)).toContain(created.id);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await rowCounts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ amount: 0 }, 'input.amount'],
      [{ amount: -5 }, 'input.amount'],
      [{ amount: 1.234 }, 'input.amount'],
      [{ amount: 2_000_000 }, 'input.amount'],
      [{ termMonths: 0 }, 'input.termMonths'],
      [{ termMonths: 400 }, 'input.termMonths'],
      [{ purpose: '资金' }, 'input.purpose'],
      [{ countyCode: '410400' }, 'input.countyCode'],
      [{ contactPhone: '1381234567' }, 'input.contactPhone'],
    ];
    for (const [change, field] of cases) {
      const res = await execute(server, RAISE, {
        token: tokenA,
        variables: { input: { ...financingInput, ...change } },
      });
      expect(res.errors?.[0]?.extensions, JSON.stringify(change)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await rowCounts()).toEqual(before);
  });
});
