/**
 * Delivery through the whole platform, as its users meet it: an enterprise submits a matter and finds the
 * confirmation in its messages; an administrator reads the delivery log of every subgraph in their county scope, sees
 * a dead letter and retries it; a city administrator loads next year's calendar and the readiness warning goes,
 * while deadlines already computed stay where they were.
 */
import { demoEnterprises } from '@qq/db/seed';
import { calendarWarnings, useCalendar } from '@qq/kit';
import { RecordingSmsProvider, type SmsProvider } from '@qq/kit/providers';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { smsLog } from '@qq/db/schema/complaints';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

let db: TestDatabase;
let platform: RunningPlatform;
let smsGatewayUp = true;
const [first] = demoEnterprises(1) as [ReturnType<typeof demoEnterprises>[0]];
const enterpriseToken = () => tokenFor({ sub: 'ent-user', role: 'enterprise', enterprise: first.creditCode });
const cityAdmin = () => tokenFor({ sub: 'admin-city', role: 'admin', county: '410400' });

async function gql<T = Record<string, unknown>>(query: string, token?: string, variables?: Record<string, unknown>) {
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

beforeAll(async () => {
  db = await createTestDatabase();
  // The complaints SMS gateway can be switched off to make dead letters.
  const flaky: SmsProvider = {
    name: 'flaky',
    send: async (m) => {
      if (!smsGatewayUp) throw new Error('SMS gateway timed out');
      await new RecordingSmsProvider(db.connect(), smsLog).send(m);
    },
  };
  platform = await startPlatform({
    handle: db,
    port: 0,
    subgraphPorts: 'random',
    seed: { enterprises: 20 },
    // No background pollers: the test drains the queues itself, so it never waits.
    workers: { background: false, retryDelaySeconds: 0, retryLimit: 1, providers: { sms: flaky } },
  });
});
afterAll(async () => {
  await platform?.stop();
  useCalendar(null);
  await db?.close();
});

const drainAll = async () => {
  for (const worker of Object.values(platform.workers)) await worker.drain();
};

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitMatterInput!) {
    submitMatter(input: $input) {
      id
      referenceNo
      dispatchDueAt
    }
  }
`;
const matterInput = (title: string) => ({
  kind: 'REQUEST',
  category: 'GOVERNMENT_SERVICE',
  title,
  content: '营业执照变更申请已提交两周仍未办结。',
  contactName: '王经理',
  contactPhone: '13837501234',
});

describe('delivery through the gateway', () => {
  it("puts the confirmation of a submitted matter in the enterprise's messages and delivers its SMS", async () => {
    const token = await enterpriseToken();
    const submitted = await gql<{ submitMatter: { id: string; referenceNo: string } }>(SUBMIT, token, {
      input: matterInput('营业执照变更慢'),
    });
    expect(submitted.errors).toBeUndefined();
    const referenceNo = submitted.data!.submitMatter.referenceNo;
    await drainAll();

    const mine = await gql<{
      myMessages: { unreadCount: number; nodes: Array<{ source: string; title: string; body: string }> };
    }>(`{ myMessages(first: 5) { unreadCount nodes { source topic title body } } }`, token);
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.myMessages.unreadCount).toBe(1);
    expect(mine.data?.myMessages.nodes[0]).toMatchObject({
      source: 'complaints',
      title: `诉求已收到：${referenceNo}`,
    });
    expect(mine.data?.myMessages.nodes[0]?.body).toContain(referenceNo);

    const log = await gql<{
      deliveries: { complaints: { totalCount: number; nodes: Array<Record<string, unknown>> } };
    }>(
      `{ deliveries { scope complaints(first: 10) { totalCount nodes { channel status recipient attempts } } } }`,
      await cityAdmin(),
    );
    expect(log.errors).toBeUndefined();
    expect(log.data?.deliveries.complaints.nodes).toEqual([
      { channel: 'INBOX', status: 'DELIVERED', recipient: first.creditCode, attempts: 1 },
      { channel: 'SMS', status: 'DELIVERED', recipient: '138****1234', attempts: 1 },
    ]);
  });

  it('lists a dead letter to administrators of its scope, and a retry delivers it', async () => {
    smsGatewayUp = false;
    const submitted = await gql<{ submitMatter: { id: string } }>(SUBMIT, await enterpriseToken(), {
      input: matterInput('用电报装慢'),
    });
    expect(submitted.errors).toBeUndefined();
    await drainAll();

    const DEAD = `{ deliveries { complaints(status: DEAD) { totalCount nodes { id topic status attempts lastError countyCode } } } }`;
    const dead = await gql<{
      deliveries: { complaints: { nodes: Array<{ id: string; countyCode: string; lastError: string }> } };
    }>(DEAD, await cityAdmin());
    expect(dead.data?.deliveries.complaints.nodes).toEqual([
      {
        id: expect.stringMatching(/^complaints:\d+$/),
        topic: 'matter.received',
        status: 'DEAD',
        attempts: 2,
        lastError: 'SMS gateway timed out',
        countyCode: first.countyCode,
      },
    ]);
    const id = dead.data!.deliveries.complaints.nodes[0]!.id;

    // An administrator of another county neither sees nor retries it; staff and enterprises are refused.
    const otherCounty = first.countyCode === '410423' ? '410425' : '410423';
    const otherAdmin = await tokenFor({ sub: 'admin-other', role: 'admin', county: otherCounty });
    const hidden = await gql<{ deliveries: { complaints: { totalCount: number } } }>(DEAD, otherAdmin);
    expect(hidden.data?.deliveries.complaints.totalCount).toBe(0);
    const RETRY = `mutation($ids: [ID!]!) { retryComplaintsDeliveries(ids: $ids) { id status generation } }`;
    expect((await gql<{ retryComplaintsDeliveries: unknown[] }>(RETRY, otherAdmin, { ids: [id] })).data).toEqual({
      retryComplaintsDeliveries: [],
    });
    const clerk = await tokenFor({ sub: 'clerk', role: 'staff', dept: 'ndrc', county: '410400' });
    for (const token of [clerk, await enterpriseToken(), undefined]) {
      const refused = await gql(RETRY, token, { ids: [id] });
      expect(refused.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      const log = await gql(`{ deliveries { complaints { totalCount } } }`, token);
      expect(log.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    const bad = await gql(RETRY, await cityAdmin(), { ids: ['policies:1'] });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids.0' });

    smsGatewayUp = true;
    const retried = await gql<{ retryComplaintsDeliveries: unknown[] }>(RETRY, await cityAdmin(), { ids: [id] });
    expect(retried.data?.retryComplaintsDeliveries).toEqual([{ id, status: 'PENDING', generation: 1 }]);
    await drainAll();
    const after = await gql<{ deliveries: { complaints: { totalCount: number } } }>(DEAD, await cityAdmin());
    expect(after.data?.deliveries.complaints.totalCount).toBe(0);
    const pending = await gql<{ deliveries: Record<string, { totalCount: number }> }>(
      `{ deliveries { platform(status: PENDING) { totalCount } policies(status: PENDING) { totalCount }
         complaints(status: PENDING) { totalCount } commerce(status: PENDING) { totalCount }
         talent(status: PENDING) { totalCount } statistics(status: PENDING) { totalCount } } }`,
      await cityAdmin(),
    );
    expect(Object.values(pending.data!.deliveries).map((c) => c.totalCount)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("loads next year's calendar: readiness stops warning, old deadlines stay, new ones count on it", async () => {
    const health = async () =>
      (await (await fetch(platform.url.replace('/graphql', '/health'))).json()) as { warnings?: string[] };
    // Today's warning, whatever today is (from 1 November while next year is missing).
    expect((await health()).warnings ?? []).toEqual(calendarWarnings());

    const token = await enterpriseToken();
    const before = await gql<{ submitMatter: { id: string; dispatchDueAt: string } }>(SUBMIT, token, {
      input: matterInput('办税窗口排队久'),
    });
    const nextYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;
    const set = await gql(
      `mutation($input: SetWorkdayCalendarInput!) { setWorkdayCalendar(input: $input) { year known } }`,
      await cityAdmin(),
      { input: { year: nextYear, reason: '国务院办公厅通知', days: [{ date: `${nextYear}-01-01`, kind: 'HOLIDAY' }] } },
    );
    expect(set.errors).toBeUndefined();
    expect((await health()).warnings).toBeUndefined();

    // The day the first matter is due to be dispatched becomes a holiday.
    const due = before.data!.submitMatter.dispatchDueAt;
    const dueDay = new Date(Date.parse(due) + 8 * 3600_000).toISOString().slice(0, 10);
    const year = Number(dueDay.slice(0, 4));
    const current = await gql<{
      workdayCalendar: { days: Array<{ date: string; kind: string; name: string | null }> };
    }>(`query($y: Int!) { workdayCalendar(year: $y) { days { date kind name } } }`, undefined, { y: year });
    const days = [...current.data!.workdayCalendar.days, { date: dueDay, kind: 'HOLIDAY', name: '临时休假' }];
    const changed = await gql(
      `mutation($input: SetWorkdayCalendarInput!) { setWorkdayCalendar(input: $input) { year } }`,
      await cityAdmin(),
      { input: { year, reason: '临时调整', days } },
    );
    expect(changed.errors).toBeUndefined();

    // The matter submitted before the change keeps its deadline; one submitted now counts on the new calendar.
    const read = await gql<{ matter: { dispatchDueAt: string } }>(
      `query($id: ID!) { matter(id: $id) { dispatchDueAt } }`,
      token,
      { id: before.data!.submitMatter.id },
    );
    expect(read.data?.matter.dispatchDueAt).toBe(due);
    const after = await gql<{ submitMatter: { dispatchDueAt: string } }>(SUBMIT, token, {
      input: matterInput('办税窗口排队久（再次）'),
    });
    expect(Date.parse(after.data!.submitMatter.dispatchDueAt)).toBeGreaterThan(Date.parse(due));
  });
});
