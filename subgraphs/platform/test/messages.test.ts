/**
 * The message centre (myMessages, read state) and the working-day calendar as data (setWorkdayCalendar, its checks,
 * its record of changes, the calendar-check job), through the platform subgraph.
 */
import { calendarDays, jobRuns, messages as centre } from '@qq/db/schema/platform';
import { outbox } from '@qq/db/schema/platform';
import { seedReference } from '@qq/db/seed/platform';
import { demoEnterprises } from '@qq/db/seed';
import { nextYearCalendarMissing, calendarOf, runJobOnce, workdayCalendar, useCalendar } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { MessageCentreProvider } from '@qq/kit/providers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { calendarCheck } from '../src/jobs.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
const [A, B] = demoEnterprises(2).map((e) => e.creditCode) as [string, string];
const tokens = {
  userA1: () => tokenFor({ sub: 'a-1', role: 'enterprise', enterprise: A }),
  userA2: () => tokenFor({ sub: 'a-2', role: 'enterprise', enterprise: A }),
  userB: () => tokenFor({ sub: 'b-1', role: 'enterprise', enterprise: B }),
  clerk: () => tokenFor({ sub: 'clerk-1', role: 'staff', dept: 'ndrc', county: '410422' }),
  otherClerk: () => tokenFor({ sub: 'clerk-2', role: 'staff', dept: 'ndrc', county: '410423' }),
  cityAdmin: () => tokenFor({ sub: 'admin-city', role: 'admin', county: '410400' }),
  countyAdmin: () => tokenFor({ sub: 'admin-yx', role: 'admin', county: '410422' }),
  analyst: () => tokenFor({ sub: 'an-1', role: 'analyst' }),
};

const MY = /* GraphQL */ `
  query My($unreadOnly: Boolean, $first: Int, $after: String) {
    myMessages(unreadOnly: $unreadOnly, first: $first, after: $after) {
      totalCount
      unreadCount
      nodes {
        id
        source
        topic
        title
        body
        readAt
        data {
          key
          value
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

type My = {
  myMessages: {
    totalCount: number;
    unreadCount: number;
    nodes: Array<{ id: string; title: string; readAt: string | null; data: Array<{ key: string; value: string }> }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  } | null;
};

beforeAll(async () => {
  db = await createTestDatabase();
  await seedReference(db.connect());
  server = createServer({ db: await db.connectAs('platform') });
  await server.start();
  // Messages as the subgraphs' workers deliver them.
  const provider = new MessageCentreProvider(db.connect());
  const deliver = (key: string, to: Parameters<typeof provider.deliver>[0]['payload']['to'], title: string) =>
    provider.deliver({
      idempotencyKey: key,
      source: 'complaints',
      topic: 'matter.received',
      payload: {
        channel: 'inbox',
        to,
        template: 't',
        params: {},
        title,
        text: `${title}的正文`,
        data: { matterId: key },
      },
    });
  await deliver('m1', { enterprise: A }, '一');
  await deliver('m2', { enterprise: A }, '二');
  await deliver('m3', { user: 'a-1' }, '三');
  await deliver('m4', { enterprise: B }, '四');
  await deliver('m5', { dept: 'ndrc', county: '410422' }, '五');
  await deliver('m6', { dept: 'bigdata', county: '410400' }, '六');
  // Delivered twice (a redelivery): stored once.
  await deliver('m1', { enterprise: A }, '一');
});
afterAll(async () => {
  await server?.stop();
  useCalendar(null);
  await db?.close();
});

describe('myMessages', () => {
  it("shows an enterprise user their enterprise's messages and their own, newest first, with the unread count", async () => {
    const res = await execute<My>(server, MY, { token: await tokens.userA1() });
    expect(res.errors).toBeUndefined();
    expect(res.data?.myMessages).toMatchObject({ totalCount: 3, unreadCount: 3 });
    expect(res.data?.myMessages?.nodes.map((n) => n.title)).toEqual(['三', '二', '一']);
    expect(res.data?.myMessages?.nodes[2]).toMatchObject({
      source: 'complaints',
      body: '一的正文',
      readAt: null,
      data: [{ key: 'matterId', value: 'm1' }],
    });
    // A colleague of the same enterprise does not see a message to a-1 alone.
    const other = await execute<My>(server, MY, { token: await tokens.userA2() });
    expect(other.data?.myMessages?.nodes.map((n) => n.title)).toEqual(['二', '一']);
    const b = await execute<My>(server, MY, { token: await tokens.userB() });
    expect(b.data?.myMessages?.nodes.map((n) => n.title)).toEqual(['四']);
  });

  it("shows staff their unit's messages, and admins the Big Data Bureau's of their scope", async () => {
    const clerk = await execute<My>(server, MY, { token: await tokens.clerk() });
    expect(clerk.data?.myMessages?.nodes.map((n) => n.title)).toEqual(['五']);
    const other = await execute<My>(server, MY, { token: await tokens.otherClerk() });
    expect(other.data?.myMessages).toMatchObject({ totalCount: 0, nodes: [] });
    const admin = await execute<My>(server, MY, { token: await tokens.cityAdmin() });
    expect(admin.data?.myMessages?.nodes.map((n) => n.title)).toEqual(['六']);
    const analyst = await execute<My>(server, MY, { token: await tokens.analyst() });
    expect(analyst.data?.myMessages?.totalCount).toBe(0);
  });

  it('refuses anonymous callers', async () => {
    const res = await execute<My>(server, MY);
    expect(res.data?.myMessages).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('pages with a cursor', async () => {
    const token = await tokens.userA1();
    const first = await execute<My>(server, MY, { token, variables: { first: 2 } });
    expect(first.data?.myMessages?.pageInfo.hasNextPage).toBe(true);
    const next = await execute<My>(server, MY, {
      token,
      variables: { first: 2, after: first.data?.myMessages?.pageInfo.endCursor },
    });
    expect(next.data?.myMessages?.nodes.map((n) => n.title)).toEqual(['一']);
    const forged = await execute<My>(server, MY, { token, variables: { after: 'bm9wZQ' } });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('marks messages read per user; another user’s or an unknown id is NOT_FOUND', async () => {
    const token = await tokens.userA2();
    const list = await execute<My>(server, MY, { token });
    const [newest] = list.data!.myMessages!.nodes;
    const marked = await execute<{ markMessagesRead: number }>(
      server,
      `mutation($ids: [ID!]!) { markMessagesRead(ids: $ids) }`,
      { token, variables: { ids: [newest!.id] } },
    );
    expect(marked.data?.markMessagesRead).toBe(1);
    const again = await execute<{ markMessagesRead: number }>(
      server,
      `mutation($ids: [ID!]!) { markMessagesRead(ids: $ids) }`,
      { token, variables: { ids: [newest!.id] } },
    );
    expect(again.data?.markMessagesRead).toBe(0);
    const after = await execute<My>(server, MY, { token, variables: { unreadOnly: true } });
    expect(after.data?.myMessages).toMatchObject({ totalCount: 1, unreadCount: 1 });
    expect(after.data?.myMessages?.nodes.map((n) => n.title)).toEqual(['一']);
    // a-1 still has every message of the enterprise unread: read state is per user.
    const a1 = await execute<My>(server, MY, { token: await tokens.userA1() });
    expect(a1.data?.myMessages?.unreadCount).toBe(3);

    const [bMessage] = (await db.connect().select().from(centre).where(eq(centre.idempotencyKey, 'm4'))) ?? [];
    for (const ids of [[String(bMessage!.id)], ['999999'], [newest!.id, String(bMessage!.id)]]) {
      const refused = await execute(server, `mutation($ids: [ID!]!) { markMessagesRead(ids: $ids) }`, {
        token,
        variables: { ids },
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const bad = await execute(server, `mutation { markMessagesRead(ids: ["x"]) }`, { token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids.0' });
    const all = await execute<{ markAllMessagesRead: number }>(server, `mutation { markAllMessagesRead }`, { token });
    expect(all.data?.markAllMessagesRead).toBe(1);
    const none = await execute<My>(server, MY, { token });
    expect(none.data?.myMessages?.unreadCount).toBe(0);
  });
});

const SET = /* GraphQL */ `
  mutation Set($input: SetWorkdayCalendarInput!) {
    setWorkdayCalendar(input: $input) {
      year
      known
      workingDayCount
      days {
        date
        kind
        name
      }
      changes {
        changedBy
        reason
        before {
          date
        }
        after {
          date
          kind
        }
      }
    }
  }
`;

const year2027 = {
  year: 2027,
  reason: '国务院办公厅关于2027年部分节假日安排的通知',
  days: [
    { date: '2027-01-01', kind: 'HOLIDAY', name: '元旦' },
    { date: '2027-02-06', kind: 'HOLIDAY', name: '春节' },
    { date: '2027-02-07', kind: 'HOLIDAY', name: '春节' },
    { date: '2027-02-08', kind: 'HOLIDAY', name: '春节' },
    { date: '2027-02-20', kind: 'WORKDAY', name: '春节调休' },
  ],
};

describe('the working-day calendar', () => {
  it('serves the 2025 and 2026 calendars from the table to anyone', async () => {
    const res = await execute<{
      workdayCalendar: { known: boolean; days: Array<{ date: string }>; workingDayCount: number };
    }>(server, `{ workdayCalendar(year: 2026) { known workingDayCount days { date kind name } changes { reason } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.workdayCalendar).toMatchObject({ known: true, changes: null });
    expect(res.data?.workdayCalendar.days.map((d) => d.date)).toContain('2026-10-01');
    // Counted day by day on the reference calendar.
    let expected = 0;
    for (let d = new Date(Date.UTC(2026, 0, 1)); d.getUTCFullYear() === 2026; d.setUTCDate(d.getUTCDate() + 1)) {
      if (workdayCalendar().isWorkingDay(d.toISOString().slice(0, 10))) expected++;
    }
    expect(res.data?.workdayCalendar.workingDayCount).toBe(expected);
    const unknown = await execute<{ workdayCalendar: { known: boolean; days: unknown[] } }>(
      server,
      `{ workdayCalendar(year: 2031) { known days { date } } }`,
    );
    expect(unknown.data?.workdayCalendar).toEqual({ known: false, days: [] });
  });

  it('lets only city administrators set a year', async () => {
    for (const token of [tokens.countyAdmin, tokens.clerk, tokens.userA1, tokens.analyst]) {
      const res = await execute(server, SET, { token: await token(), variables: { input: year2027 } });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await execute(server, SET, { variables: { input: year2027 } });
    expect(anonymous.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    expect(await db.connect().select().from(calendarDays).where(eq(calendarDays.year, 2027))).toEqual([]);
  });

  it.each([
    [{ year: 2019 }, 'input.year'],
    [{ days: [] }, 'input.days'],
    [{ reason: ' ' }, 'input.reason'],
    [{ days: [{ date: '2027-13-01', kind: 'HOLIDAY' }] }, 'input.days.0.date'],
    [{ days: [{ date: '2027-02-30', kind: 'HOLIDAY' }] }, 'input.days.0.date'],
    [{ days: [{ date: '2026-12-31', kind: 'HOLIDAY' }] }, 'input.days.0.date'],
    [{ days: [{ date: '2027-02-19', kind: 'WORKDAY' }] }, 'input.days.0.kind'],
    [
      {
        days: [
          { date: '2027-01-01', kind: 'HOLIDAY' },
          { date: '2027-01-01', kind: 'HOLIDAY' },
        ],
      },
      'input.days.1.date',
    ],
    [{ days: [{ date: '2027-02-20', kind: 'WORKDAY' }] }, 'input.days'],
  ])('refuses %j naming %s, and changes nothing', async (change, field) => {
    const res = await execute(server, SET, {
      token: await tokens.cityAdmin(),
      variables: { input: { ...year2027, ...change } },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await db.connect().select().from(calendarDays).where(eq(calendarDays.year, 2027))).toEqual([]);
  });

  it("sets next year's calendar, records the change and counts deadlines on it at once", async () => {
    const before = await execute<{ calendarStatus: { knownYears: number[] } }>(
      server,
      `{ calendarStatus { knownYears nextYear nextYearMissing message } }`,
      { token: await tokens.countyAdmin() },
    );
    expect(before.data?.calendarStatus.knownYears).toEqual([2025, 2026]);
    const clerkStatus = await execute(server, `{ calendarStatus { knownYears } }`, { token: await tokens.clerk() });
    expect(clerkStatus.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const res = await execute<{
      setWorkdayCalendar: { known: boolean; days: Array<{ date: string; kind: string }>; changes: unknown[] };
    }>(server, SET, { token: await tokens.cityAdmin(), variables: { input: year2027 } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.setWorkdayCalendar).toMatchObject({
      year: 2027,
      known: true,
      days: year2027.days.map(({ date, kind, name }) => ({ date, kind, name })),
      changes: [
        {
          changedBy: 'admin-city',
          reason: year2027.reason,
          before: [],
          after: year2027.days.map(({ date, kind }) => ({ date, kind })),
        },
      ],
    });
    // This process counts on it now: 2027-02-05 (Friday) + 1 working day skips the Spring Festival days off.
    expect(workdayCalendar().addWorkingDays('2027-02-05', 1)).toBe('2027-02-09');
    expect(workdayCalendar().isWorkingDay('2027-02-20')).toBe(true);

    // A second change keeps the first in the record.
    const second = await execute<{ setWorkdayCalendar: { changes: Array<{ before: unknown[] }> } }>(server, SET, {
      token: await tokens.cityAdmin(),
      variables: { input: { ...year2027, days: year2027.days.slice(0, 1), reason: '更正' } },
    });
    expect(second.data?.setWorkdayCalendar.changes).toHaveLength(2);
    expect(second.data?.setWorkdayCalendar.changes[0]?.before).toHaveLength(5);
    expect(workdayCalendar().addWorkingDays('2027-02-05', 1)).toBe('2027-02-08');

    const after = await execute<{ calendarStatus: { knownYears: number[]; nextYearMissing: boolean } }>(
      server,
      `{ calendarStatus { knownYears nextYearMissing message } }`,
      { token: await tokens.cityAdmin() },
    );
    expect(after.data?.calendarStatus).toEqual({
      knownYears: [2025, 2026, 2027],
      nextYearMissing: false,
      message: null,
    });
  });
});

describe('nextYearCalendarMissing', () => {
  const known = calendarOf([], [2025, 2026]);
  it.each([
    ['2026-10-31T15:59:59Z', false],
    ['2026-10-31T16:00:00Z', true],
    ['2026-12-31T12:00:00Z', true],
    ['2025-11-15T00:00:00Z', false],
    ['2027-03-01T00:00:00Z', false],
  ])('at %s is %s (from 1 November, China time)', (at, missing) => {
    expect(nextYearCalendarMissing(known, new Date(at))).toBe(missing);
  });
});

describe('the calendar-check job', () => {
  it('reminds the city’s Big Data Bureau once a day from 1 November while next year is missing', async () => {
    const conn = db.connect();
    await conn.delete(calendarDays).where(eq(calendarDays.year, 2027));
    const october = await runJobOnce(conn, jobRuns, calendarCheck, new Date('2026-10-20T01:00:00Z'));
    expect(october).toMatchObject({ ran: true, result: { reminded: false } });
    const first = await runJobOnce(conn, jobRuns, calendarCheck, new Date('2026-11-02T01:00:00Z'));
    expect(first).toMatchObject({ ran: true, slot: '2026-11-02', result: { reminded: true, year: 2027 } });
    // The same day again (another process, a redelivery): nothing more.
    const again = await runJobOnce(conn, jobRuns, calendarCheck, new Date('2026-11-02T08:00:00Z'));
    expect(again).toMatchObject({ ran: false });
    const rows = await conn.select().from(outbox).where(eq(outbox.topic, 'calendar.missing'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: 'inbox',
      countyCode: '410400',
      idempotencyKey: 'calendar.missing:2027:2026-11-02',
      payload: { to: { dept: 'bigdata', county: '410400' }, title: '2027年工作日历未录入' },
    });
    await conn.insert(calendarDays).values({ day: '2027-01-01', year: 2027, kind: 'holiday', name: '元旦' });
    const set = await runJobOnce(conn, jobRuns, calendarCheck, new Date('2026-11-03T01:00:00Z'));
    expect(set).toMatchObject({ ran: true, result: { reminded: false } });
  });
});
